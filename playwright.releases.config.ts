import { demoWebServer } from '@myelectricaldata/demo-account/playwright'
import { defineConfig, devices } from '@playwright/test'
import { browserUse } from './e2e/browser-use.ts'
import { RELEASES } from './e2e/releases.ts'

// The e2e suite against the reference app playing another release than 1.5.0 (e2e/releases.ts):
// one release per run (E2E_RELEASE), because Playwright starts every `webServer` of a config
// whichever project runs, and each one is its own Postgres, Redis and seed.
// scripts/e2e-releases.sh runs them all.

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
