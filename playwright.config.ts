import { demoWebServer } from '@myelectricaldata/demo-account/playwright'
import { defineConfig, devices } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 8765)
const baseURL = `http://127.0.0.1:${port}`
// CI has no downloaded browsers: MED_DEMO_CHROMIUM points at Debian's chromium. Elsewhere,
// Playwright's own browser is used.
const chromium = process.env.MED_DEMO_CHROMIUM
// The reference app needs Debian's python3 libraries (scripts/prepare-machine.sh --python).
const python = process.env.E2E_PYTHON ?? '/usr/bin/python3'

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    timezoneId: 'Europe/Paris',
    locale: 'fr-FR',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium
      ? {
          executablePath: chromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        }
      : {},
  },
  projects: [
    // Logs into the frontend once through its form, for tests that reuse the saved state.
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], ...(chromium ? { channel: undefined } : {}) },
      dependencies: ['setup'],
    },
    // Runs after every spec: checks that parallel workers had accounts of their own.
    { name: 'isolation', testMatch: /.*\.check\.ts/, dependencies: ['chromium'] },
  ],
  // Starts Postgres and Redis, seeds them, then the backend (here the e2e reference app) with
  // DATABASE_URL, REDIS_URL and SECRET_KEY; stops all of it at the end.
  webServer: demoWebServer({
    command: `${python} e2e/reference-app/server.py`,
    url: `${baseURL}/health`,
    env: { PORT: String(port), HOST: '127.0.0.1' },
  }),
})
