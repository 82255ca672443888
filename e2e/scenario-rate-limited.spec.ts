import { expect, test } from '@myelectricaldata/demo-account/playwright'

// A worker option at the top of the file: this file's tests get workers of their own, whose
// accounts are seeded at the app's daily request limit.
test.use({ demoAccountOptions: { scenario: 'rate-limited' } })

test("shows the app's refusal instead of the consumption chart", async ({ page, demoAccount }) => {
  await page.goto('/dashboard')
  for (const pdl of demoAccount.pdls) {
    await expect(page.getByTestId(`consumption-error-${pdl.usagePointId}`)).toHaveText(
      'Daily rate limit exceeded (1000/1000). Try again tomorrow.',
    )
  }
  await expect(
    page.getByTestId(`consumption-chart-${demoAccount.pdls[0]!.usagePointId}`),
  ).toHaveCount(0)
})
