import { test } from '@myelectricaldata/demo-account/vitest'
import { expect, inject } from 'vitest'
import { emails, withRedis } from '../shared/stores.ts'

/** How many keys of a Redis database mention a PDL. */
const keysOf = (redisUrl: string, usagePointId: string) =>
  withRedis(redisUrl, async (redis) => (await redis.keys(`*${usagePointId}*`)).length)

let addedPdl = ''

test('adds an account to the worker stores only', async ({ demoAccount }) => {
  const added = await demoAccount.addAccount({ index: 1 })
  addedPdl = added.pdls[0]!.usagePointId

  expect(added.email).toBe('demo-1@example.com')
  expect(await emails(demoAccount.postgres.url)).toEqual([added.email, demoAccount.email].sort())
  expect(await keysOf(demoAccount.redis.url, addedPdl)).toBeGreaterThan(0)
  expect(await keysOf(inject('demoAccount')!.redisUrl, addedPdl)).toBe(0)
})

test('drops the added account on reset', async ({ demoAccount }) => {
  await demoAccount.reset()
  expect(await emails(demoAccount.postgres.url)).toEqual([demoAccount.email])
  expect(await keysOf(demoAccount.redis.url, addedPdl)).toBe(0)
})
