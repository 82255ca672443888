/**
 * The releases the e2e suite runs against besides 1.5.0 (playwright.config.ts), each with the
 * `med-demo up` flags that seed for it, the reference app release that plays it, and its specs.
 * playwright.releases.config.ts runs one (E2E_RELEASE); scripts/e2e-releases.sh runs them all.
 */
export const RELEASES = {
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
