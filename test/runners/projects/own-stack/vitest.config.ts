import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// No global setup: the fixture starts the worker's own Postgres and Redis.
export default defineConfig(projectConfig({ globalSetup: false, maxWorkers: 1 }))
