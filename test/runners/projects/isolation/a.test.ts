import pg from 'pg'
import { expect } from 'vitest'
import { test } from '@myelectricaldata/demo-account/vitest'

test('a: sees the seeded account in its own database', async ({ demoAccount }) => {
  const client = new pg.Client(demoAccount.postgres.url)
  await client.connect()
  const { rows } = await client.query('SELECT email FROM users')
  await client.query("UPDATE users SET email = 'changed-a@example.com'")
  await client.end()
  expect(rows).toEqual([{ email: 'demo@myelectricaldata.fr' }])
  console.log('A', process.env.VITEST_POOL_ID, demoAccount.postgres.url, demoAccount.redis.url)
})
