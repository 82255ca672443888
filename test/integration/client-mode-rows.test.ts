import { describe, expect, it } from 'vitest'
import { detailBatchStart, unifiedDailyRange } from '../../src/app/frontend-requests.ts'
import { appContractFor } from '../../src/app/releases.ts'
import { addDays, dateRange } from '../../src/readings/calendar.ts'
import { contractPlan, writeThroughContract } from './support/contract-seed.ts'
import { query, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

const TODAY = '2026-03-29' // a spring clock change: the day before has 48 slots, this one 46
const client = appContractFor('1.22.0', { mode: 'client' })!
const server = appContractFor('1.22.0')!

describe('client mode (1.22.0): the rows the local-data routes read', () => {
  it('cover every day the frontend asks for exactly once, after seeding twice, with the readings of server mode', async () => {
    const fresh = await stores.fresh()
    const plan = await contractPlan(client, TODAY, 1096)
    await writeThroughContract(fresh.postgresUrl, client, plan)
    await writeThroughContract(fresh.postgresUrl, client, plan)

    const pdls = await query<{ usage_point_id: string; user_id: string; is_active: boolean }>(
      fresh.postgresUrl,
      'SELECT usage_point_id, user_id, is_active FROM pdls ORDER BY usage_point_id',
    )
    expect(pdls.map((p) => [p.user_id, p.is_active])).toEqual(
      pdls.map(() => ['local-client-user', true]),
    )
    const [user] = await query(
      fresh.postgresUrl,
      'SELECT id, email, hashed_password, is_admin FROM users',
    )
    expect(user).toEqual({
      id: 'local-client-user',
      email: 'local@localhost',
      hashed_password: '',
      is_admin: true,
    })

    const daily = unifiedDailyRange(TODAY)
    const dailyDays = dateRange(daily.start, daily.end)
    const detailDays = dateRange(detailBatchStart(TODAY), addDays(TODAY, -1))
    const serverPlan = await contractPlan(server, TODAY, 1096)
    const checked: string[] = []
    for (const meter of plan.readings) {
      const serverMeter = serverPlan.readings.find((m) => m.usagePointId === meter.usagePointId)!
      for (const [table, readings, serverReadings] of [
        ['consumption_data', meter.consumption, serverMeter.consumption],
        ['production_data', meter.production, serverMeter.production],
      ] as const) {
        // A meter without the kind: counted below, not skipped unseen.
        if (!readings) continue
        checked.push(`${meter.usagePointId} ${table}`)
        const perDay = await query<{
          date: string
          granularity: string
          n: number
          distinct_slots: number
        }>(
          fresh.postgresUrl,
          `SELECT to_char(date, 'YYYY-MM-DD') AS date, granularity::text, count(*)::int AS n,
                  count(DISTINCT interval_start)::int AS distinct_slots
           FROM ${table} WHERE usage_point_id = $1 GROUP BY 1, 2 ORDER BY 1`,
          [meter.usagePointId],
        )
        const dailyRows = perDay.filter((row) => row.granularity === 'daily')
        expect(dailyRows.map((row) => [row.date, row.n])).toEqual(dailyDays.map((day) => [day, 1]))
        const detailed = perDay.filter((row) => row.granularity === 'detailed')
        expect(detailed.map((row) => row.date)).toEqual(detailDays)
        expect(detailed.every((row) => row.n === row.distinct_slots)).toBe(true)
        expect(detailed.find((row) => row.date === TODAY)).toBeUndefined()
        expect(detailed.find((row) => row.date === addDays(TODAY, -1))?.n).toBe(48)

        const values = await query<{ date: string; value: number }>(
          fresh.postgresUrl,
          `SELECT to_char(date, 'YYYY-MM-DD') AS date, value FROM ${table}
           WHERE usage_point_id = $1 AND granularity = 'daily' ORDER BY date`,
          [meter.usagePointId],
        )
        expect(values).toEqual(readings.daily.map((day) => ({ date: day.date, value: day.wh })))
        // The same seed gives the same readings in both modes, on every day server mode serves.
        const serverDays = new Map(serverReadings!.daily.map((day) => [day.date, day.wh]))
        expect(values.map((v) => v.value)).toEqual(values.map((v) => serverDays.get(v.date)))
        const serverCurve = serverReadings!.loadCurve.at(-1)!
        const curve = await query<{ slot: string; value: number }>(
          fresh.postgresUrl,
          `SELECT interval_start AS slot, value FROM ${table}
           WHERE usage_point_id = $1 AND granularity = 'detailed' AND date = $2 ORDER BY interval_start`,
          [meter.usagePointId, serverCurve.date],
        )
        expect(curve).toEqual(
          serverCurve.starts.map((start, i) => ({
            slot: start.slice(11, 16),
            value: serverCurve.watts[i],
          })),
        )
      }
    }
    expect(checked).toEqual(
      plan.account.pdls.flatMap((pdl) => [
        ...(pdl.hasConsumption ? [`${pdl.usagePointId} consumption_data`] : []),
        ...(pdl.hasProduction ? [`${pdl.usagePointId} production_data`] : []),
      ]),
    )
    expect(checked.filter((table) => table.endsWith(' production_data'))).not.toHaveLength(0)
    const details = await query(
      fresh.postgresUrl,
      `SELECT c.usage_point_id, c.subscribed_power, c.offpeak_hours, a.city
       FROM contract_data c JOIN address_data a USING (usage_point_id) ORDER BY 1`,
    )
    expect(details).toEqual(
      plan.account.pdls
        .map((pdl) => ({
          usage_point_id: pdl.usagePointId,
          subscribed_power: pdl.subscribedPower,
          offpeak_hours: 'HC (22H00-6H00)',
          city: 'Paris',
        }))
        .sort((a, b) => a.usage_point_id.localeCompare(b.usage_point_id)),
    )
  })

  it('removes the local user, its meters and all their local data', async () => {
    const fresh = await stores.fresh()
    await writeThroughContract(
      fresh.postgresUrl,
      client,
      await contractPlan(client, '2026-06-15', 20),
    )
    const pg = await import('pg')
    const connection = new pg.default.Client(fresh.postgresUrl)
    await connection.connect()
    try {
      const removed = await client.removeAccountRows(connection, 'ignored@example.com')
      expect(removed?.userId).toBe('local-client-user')
    } finally {
      await connection.end()
    }
    const left = await query<{ n: number }>(
      fresh.postgresUrl,
      `SELECT (SELECT count(*) FROM consumption_data) + (SELECT count(*) FROM production_data)
            + (SELECT count(*) FROM contract_data) + (SELECT count(*) FROM address_data)
            + (SELECT count(*) FROM pdls) + (SELECT count(*) FROM users) AS n`,
    )
    expect(Number(left[0]?.n)).toBe(0)
    const roles = await query<{ n: string }>(fresh.postgresUrl, 'SELECT count(*) AS n FROM roles')
    expect(Number(roles[0]?.n)).toBe(3)
  })
})
