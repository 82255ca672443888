import type { PlaywrightTestConfig } from '@playwright/test'

/**
 * The `use` of every e2e config: the frontend at `baseURL`, Paris time like the app's containers,
 * and, without downloaded browsers (as in CI), Debian's chromium from MED_DEMO_CHROMIUM.
 */
export function browserUse(baseURL: string): PlaywrightTestConfig['use'] {
  const chromium = process.env.MED_DEMO_CHROMIUM
  return {
    baseURL,
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    launchOptions: chromium ? { executablePath: chromium, args: ['--no-sandbox'] } : {},
  }
}
