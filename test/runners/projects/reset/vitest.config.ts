import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// One worker, the files one after the other: each file's tests run in order.
export default defineConfig(projectConfig({ globalSetup: true, maxWorkers: 1 }))
