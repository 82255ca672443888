import { expect, test } from '@myelectricaldata/demo-account/playwright'
import { GLOBAL_COOKIE_STATE, GLOBAL_FORM_STATE } from './paths.ts'

// Runs in the `global-state` project, which starts from the state `demoGlobalSetup()` wrote.
test('starts logged in as the account the global setup logged in through the form', async ({
  page,
  sharedDemoAccount,
}) => {
  await page.goto('/dashboard')
  await expect(page).toHaveURL((url) => url.pathname === '/dashboard')
  await expect(page.getByTestId('user-email')).toHaveText(sharedDemoAccount.email)
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test.describe('the cookie fast path', () => {
  test.use({ storageState: GLOBAL_COOKIE_STATE })

  test('starts logged in as well, from the JWT alone', async ({ page, sharedDemoAccount }) => {
    await page.goto('/dashboard')
    await expect(page.getByTestId('user-email')).toHaveText(sharedDemoAccount.email)
  })
})

test('the saved states are readable by their owner only', async () => {
  const { stat } = await import('node:fs/promises')
  for (const path of [GLOBAL_FORM_STATE, GLOBAL_COOKIE_STATE]) {
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  }
})
