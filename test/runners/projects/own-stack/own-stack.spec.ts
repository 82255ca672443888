import { test } from '@myelectricaldata/demo-account/vitest'
import pg from 'pg'
import { expect, inject } from 'vitest'
import { recordWorker } from '../shared/worker-meta.ts'

test('seeds the account into stores of its own', async ({ demoAccount, task }) => {
  recordWorker(task, demoAccount)
  expect(inject('demoAccount')).toBeUndefined()
  const client = new pg.Client(demoAccount.postgres.url)
  await client.connect()
  try {
    const { rows } = await client.query('SELECT email FROM users')
    expect(rows).toEqual([{ email: demoAccount.email }])
  } finally {
    await client.end()
  }
})
