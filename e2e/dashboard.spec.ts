import { expect, test } from '@myelectricaldata/demo-account/playwright'

// The page starts logged in as the worker's own account, with the first-visit modal dismissed.
test('shows the seeded PDLs and a chart of the year', async ({ page, demoAccount }, testInfo) => {
  await page.goto('/dashboard')
  await expect(page.getByTestId('pdl-card')).toHaveCount(demoAccount.pdls.length)
  for (const pdl of demoAccount.pdls) {
    const card = page.locator(`[data-usage-point-id="${pdl.usagePointId}"]`)
    await expect(card).toContainText(pdl.name ?? '')
    await expect(card.getByTestId(`consumption-chart-${pdl.usagePointId}`)).toBeVisible()
  }
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // The page's total is the sum of the last 365 seeded days.
  const first = demoAccount.readings[0]!
  const lastYear = first.consumption!.daily.slice(-365)
  const kwh = Math.round(lastYear.reduce((sum, day) => sum + day.wh, 0) / 1000)
  await expect(page.getByTestId(`consumption-total-${first.usagePointId}`)).toHaveText(
    `Total: ${kwh} kWh`,
  )

  // Kept as an artifact: test-results/<test>/dashboard.png, and in the HTML report.
  const screenshot = testInfo.outputPath('dashboard.png')
  await page.screenshot({ path: screenshot, fullPage: true })
  await testInfo.attach('dashboard', { path: screenshot, contentType: 'image/png' })
})
