import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// Two files, two workers, run at the same time (the runner test picks the pool and isolation).
export default defineConfig(projectConfig({ globalSetup: true, maxWorkers: 2 }))
