import { demoStorageState, expect, test } from '@myelectricaldata/demo-account/playwright'

test('shows the first-visit modal to a browser that never finished the onboarding', async ({
  browser,
  demoAccount,
  baseURL,
}) => {
  // The fast-path cookie without the onboarding entry the fixtures add.
  const { cookies } = demoStorageState(demoAccount, baseURL!)
  const context = await browser.newContext({ storageState: { cookies, origins: [] } })
  const page = await context.newPage()
  await page.goto('/dashboard')
  await expect(page.getByRole('dialog')).toContainText('Bienvenue sur MyElectricalData')
  await page.getByRole('button', { name: 'Commencer' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await context.close()
})
