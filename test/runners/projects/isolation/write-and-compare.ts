import type { VitestDemoAccount } from '@myelectricaldata/demo-account/vitest'
import { expect, type TestContext } from 'vitest'
import { announce, awaitAnnouncement } from '../shared/rendezvous.ts'
import { emails, query, withRedis } from '../shared/stores.ts'
import { recordWorker } from '../shared/worker-meta.ts'

interface Stores {
  readonly postgresUrl: string
  readonly redisUrl: string
}

const writerEmail = (name: string) => `writer-${name}@example.com`

/** The user emails in the database and the `runner:writer` key in the Redis database. */
async function readWrites(stores: Stores) {
  return {
    emails: await emails(stores.postgresUrl),
    redisWriter: await withRedis(stores.redisUrl, (redis) => redis.get('runner:writer')),
  }
}

/**
 * Writes this worker's name into its database and its Redis database, waits until the other
 * worker has written its own name into its stores, then reads both: each holds its own write only
 * (shared stores would hold the same, last write).
 */
export async function writeAndCompare(
  self: string,
  other: string,
  demoAccount: VitestDemoAccount,
  task: TestContext['task'],
): Promise<void> {
  recordWorker(task, demoAccount)
  const mine: Stores = { postgresUrl: demoAccount.postgres.url, redisUrl: demoAccount.redis.url }
  expect(await emails(mine.postgresUrl)).toEqual([demoAccount.email])

  await query(mine.postgresUrl, 'UPDATE users SET email = $1', [writerEmail(self)])
  await withRedis(mine.redisUrl, (redis) => redis.set('runner:writer', self))
  await announce(`${self}-wrote`, mine)
  const theirs = await awaitAnnouncement<Stores>(`${other}-wrote`)

  expect(await readWrites(mine)).toEqual({ emails: [writerEmail(self)], redisWriter: self })
  expect(await readWrites(theirs)).toEqual({ emails: [writerEmail(other)], redisWriter: other })

  // The other worker drops its copy when it ends: both read before either ends.
  await announce(`${self}-read`)
  await awaitAnnouncement(`${other}-read`)
}
