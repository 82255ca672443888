import { expect, loginThroughForm, test } from '@myelectricaldata/demo-account/playwright'

test.describe('login form', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('logs in with the seeded password and lands on the dashboard', async ({
    page,
    demoAccount,
  }) => {
    await loginThroughForm(page, demoAccount)
    await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible()
    await expect(page.getByTestId('user-email')).toHaveText(demoAccount.email)
  })

  test("shows the app's error text for a wrong password", async ({ page, demoAccount }) => {
    await page.goto('/login')
    await page.locator('#email').fill(demoAccount.email)
    await page.locator('#password').fill(`${demoAccount.password}-wrong`)
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await expect(page.getByRole('alert')).toHaveText('Identifiants invalides')
    await expect(page).toHaveURL(/\/login/)
  })
})
