import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// No global setup: the fixture starts the worker's own Postgres and Redis. A test timeout far
// below what that takes (Vitest's default is 5 s): the first test must get the time it needs.
const config = projectConfig({ globalSetup: false, maxWorkers: 1 })
export default defineConfig({ ...config, test: { ...config.test, testTimeout: 1_000 } })
