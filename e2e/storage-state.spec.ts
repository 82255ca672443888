import { expect, test } from '@myelectricaldata/demo-account/playwright'
import { DEMO_STATE } from './paths.ts'

test.describe('saved storage state', () => {
  test.use({ storageState: DEMO_STATE })

  test('opens the dashboard without logging in again', async ({ page, sharedDemoAccount }) => {
    await page.goto('/dashboard')
    await expect(page).toHaveURL((url) => url.pathname === '/dashboard')
    await expect(page.getByTestId('user-email')).toHaveText(sharedDemoAccount.email)
    await expect(page.getByRole('dialog')).toHaveCount(0)
  })
})
