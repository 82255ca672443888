import { expect, test } from '@myelectricaldata/demo-account/playwright'

test('shows the seeded PDLs and a chart of the year, without the first-visit modal', async ({
  page,
  demoAccount,
}, testInfo) => {
  await page.goto('/dashboard')
  const cards = page.getByTestId('pdl-card')
  await expect(cards).toHaveCount(demoAccount.pdls.length)
  for (const pdl of demoAccount.pdls) {
    const card = page.locator(`[data-usage-point-id="${pdl.usagePointId}"]`)
    await expect(card).toContainText(pdl.name ?? '')
    await expect(card.getByTestId(`consumption-chart-${pdl.usagePointId}`)).toBeVisible()
  }
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // The total the page shows is the sum of the seeded daily readings of its last 365 days.
  const first = demoAccount.readings[0]!
  const year = first.consumption!.daily.slice(-365)
  const expectedKwh = Math.round(year.reduce((sum, day) => sum + day.wh, 0) / 1000)
  await expect(page.getByTestId(`consumption-total-${first.usagePointId}`)).toHaveText(
    `Total: ${expectedKwh} kWh`,
  )

  const screenshot = testInfo.outputPath('dashboard.png')
  await page.screenshot({ path: screenshot, fullPage: true })
  await testInfo.attach('dashboard', { path: screenshot, contentType: 'image/png' })
})

test('shows the first-visit modal to a browser that never finished the onboarding', async ({
  browser,
  demoAccount,
  baseURL,
}) => {
  const context = await browser.newContext({
    storageState: {
      cookies: [
        {
          name: 'access_token',
          value: demoAccount.jwt,
          domain: new URL(baseURL!).hostname,
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [],
    },
  })
  const page = await context.newPage()
  await page.goto('/dashboard')
  await expect(page.getByRole('dialog')).toContainText('Bienvenue sur MyElectricalData')
  await context.close()
})
