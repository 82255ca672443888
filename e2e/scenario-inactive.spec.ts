import { expect, test } from '@myelectricaldata/demo-account/playwright'

// A worker option at the top of the file: this file's tests get workers of their own, whose
// accounts are seeded inactive (and removed when the worker ends).
test.use({
  demoAccountOptions: { scenario: 'inactive' },
  storageState: { cookies: [], origins: [] },
})

test('is refused at login with USER_INACTIVE, which the form shows as wrong credentials', async ({
  page,
  demoAccount,
}) => {
  await page.goto('/login')
  await page.locator('#email').fill(demoAccount.email)
  await page.locator('#password').fill(demoAccount.password)
  const login = page.waitForResponse('**/api/accounts/login')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  const body = await (await login).json()
  expect(body.error.code).toBe('USER_INACTIVE')
  // The app's login page shows one text for every refused login.
  await expect(page.getByRole('alert')).toHaveText('Identifiants invalides')
  await expect(page).toHaveURL(/\/login/)
})
