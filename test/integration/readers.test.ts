import {
  type DemoAccount,
  readCachedDaily,
  readCachedLoadCurve,
  readCachedMaxPower,
  readCachedProduction,
} from '@myelectricaldata/demo-account'
import { describe, expect, it } from 'vitest'
import { seedInto } from './support/seed-into.ts'
import { redisClient, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

/** The seeded window of SMALL (40 days before 2026-06-15). */
const FIRST = '2026-05-06'
const LAST = '2026-06-14'

/** What was seeded for a meter, in the shape the readers give, inside a range. */
function seeded(demo: DemoAccount, index: number, from = FIRST, to = LAST) {
  const meter = demo.readings[index]!
  const inRange = <T extends { date: string }>(items: readonly T[]) =>
    items.filter((item) => item.date >= from && item.date <= to)
  const curve = (
    days: readonly { date: string; starts: readonly string[]; watts: readonly number[] }[],
  ) => inRange(days).flatMap((day) => day.starts.map((date, i) => ({ date, value: day.watts[i]! })))
  return {
    daily: inRange(meter.consumption!.daily).map((day) => ({ date: day.date, value: day.wh })),
    curve: curve(meter.consumption!.loadCurve),
    maxPower: inRange(meter.consumption!.maxPower).map((peak) => ({
      date: peak.at,
      value: peak.va,
    })),
    production: meter.production
      ? inRange(meter.production.daily).map((day) => ({ date: day.date, value: day.wh }))
      : undefined,
    productionCurve: meter.production ? curve(meter.production.loadCurve) : [],
  }
}

describe('readers (server mode: the Redis cache, decrypted with the account key)', () => {
  it('read back what was seeded, for each kind of reading', async () => {
    const demo = await seedInto(await stores.fresh())
    const solar = demo.pdls[1]!.usagePointId
    const expected = seeded(demo, 1)
    expect(await readCachedDaily(demo, solar, FIRST, LAST)).toEqual(expected.daily)
    expect(expected.daily).toHaveLength(40)
    expect(await readCachedLoadCurve(demo, solar, '2026-06-10', LAST)).toEqual(
      seeded(demo, 1, '2026-06-10').curve,
    )
    expect(
      await readCachedLoadCurve(demo, solar, '2026-06-10', LAST, { direction: 'production' }),
    ).toEqual(seeded(demo, 1, '2026-06-10').productionCurve)
    expect(await readCachedMaxPower(demo, solar, FIRST, LAST)).toEqual(expected.maxPower)
    expect(await readCachedProduction(demo, solar, FIRST, LAST)).toEqual(expected.production)
  })

  it('leave out days the cache does not hold, and give undefined for a range it never cached', async () => {
    const demo = await seedInto(await stores.fresh())
    const home = demo.pdls[0]!.usagePointId
    // Ten days before the seeded window, then its first five.
    const daily = await readCachedDaily(demo, home, '2026-04-26', '2026-05-10')
    expect(daily.map((day) => day.date)).toEqual([
      '2026-05-06',
      '2026-05-07',
      '2026-05-08',
      '2026-05-09',
      '2026-05-10',
    ])
    expect(await readCachedLoadCurve(demo, home, '2026-04-01', '2026-04-30')).toEqual([])
    // Max power and production are cached per requested range: a range nobody asked for is a miss.
    expect(await readCachedMaxPower(demo, home, '2026-05-07', LAST)).toBeUndefined()
    expect(await readCachedProduction(demo, home, FIRST, LAST)).toBeUndefined()
  })

  it('refuse a PDL the account does not own or a reversed range, and close the connections they open', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const other = await demo.addAccount({ index: 1 })
    const redis = redisClient(fresh.redisUrl)
    try {
      const clients = async () =>
        String(await redis.client('LIST'))
          .trim()
          .split('\n').length
      const before = await clients()
      expect(await readCachedDaily(other, other.pdls[0]!.usagePointId, FIRST, LAST)).toHaveLength(
        40,
      )
      // The reader's connection is closed (the server notices a moment after the socket closes).
      await expect.poll(clients).toBe(before)
      // A client given is used and left open.
      const given = await readCachedDaily(demo, demo.pdls[0]!.usagePointId, FIRST, FIRST, { redis })
      expect(given).toEqual(seeded(demo, 0, FIRST, FIRST).daily)
      expect(redis.status).toBe('ready')
    } finally {
      redis.disconnect()
    }
    await expect(
      readCachedDaily(other, demo.pdls[0]!.usagePointId, FIRST, LAST),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(readCachedDaily(demo, demo.pdls[0]!.usagePointId, LAST, FIRST)).rejects.toThrow(
      '`from` 2026-06-14 is after `to` 2026-05-06',
    )
  })
})

describe('readers (client mode: the local tables)', () => {
  it('read back the daily and 30-minute rows, and refuse max power, which has no table', async () => {
    const demo = await seedInto(await stores.fresh(), { appVersion: '1.22.0', appMode: 'client' })
    const solar = demo.pdls[1]!.usagePointId
    const expected = seeded(demo, 1)
    expect(await readCachedDaily(demo, solar, FIRST, LAST)).toEqual(expected.daily)
    expect(await readCachedProduction(demo, solar, FIRST, LAST)).toEqual(expected.production)
    // The days the clocks change have their own shape; these do not.
    expect(await readCachedLoadCurve(demo, solar, '2026-06-13', LAST)).toEqual(
      seeded(demo, 1, '2026-06-13').curve,
    )
    expect(
      await readCachedProduction(demo, demo.pdls[0]!.usagePointId, FIRST, LAST),
    ).toBeUndefined()
    await expect(readCachedMaxPower(demo, solar, FIRST, LAST)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    })
  })
})
