import { readCachedDaily } from '@myelectricaldata/demo-account'
import { test } from '@myelectricaldata/demo-account/vitest'
import { Redis } from 'ioredis'
import pg from 'pg'
import { expect } from 'vitest'

/** Runs one SQL statement and returns the rows. */
async function sql(databaseUrl: string, text: string) {
  const db = new pg.Client(databaseUrl)
  await db.connect()
  try {
    return (await db.query(text)).rows
  } finally {
    await db.end()
  }
}

test('seeds the demo user into Postgres', async ({ demoAccount }) => {
  const users = await sql(demoAccount.postgres.url, 'SELECT email FROM users')
  expect(users).toEqual([{ email: 'demo@myelectricaldata.fr' }])
})

test('caches one daily reading per day in Redis', async ({ demoAccount }) => {
  const redis = new Redis(demoAccount.redis.url)
  const pdl = demoAccount.pdls[0]!.usagePointId
  const days = await redis.keys(`consumption:daily:${pdl}:????-??-??`)
  redis.disconnect()
  expect(days).toHaveLength(demoAccount.days)
})

test('serves the seeded readings, decrypted as the app reads them', async ({ demoAccount }) => {
  const pdl = demoAccount.pdls[0]!.usagePointId
  const lastWeek = demoAccount.readings[0]!.consumption!.daily.slice(-7)
  const served = await readCachedDaily(demoAccount, pdl, lastWeek[0]!.date, lastWeek[6]!.date)
  expect(served).toEqual(lastWeek.map((day) => ({ date: day.date, value: day.wh })))
})

test('gets back to the seeded account with reset()', async ({ demoAccount }) => {
  await sql(demoAccount.postgres.url, "UPDATE users SET email = 'changed@example.com'")
  await demoAccount.reset()
  const users = await sql(demoAccount.postgres.url, 'SELECT email FROM users')
  expect(users).toEqual([{ email: 'demo@myelectricaldata.fr' }])
})
