import { defineConfig } from 'vitest/config'
import { projectConfig } from '../shared/project-config.ts'

// The global setup seeds the template in the scenarios `provide` asks for; one worker, in order.
export default defineConfig(
  projectConfig({
    globalSetup: true,
    maxWorkers: 1,
    demoAccountOptions: { email: 'scenarios@example.com', scenario: ['rate-limited', 'inactive'] },
  }),
)
