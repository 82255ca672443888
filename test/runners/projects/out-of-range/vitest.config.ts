import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// Three workers on a Redis the runner test started with fewer databases than that needs.
export default defineConfig(
  projectConfig({
    globalSetup: true,
    maxWorkers: 3,
    demoAccountOptions: { redis: { url: process.env.RUNNER_REDIS_URL } },
  }),
)
