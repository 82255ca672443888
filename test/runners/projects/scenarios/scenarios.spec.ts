import { test } from '@myelectricaldata/demo-account/vitest'
import { Redis } from 'ioredis'
import pg from 'pg'
import { expect } from 'vitest'

/** The user's `is_active` and its rate-limit counters, as the worker's stores hold them. */
async function scenarioState(account: {
  postgres: { url: string }
  redis: { url: string }
  user: { id: string }
}) {
  const db = new pg.Client(account.postgres.url)
  await db.connect()
  const redis = new Redis(account.redis.url)
  try {
    const { rows } = await db.query('SELECT is_active FROM users')
    const keys = (await redis.keys(`rate_limit:${account.user.id}:*`)).sort()
    const values = keys.length > 0 ? await redis.mget(...keys) : []
    return {
      rows,
      counters: Object.fromEntries(
        keys.map((key, i) => [key.split(':').slice(2).join(':'), values[i]]),
      ),
    }
  } finally {
    redis.disconnect()
    await db.end()
  }
}

let seeded: Awaited<ReturnType<typeof scenarioState>>

test('gives the worker the account in its scenarios', async ({ demoAccount }) => {
  expect(demoAccount.scenarios).toEqual(['rate-limited', 'inactive'])
  seeded = await scenarioState(demoAccount)
  expect(seeded.rows).toEqual([{ is_active: false }])
  expect(Object.values(seeded.counters).sort()).toEqual(['1000', '1000', '50', '50'])
})

test('reset() restores the scenarios as seeded', async ({ demoAccount }) => {
  const db = new pg.Client(demoAccount.postgres.url)
  await db.connect()
  await db.query('UPDATE users SET is_active = true')
  await db.end()
  const redis = new Redis(demoAccount.redis.url)
  await redis.del(...(await redis.keys(`rate_limit:${demoAccount.user.id}:*`)))
  redis.disconnect()
  expect((await scenarioState(demoAccount)).rows).toEqual([{ is_active: true }])
  await demoAccount.reset()
  expect(await scenarioState(demoAccount)).toEqual(seeded)
})
