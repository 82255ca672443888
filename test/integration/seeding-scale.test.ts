import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedInto } from './support/seed-into.ts'
import {
  redisClient,
  redisSnapshot,
  startTestStores,
  type TestStores,
} from './support/test-stores.ts'

let stores: TestStores
beforeAll(async () => {
  stores = await startTestStores()
})
afterAll(async () => {
  await stores?.stop()
})

/** How many times the server ran each command so far (INFO commandstats), by lower-case name. */
async function commandCalls(redisUrl: string): Promise<Map<string, number>> {
  const redis = redisClient(redisUrl)
  try {
    const info = await redis.info('commandstats')
    return new Map(
      [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, name, calls]) => [
        name!,
        Number(calls),
      ]),
    )
  } finally {
    redis.disconnect()
  }
}

/** Keys (with their values) of the database whose name does not contain any of the PDL ids. */
function keysOfOthers(snapshot: Map<string, string>, pdls: readonly string[]) {
  return new Map([...snapshot].filter(([key]) => !pdls.some((pdl) => key.includes(pdl))))
}

describe('seeding into stores that hold other accounts', () => {
  it("reads no key but its own: no SCAN of the keyspace, the others' keys untouched", async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    await demo.addAccount({ index: 1 })
    const before = await redisSnapshot(fresh.redisUrl)
    const calls = await commandCalls(fresh.redisUrl)
    const added = await demo.addAccount({ index: 2 })
    const after = await commandCalls(fresh.redisUrl)
    // SCAN and KEYS read the whole keyspace, so their cost grows with every account already there.
    expect((after.get('scan') ?? 0) - (calls.get('scan') ?? 0)).toBe(0)
    expect((after.get('keys') ?? 0) - (calls.get('keys') ?? 0)).toBe(0)
    const pdls = added.pdls.map((pdl) => pdl.usagePointId)
    expect(keysOfOthers(await redisSnapshot(fresh.redisUrl), pdls)).toEqual(before)
    expect([...before.keys()].some((key) => key.includes(pdls[0]!))).toBe(false)
  })

  it('still removes the keys of an earlier seed of the same meters that this one does not write', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh, { days: 30 })
    const pdl = demo.pdls[0]!.usagePointId
    const redis = redisClient(fresh.redisUrl)
    try {
      await redis.set(`enedis:failures:${pdl}:count`, '3')
      expect(await redis.keys(`consumption:daily:${pdl}:????-??-??`)).toHaveLength(30)
      await seedInto(fresh, { days: 10 })
      expect(await redis.keys(`consumption:daily:${pdl}:????-??-??`)).toHaveLength(10)
      expect(await redis.exists(`enedis:failures:${pdl}:count`)).toBe(0)
    } finally {
      redis.disconnect()
    }
  })
})
