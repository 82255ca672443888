import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// Four files, four workers, one global setup.
export default defineConfig(projectConfig({ globalSetup: true, maxWorkers: 4 }))
