import { expect, test } from '@myelectricaldata/demo-account/playwright'
import type { LoadCurveDay } from '../src/readings/types.ts'

// Run by playwright.releases.config.ts with E2E_RELEASE=1.22-client: the reference app plays
// 1.22.0 in client mode (no SERVER_MODE), which reads the seeded Postgres tables and answers
// GATEWAY_CALL wherever the real app would call the gateway.

/** The day after `day` (YYYY-MM-DD): the app's end dates are exclusive. */
function dayAfter(day: string): string {
  const next = new Date(`${day}T12:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().slice(0, 10)
}

/** The 30-minute readings the app serves for these days: one per slot, the last one kept. */
function curveReadings(days: readonly LoadCurveDay[]) {
  return days.flatMap((day) => {
    const slots = new Map<string, number>()
    day.starts.forEach((start, i) => {
      slots.set(start.slice(0, 16), day.watts[i]!)
    })
    return [...slots].map(([slot, value]) => ({ date: `${slot}:00`, value }))
  })
}

test('the dashboard opens without login and lists the local user’s PDLs', async ({
  page,
  demoAccount,
}) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByTestId('user-email')).toHaveText('local@localhost')
  await expect(page.getByTestId('pdl-card')).toHaveCount(demoAccount.pdls.length)
  for (const pdl of demoAccount.pdls.filter((p) => p.hasConsumption)) {
    await expect(page.getByTestId(`consumption-chart-${pdl.usagePointId}`)).toBeVisible()
    await expect(page.getByTestId(`consumption-partial-${pdl.usagePointId}`)).toHaveCount(0)
  }
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('every request of the 1.22 data pages is served from the tables, with no gateway call', async ({
  page,
  demoAccount,
}) => {
  test.setTimeout(120_000)
  await page.goto('/consumption_kwh')
  for (const pdl of demoAccount.pdls) {
    await page.getByLabel('Point de livraison').selectOption(pdl.usagePointId)
    const status = page.getByTestId('requests-status')
    await expect(status).toHaveAttribute('data-pdl', pdl.usagePointId)
    await expect(status).toHaveText(/\d+ requêtes/, { timeout: 80_000 })
    const requests = await page
      .locator(`[data-testid="request"][data-pdl="${pdl.usagePointId}"]`)
      .evaluateAll((rows) => rows.map((row) => ({ ...(row as HTMLElement).dataset })))
    const kinds = requests.map((request) => request.kind).sort()
    expect(kinds).toEqual(
      [
        'address',
        'contract',
        ...(pdl.hasConsumption
          ? ['consumption/daily', 'consumption/detail/batch', 'consumption/max_power']
          : []),
        ...(pdl.hasProduction ? ['production/daily', 'production/detail/batch'] : []),
      ].sort(),
    )
    // Max power has no local table: the app always asks the gateway, and the page does without.
    for (const request of requests) {
      expect(request.outcome, `${request.kind} ${request.start}..${request.end}`).toBe(
        request.kind === 'consumption/max_power' ? 'GATEWAY_ERROR' : 'cache',
      )
    }
  }
})

test('serves the seeded daily and 30-minute values, the contract and the address', async ({
  page,
  demoAccount,
}) => {
  const api = async (path: string) => {
    const response = await page.request.get(path)
    expect(response.status()).toBe(200)
    const body = await response.json()
    expect(body.error, path).toBeNull()
    expect(body.success).toBe(true)
    return body.data
  }
  const checked: string[] = []
  for (const [i, meter] of demoAccount.readings.entries()) {
    const pdl = demoAccount.pdls[i]!
    for (const [kind, readings] of [
      ['consumption', meter.consumption],
      ['production', meter.production],
    ] as const) {
      // A meter without the kind has no readings of it: counted below, not skipped unseen.
      if (!readings) continue
      checked.push(`${pdl.usagePointId} ${kind}`)
      // Ranges inside the seeded ones: the day after each is seeded too, and must not be served.
      const days = readings.daily.slice(-40, -10)
      const daily = await api(
        `/api/enedis/${kind}/daily/${pdl.usagePointId}?start=${days[0]!.date}&end=${dayAfter(days.at(-1)!.date)}&use_cache=true`,
      )
      expect(daily._from_local_cache).toBe(true)
      expect(daily.meter_reading.reading_type).toEqual({ unit: 'Wh', measurement_kind: 'energy' })
      expect(daily.meter_reading.interval_reading).toEqual(
        days.map((day) => ({ date: day.date, value: day.wh })),
      )
      const curves = readings.loadCurve.slice(-5, -3)
      const detail = await api(
        `/api/enedis/${kind}/detail/batch/${pdl.usagePointId}?start=${curves[0]!.date}&end=${dayAfter(curves.at(-1)!.date)}&use_cache=true`,
      )
      expect(detail.meter_reading.reading_type).toEqual({ unit: 'W', measurement_kind: 'power' })
      expect(detail.meter_reading.interval_reading).toEqual(curveReadings(curves))
    }
    const contract = await api(`/api/enedis/contract/${pdl.usagePointId}`)
    expect(contract.customer.usage_points[0].contracts).toMatchObject({
      subscribed_power: pdl.subscribedPower ? String(pdl.subscribedPower) : null,
      distribution_tariff: pdl.pricingOption,
    })
    const address = await api(`/api/enedis/address/${pdl.usagePointId}`)
    expect(address.customer.usage_points[0].usage_point.usage_point_id).toBe(pdl.usagePointId)
    expect(address.customer.usage_points[0].usage_point_addresses).toMatchObject({
      street: `${pdl.displayOrder} rue de la Démonstration`,
      postal_code: '75001',
      city: 'Paris',
      country: 'France',
    })
  }
  // Every kind the meters' rows say they have, and the default account's solar home produces.
  expect(checked).toEqual(
    demoAccount.pdls.flatMap((pdl) => [
      ...(pdl.hasConsumption ? [`${pdl.usagePointId} consumption`] : []),
      ...(pdl.hasProduction ? [`${pdl.usagePointId} production`] : []),
    ]),
  )
  expect(checked.filter((kind) => kind.endsWith(' production'))).toHaveLength(1)
})

test('a day missing from the tables shows as a gateway call', async ({ page, demoAccount }) => {
  const meter = demoAccount.readings[0]!
  const first = meter.consumption!.daily[0]!.date
  const before = new Date(`${first}T12:00:00Z`)
  before.setUTCDate(before.getUTCDate() - 3)
  const start = before.toISOString().slice(0, 10)
  const response = await page.request.get(
    `/api/enedis/consumption/daily/${meter.usagePointId}?start=${start}&end=${dayAfter(first)}&use_cache=true`,
  )
  const body = await response.json()
  expect(body.error.code).toBe('GATEWAY_CALL')
  expect(body.data._from_local_cache).toBe(false)
  expect(body.data.meter_reading.interval_reading).toEqual([
    { date: first, value: meter.consumption!.daily[0]!.wh },
  ])
})
