import { demoWebServer } from '@myelectricaldata/demo-account/playwright'
import { defineConfig, devices } from '@playwright/test'
import { DEMO_STATE, GLOBAL_FORM_STATE } from './e2e/paths.ts'

const port = Number(process.env.E2E_PORT ?? 8765)
const baseURL = `http://127.0.0.1:${port}`
// Without downloaded browsers (as in CI), MED_DEMO_CHROMIUM points at Debian's chromium.
const chromium = process.env.MED_DEMO_CHROMIUM

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    launchOptions: chromium ? { executablePath: chromium, args: ['--no-sandbox'] } : {},
  },
  projects: [
    // Logs into the frontend once through its form, for tests that reuse the saved state.
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', use: devices['Desktop Chrome'], dependencies: ['setup'] },
    // Playwright's auth-docs pattern: a project that starts from the state the setup project saved.
    {
      name: 'saved-state',
      testMatch: /.*\.auth\.ts/,
      use: { ...devices['Desktop Chrome'], storageState: DEMO_STATE },
      dependencies: ['setup'],
    },
    // Starts from the state the global setup (below) wrote, before any project ran.
    {
      name: 'global-state',
      testMatch: /.*\.global\.ts/,
      use: { ...devices['Desktop Chrome'], storageState: GLOBAL_FORM_STATE },
    },
    // After every spec: checks that the parallel workers had accounts of their own.
    { name: 'isolation', testMatch: /.*\.check\.ts/, dependencies: ['chromium'] },
  ],
  // Run after the webServer is up: log the demo account in once (through the form, and from the
  // JWT), and save both states for `use: { storageState }`.
  globalSetup: ['./e2e/global-setup.ts', './e2e/global-setup-cookie.ts'],
  // Starts Postgres and Redis, seeds them, then the backend with DATABASE_URL, REDIS_URL and
  // SECRET_KEY, and stops all of it at the end. The backend here is the e2e reference app; yours
  // would be, say, `uvicorn src.main:app --port ${port}`.
  webServer: demoWebServer({
    command: `${process.env.E2E_PYTHON ?? '/usr/bin/python3'} e2e/reference-app/server.py`,
    url: `${baseURL}/health`,
    env: { PORT: String(port) },
  }),
})
