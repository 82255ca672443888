import { spawnSync } from 'node:child_process'
import { removeDemoAccount, withDemoAccount } from '@myelectricaldata/demo-account'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withRedisDatabase } from '../../../src/stores/database-url.ts'
import { changedKeys, redisDigest, storeDigest } from '../../support/store-digest.ts'
import { runCli } from '../support/run-cli.ts'
import { SMALL } from '../support/seed-into.ts'
import {
  type FaultServers,
  type FaultStores,
  failureOf,
  holdCommits,
  startFaultServers,
} from './support/local-stores.ts'

let servers: FaultServers
beforeAll(async () => {
  servers = await startFaultServers({ redisDatabases: 16 })
})
afterAll(async () => {
  await servers?.stop()
})

const seedWith = (stores: { postgresUrl: string; redisUrl: string }, seed = 'demo') =>
  withDemoAccount({
    ...SMALL,
    seed,
    postgres: { url: stores.postgresUrl },
    redis: { url: stores.redisUrl },
  })

describe('a Redis database the server does not have', () => {
  it('seed and reset refuse redis://…/99 with INVALID_OPTION and leave database 0 as it was', async () => {
    const { postgresUrl } = await servers.fresh()
    const inDb0 = { postgresUrl, redisUrl: withRedisDatabase(servers.redis.url, 0) }
    await seedWith(inDb0)
    const before = await storeDigest(inDb0)
    const outOfRange = withRedisDatabase(servers.redis.url, 99)
    const message = `selects database 99, but that server has 16 databases (0 to 15). Nothing was written.`

    await expect(seedWith({ postgresUrl, redisUrl: outOfRange }, 'other')).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining(message),
    })
    await expect(removeDemoAccount({ postgresUrl, redisUrl: outOfRange })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringContaining(message),
    })
    const cli = await runCli(['reset', '--database-url', postgresUrl, '--redis-url', outOfRange])
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain(`${message}`)
    expect(cli.stderr).toContain('(INVALID_OPTION)')

    expect(await storeDigest(inDb0)).toEqual(before)
  })

  it('refuses a database that is not a number with a DemoAccountError, in the API and the CLI', async () => {
    const stores = await servers.fresh()
    const before = await storeDigest(stores)
    const letters = `redis://127.0.0.1:${servers.redis.port}/abc`
    await expect(seedWith({ ...stores, redisUrl: letters })).rejects.toMatchObject({
      name: 'DemoAccountError',
      code: 'INVALID_OPTION',
      message: expect.stringContaining('selects the database "abc"'),
    })
    const cli = await runCli([
      'seed',
      '--database-url',
      stores.postgresUrl,
      '--redis-url',
      letters,
      '--days',
      '5',
    ])
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain('selects the database "abc"')
    expect(cli.stderr).not.toMatch(/ReplyError|\n\s+at /)
    expect(await storeDigest(stores)).toEqual(before)
  })
})

describe('a commit refused after Redis took its change, and an undo refused too', () => {
  /** Runs `act` until its commit waits, makes Redis refuse every write, then refuses the commit. */
  async function doubleFault(stores: FaultStores, act: () => Promise<unknown>) {
    const gate = await holdCommits(stores.postgresUrl)
    const before = await storeDigest(stores)
    const redis = new Redis(stores.redisUrl)
    try {
      const acting = failureOf(act())
      await gate.held()
      await redis.config('SET', 'maxmemory-policy', 'noeviction')
      await redis.config('SET', 'maxmemory', '1')
      await gate.refuse()
      const error = await acting
      await redis.config('SET', 'maxmemory', '0')
      const after = await storeDigest(stores)
      expect(after.tables).toEqual(before.tables)
      expect(error?.code).toBe('SEED_FAILED')
      expect(error?.message).toContain('Postgres refused the commit (commit refused by the test)')
      expect(error?.message).not.toContain('Both stores were left as they were')
      return { error, changed: changedKeys(before, after) }
    } finally {
      await gate.close()
      redis.disconnect()
    }
  }

  it('a seed says exactly what Redis was left holding, and its clean-up command works', async () => {
    const stores = await servers.fresh()
    await seedWith(stores, 'first')
    const { error, changed } = await doubleFault(stores, () => seedWith(stores, 'second'))
    expect(changed.length).toBeGreaterThan(0)
    expect(error?.message).toContain(
      `Postgres was left as it was; Redis database ${databaseOf(stores)} at ${stores.redisUrl} was left changed: ${changed.length} key(s) written (${changed.length} of them replacing earlier values) and 0 key(s) deleted; the ${changed.length} earlier value(s) are lost.`,
    )
    // The command the message gives removes the account's cache, and only that.
    const command = /or delete its cache keys: (.*)$/.exec(error?.message ?? '')?.[1]
    expect(command).toBeDefined()
    const redis = new Redis(stores.redisUrl)
    await redis.set('unrelated:key', 'kept')
    redis.disconnect()
    const cleaned = spawnSync('bash', ['-c', command!], { encoding: 'utf8' })
    expect(cleaned.status, cleaned.stderr).toBe(0)
    expect([...(await redisDigest(stores.redisUrl)).keys()]).toEqual(['unrelated:key'])
  })

  it('a reset says which keys it deleted and that running it again finishes the removal', async () => {
    const stores = await servers.fresh()
    await seedWith(stores, 'first')
    const { error, changed } = await doubleFault(stores, () =>
      removeDemoAccount({ postgresUrl: stores.postgresUrl, redisUrl: stores.redisUrl }),
    )
    expect(changed.length).toBeGreaterThan(0)
    expect(error?.message).toContain(
      `Redis database ${databaseOf(stores)} at ${stores.redisUrl} was left changed: 0 key(s) written and ${changed.length} key(s) deleted; the ${changed.length} earlier value(s) are lost. Postgres still has demo@myelectricaldata.fr: remove it again once both stores accept writes to finish the removal.`,
    )
  })
})

function databaseOf(stores: FaultStores): string {
  return new URL(stores.redisUrl).pathname.slice(1)
}
