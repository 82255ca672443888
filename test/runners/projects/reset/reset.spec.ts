import { test } from '@myelectricaldata/demo-account/vitest'
import { expect } from 'vitest'
import { CHANGED_EMAIL, readBoth, seededState, writeBoth } from '../shared/writes.ts'

let urlsBefore: string[] = []

test('writes to the database and the Redis database', async ({ demoAccount }) => {
  urlsBefore = [demoAccount.postgres.url, demoAccount.redis.url]
  expect(await readBoth(demoAccount)).toEqual(await seededState(demoAccount))
  await writeBoth(demoAccount)
})

test('still sees the writes when nothing resets', async ({ demoAccount }) => {
  const seeded = await seededState(demoAccount)
  expect(await readBoth(demoAccount)).toEqual({
    emails: [CHANGED_EMAIL],
    written: 'yes',
    keys: seeded.keys + 1,
  })
})

test('drops the writes on reset and keeps the URLs', async ({ demoAccount }) => {
  await demoAccount.reset()
  expect([demoAccount.postgres.url, demoAccount.redis.url]).toEqual(urlsBefore)
  expect(await readBoth(demoAccount)).toEqual(await seededState(demoAccount))
})
