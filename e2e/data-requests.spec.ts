import { expect, test } from '@myelectricaldata/demo-account/playwright'

// The reference app's /consumption_kwh page sends, for the selected PDL, every request the real
// 1.5.0 data pages make (the unified fetch and the page hooks' yearly chunks), computed in the
// browser's local time as the real frontend does, and marks each one served from the cache or not.
test('every request of the data pages is served from the seeded cache, for each PDL', async ({
  page,
  demoAccount,
}) => {
  // Each PDL's requests read three years of days and two of curves, which the reference app
  // decrypts one by one: slow on a loaded machine, so the test gets more than the default 30 s.
  test.setTimeout(300_000)
  await page.goto('/consumption_kwh')
  for (const pdl of demoAccount.pdls) {
    await page.getByLabel('Point de livraison').selectOption(pdl.usagePointId)
    const rows = page.locator(`[data-testid="request"][data-pdl="${pdl.usagePointId}"]`)
    const status = page.getByTestId('requests-status')
    await expect(status).toHaveAttribute('data-pdl', pdl.usagePointId)
    await expect(status).toHaveText(/\d+ requêtes/, { timeout: 140_000 })
    const requests = await rows.evaluateAll((elements) =>
      elements.map((row) => ({ ...(row as HTMLElement).dataset })),
    )
    // Three unified kinds (five with production), then three yearly chunks per daily kind.
    expect(requests).toHaveLength(pdl.hasProduction ? 5 + 9 : 3 + 6)
    expect(requests.filter((r) => r.kind === 'power' && r.origin === 'page hook')).toHaveLength(3)
    expect(requests.filter((request) => request.outcome !== 'cache')).toEqual([])
  }
})
