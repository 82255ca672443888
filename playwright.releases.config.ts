import { demoWebServer } from '@myelectricaldata/demo-account/playwright'
import { defineConfig, devices } from '@playwright/test'
import { browserUse } from './e2e/browser-use.ts'

// The e2e suite against the reference app playing another release than 1.5.0: one release per
// run (E2E_RELEASE), because Playwright starts every `webServer` of a config whichever project
// runs, and each one is its own Postgres, Redis and seed. scripts/run-tests.sh runs them all.
const RELEASES = {
  // 1.22.0 with SERVER_MODE=true (from the library's env): 1.5.0's specs, on the head schema.
  '1.22-server': {
    upArgs: ['--app-version', '1.22.0', '--app-mode', 'server'],
    referenceRelease: '1.22',
    testMatch: ['**/dashboard.spec.ts', '**/api.spec.ts', '**/server-1.22.release.ts'],
  },
  // 1.22.0 in client mode, the app's default: no login, the data in Postgres tables.
  '1.22-client': {
    upArgs: ['--app-version', '1.22.0', '--app-mode', 'client'],
    referenceRelease: '1.22',
    testMatch: ['**/client-mode.release.ts'],
  },
  // 1.3.0: head 006, the JWT in localStorage sent as Bearer, no cookie.
  '1.3.0': {
    upArgs: ['--app-version', '1.3.0'],
    referenceRelease: '1.3',
    testMatch: ['**/dashboard.spec.ts', '**/api.spec.ts', '**/local-storage-token.release.ts'],
  },
} as const

type ReleaseName = keyof typeof RELEASES
const name = (process.env.E2E_RELEASE ?? '1.22-client') as ReleaseName
const release = RELEASES[name]
if (!release) {
  throw new Error(
    `E2E_RELEASE=${name}: choose one of ${Object.keys(RELEASES).join(', ')} (1.5.0 is playwright.config.ts)`,
  )
}
const port = Number(process.env.E2E_PORT ?? 8766)
const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/release-${name}`,
  fullyParallel: true,
  workers: 2,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `playwright-report/release-${name}` }],
  ],
  use: browserUse(baseURL),
  projects: [
    { name: `release-${name}`, testMatch: [...release.testMatch], use: devices['Desktop Chrome'] },
  ],
  webServer: demoWebServer({
    command: `${process.env.E2E_PYTHON ?? '/usr/bin/python3'} e2e/reference-app/server.py`,
    url: `${baseURL}/health`,
    upArgs: release.upArgs,
    stateFile: `playwright/.auth/med-demo-${name}.json`,
    // SERVER_MODE comes from the library's env, as the real backend needs it.
    env: { PORT: String(port), REFERENCE_RELEASE: release.referenceRelease },
  }),
})
