import { expect, test } from '@myelectricaldata/demo-account/playwright'

test.describe('API', () => {
  test('answers with the seeded readings for the client secret and for the JWT', async ({
    apiRequest,
    jwtRequest,
    demoAccount,
  }) => {
    const meter = demoAccount.readings[0]!
    const days = meter.consumption!.daily.slice(-30)
    const path = `/api/enedis/consumption/daily/${meter.usagePointId}?start=${days[0]!.date}&end=${days.at(-1)!.date}&use_cache=true`
    for (const api of [apiRequest, jwtRequest]) {
      const response = await api.get(path)
      expect(response.status()).toBe(200)
      const body = await response.json()
      expect(body.success).toBe(true)
      expect(body.data.meter_reading.interval_reading).toEqual(
        days.map((day) => ({ value: String(day.wh), date: day.date })),
      )
      expect(body.data.meter_reading.reading_type.unit).toBe('Wh')
    }
  })

  test('lists only the account’s own PDLs', async ({ apiRequest, demoAccount }) => {
    const body = await (await apiRequest.get('/api/pdl')).json()
    expect(body.data.map((pdl: { usage_point_id: string }) => pdl.usage_point_id)).toEqual(
      demoAccount.pdls.map((pdl) => pdl.usagePointId),
    )
  })

  test('serves production from the range key the frontend asks for', async ({
    jwtRequest,
    demoAccount,
  }) => {
    const meter = demoAccount.readings.find((readings) => readings.production)!
    const daily = meter.production!.daily
    const response = await jwtRequest.get(
      `/api/enedis/production/daily/${meter.usagePointId}?start=${daily[0]!.date}&end=${daily.at(-1)!.date}&use_cache=true`,
    )
    const body = await response.json()
    expect(body.success).toBe(true)
    expect(body.data.meter_reading.interval_reading).toHaveLength(daily.length)
  })
})
