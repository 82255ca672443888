import { expect, test } from '@myelectricaldata/demo-account/playwright'

// Runs in a project configured as Playwright's auth docs say: `use: { storageState }` and
// `dependencies: ['setup']`. The saved state wins over the worker's account.
test('opens the dashboard as the account the setup project saved', async ({
  page,
  sharedDemoAccount,
  demoAccount,
}) => {
  await page.goto('/dashboard')
  await expect(page).toHaveURL((url) => url.pathname === '/dashboard')
  await expect(page.getByTestId('user-email')).toHaveText(sharedDemoAccount.email)
  expect(sharedDemoAccount.email).not.toBe(demoAccount.email)
})
