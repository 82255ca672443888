import { type DemoAccount, withDemoAccount } from '@myelectricaldata/demo-account'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetKeyFromClientSecret } from '../../../src/cache/fernet.ts'
import { query } from '../../support/postgres-query.ts'
import { type StoreDigest, storeDigest } from '../../support/store-digest.ts'
import { SMALL } from '../support/seed-into.ts'
import {
  advisoryLocks,
  eventually,
  type FaultServers,
  type FaultStores,
  failureOf,
  holdCommits,
  SEED_LOCK,
  seederWaitsForLock,
  startFaultServers,
} from './support/local-stores.ts'

/** Each store operation's time limit in these tests (the lock waits four times as long). */
const STORE_TIMEOUT_MS = 2000

let servers: FaultServers
beforeAll(async () => {
  process.env.MED_DEMO_STORE_TIMEOUT = String(STORE_TIMEOUT_MS)
  servers = await startFaultServers()
})
afterAll(async () => {
  delete process.env.MED_DEMO_STORE_TIMEOUT
  await servers?.stop()
})
afterEach(() => {
  // A failed test must not leave a server stopped for the next one.
  try {
    servers.redis.resume()
    servers.postgres.resume()
  } catch {}
})

const seedWith = (stores: FaultStores, options: Parameters<typeof withDemoAccount>[0] = {}) =>
  withDemoAccount({
    ...SMALL,
    ...options,
    postgres: { url: stores.postgresUrl },
    redis: { url: stores.redisUrl },
  })

/** Existing stores: an account already seeded, and their digest. */
async function existingStores(): Promise<{ stores: FaultStores; before: StoreDigest }> {
  const stores = await servers.fresh()
  await seedWith(stores, { seed: 'before' })
  return { stores, before: await storeDigest(stores) }
}

/** A connection holding the seeding lock: a seeder started now stops at the lock, connected to both stores. */
async function holdSeedLock(postgresUrl: string) {
  const admin = new pg.Client(postgresUrl)
  admin.on('error', () => {})
  await admin.connect()
  await admin.query('SELECT pg_advisory_lock($1::bigint)', [SEED_LOCK])
  return {
    release: () => admin.query('SELECT pg_advisory_unlock($1::bigint)', [SEED_LOCK]),
    close: () => admin.end().catch(() => {}),
  }
}

/** Starts a seed (a new seed of the existing account) and waits until it waits for the lock. */
async function seedStoppedAtTheLock(stores: FaultStores) {
  const seeding = seedWith(stores, { seed: 'during' })
  seeding.catch(() => {})
  await eventually(() => seederWaitsForLock(stores.postgresUrl))
  // Wrapped: an async function returning the promise itself would wait for it.
  return { seeding }
}

const redactedPostgres = (url: string) => url.replace(/:[^:@/]*@/, ':***@')

/** A fault that strikes while a seeder is stopped at the seeding lock, connected to both stores. */
interface LockFault {
  readonly name: string
  readonly strike: (stores: FaultStores) => Promise<void>
  /** Let the seeder take the lock after the fault (it then meets the fault on its next operation). */
  readonly thenRelease: boolean
  readonly message: (stores: FaultStores) => RegExp
  /** Checked once the seed failed, while the fault still holds. */
  readonly whileFaulty?: () => Promise<void>
  /** Undoes the fault (resume, restart). */
  readonly recover?: () => Promise<void>
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const seedingStep = 'seeding demo@myelectricaldata\\.fr'
const unchanged = 'Both stores were left as they were\\.'
const redisAt = (stores: FaultStores) => `Redis at ${literal(stores.redisUrl)}`
const postgresAt = (stores: FaultStores) =>
  `Postgres at ${literal(redactedPostgres(stores.postgresUrl))}`
const atTheLock = 'waiting for other seeders \\(advisory lock\\)'

const LOCK_FAULTS: readonly LockFault[] = [
  {
    name: 'Redis paused: the lock let go at once',
    strike: async () => servers.redis.pause(),
    thenRelease: true,
    message: (stores) =>
      new RegExp(
        `${redisAt(stores)} did not answer within 2 s while ${seedingStep}\\. ${unchanged}`,
      ),
    // While Redis is still paused, no seeder holds the seeding lock any more.
    whileFaulty: async () => {
      expect(await advisoryLocks(servers.postgres.url)).toBe(0)
    },
    recover: async () => servers.redis.resume(),
  },
  {
    name: 'Postgres paused',
    strike: async () => servers.postgres.pause(),
    thenRelease: false,
    message: (stores) =>
      new RegExp(
        `${postgresAt(stores)} did not answer within 10 s while ${atTheLock}\\. ${unchanged}`,
      ),
    recover: async () => servers.postgres.resume(),
  },
  {
    name: 'the Postgres connection terminated',
    strike: async (stores) => {
      await query(
        stores.postgresUrl,
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      )
    },
    thenRelease: false,
    message: (stores) =>
      new RegExp(
        `${postgresAt(stores)} dropped the connection \\(terminating connection due to administrator command\\) while ${atTheLock}\\. ${unchanged}`,
      ),
  },
  {
    name: 'the Redis connection killed',
    strike: async (stores) => {
      const redis = new Redis(stores.redisUrl)
      await redis.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')
      redis.disconnect()
    },
    thenRelease: true,
    message: (stores) =>
      new RegExp(
        `${redisAt(stores)} dropped the connection \\(Connection is closed\\.\\) while ${seedingStep}\\. ${unchanged}`,
      ),
  },
  {
    name: 'Redis killed, then restarted',
    strike: () => servers.redis.kill(),
    thenRelease: true,
    message: (stores) => new RegExp(`${redisAt(stores)} dropped the connection .* ${unchanged}`),
    recover: () => servers.redis.restart(),
  },
  {
    name: 'Postgres killed, then restarted',
    strike: () => servers.postgres.kill(),
    thenRelease: false,
    message: (stores) => new RegExp(`${postgresAt(stores)} dropped the connection .* ${unchanged}`),
    recover: () => servers.postgres.restart(),
  },
]

describe('a store paused, disconnected or killed in the middle of a seed into existing stores', () => {
  it.each(LOCK_FAULTS)('$name: STORE_UNREACHABLE, both stores as before', async (fault) => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      await fault.strike(stores)
      if (fault.thenRelease) await lock.release()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringMatching(fault.message(stores)),
      })
      await fault.whileFaulty?.()
    } finally {
      await fault.recover?.()
      await lock.close()
    }
    await eventually(async () => (await advisoryLocks(servers.postgres.url)) === 0)
    expect(await storeDigest(stores)).toEqual(before)
  })

  it('a store paused before the seed: STORE_UNREACHABLE at connection, naming the store', async () => {
    const { stores, before } = await existingStores()
    servers.postgres.pause()
    try {
      await expect(seedWith(stores, { seed: 'during' })).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringMatching(
          /^\[demo-account\] Cannot connect to Postgres at .*: no answer within 2 s\. /,
        ),
      })
    } finally {
      servers.postgres.resume()
    }
    servers.redis.pause()
    try {
      await expect(seedWith(stores, { seed: 'during' })).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringMatching(
          /^\[demo-account\] Cannot connect to Redis at .*no answer within 2 s/,
        ),
      })
    } finally {
      servers.redis.resume()
    }
    expect(await storeDigest(stores)).toEqual(before)
  })
})

describe('Postgres paused while it commits, after Redis took the change', () => {
  it('STORE_UNREACHABLE says the outcome is unknown and what Redis holds, and seeding again mends it', async () => {
    const { stores, before } = await existingStores()
    const beforeLoose = await storeDigest(stores, TIMESTAMPS)
    const gate = await holdCommits(stores.postgresUrl)
    const withTrigger = await storeDigest(stores)
    try {
      const seeding = failureOf(seedWith(stores, { seed: 'during' }))
      await gate.held()
      servers.postgres.pause()
      const error = await seeding
      servers.postgres.resume()
      await gate.refuse()
      expect(error?.code).toBe('STORE_UNREACHABLE')
      expect(error?.message).toContain(
        `did not confirm the commit (Query read timeout), so whether it committed is unknown; Redis database ${new URL(stores.redisUrl).pathname.slice(1)} holds the new cache (`,
      )
      expect(error?.message).toContain('Once Postgres answers, run the same command again')
      expect(error?.message).not.toContain('Both stores were left as they were')
      // Here the commit did not happen (the trigger refused it): Postgres as before, Redis not.
      await eventually(async () => (await advisoryLocks(servers.postgres.url)) === 0)
      const after = await storeDigest(stores)
      expect(after.tables).toEqual(withTrigger.tables)
      expect(after.keys).not.toEqual(withTrigger.keys)
      // As the message says: seeding again gives the state the seed meant.
      await gate.remove()
      await seedWith(stores, { seed: 'before' })
      const mended = await storeDigest(stores, TIMESTAMPS)
      expect(mended.tables).toEqual(beforeLoose.tables)
      // Tokens differ (random IVs), the keys and their TTLs do not.
      const ttls = (digest: StoreDigest) =>
        [...digest.keys].map(([key, v]) => [key, v.endsWith(' ttl')])
      expect(ttls(mended)).toEqual(ttls(before))
    } finally {
      servers.postgres.resume()
      await gate.close()
    }
  })
})

/** Each key's decrypted value and whether it expires, to compare seeds whose tokens differ (random IVs). */
async function plaintexts(redisUrl: string, clientSecret: string): Promise<Map<string, string>> {
  const key = fernetKeyFromClientSecret(clientSecret)
  const redis = new Redis(redisUrl)
  try {
    const keys = (await redis.keys('*')).sort()
    const result = new Map<string, string>()
    for (const name of keys) {
      const [value, ttl] = await Promise.all([redis.get(name), redis.pttl(name)])
      const plain = value && fernetDecrypt(key, value)
      result.set(name, `${plain ? plain.toString() : value}${ttl >= 0 ? ' ttl' : ''}`)
    }
    return result
  } finally {
    redis.disconnect()
  }
}

const TIMESTAMPS = { ignoreColumns: ['created_at', 'updated_at'] }

describe('concurrent seeders into one store', () => {
  it('8 seeders of one account all succeed, and leave what one seeder leaves', async () => {
    const [stores, reference] = await Promise.all([servers.fresh(), servers.fresh()])
    const seeded = await Promise.all(Array.from({ length: 8 }, () => seedWith(stores)))
    const one = await seedWith(reference)
    expect(new Set(seeded.map((demo) => demo.user.id))).toEqual(new Set([one.user.id]))
    expect((await storeDigest(stores, TIMESTAMPS)).tables).toEqual(
      (await storeDigest(reference, TIMESTAMPS)).tables,
    )
    expect(await plaintexts(stores.redisUrl, one.clientSecret)).toEqual(
      await plaintexts(reference.redisUrl, one.clientSecret),
    )
  })

  it('8 seeders of 8 accounts all succeed, and leave what seeding them one by one leaves', async () => {
    const [stores, reference] = await Promise.all([servers.fresh(), servers.fresh()])
    const account = (i: number) => ({
      email: `seeder-${i}@example.com`,
      pdls: [{ usagePointId: `000000000${i}0001` }, { usagePointId: `000000000${i}0002` }],
    })
    const seeded = await Promise.all(
      Array.from({ length: 8 }, (_, i) => seedWith(stores, account(i))),
    )
    const sequential: DemoAccount[] = []
    for (let i = 0; i < 8; i++) sequential.push(await seedWith(reference, account(i)))
    expect(seeded.map((demo) => demo.email)).toEqual(sequential.map((demo) => demo.email))
    expect((await storeDigest(stores, TIMESTAMPS)).tables).toEqual(
      (await storeDigest(reference, TIMESTAMPS)).tables,
    )
    const secrets = seeded.map((demo) => demo.clientSecret)
    expect(secrets).toEqual(sequential.map((demo) => demo.clientSecret))
    // Every key decrypts with the secret of the account whose meter it names.
    const decrypted = async (url: string) => {
      const merged = new Map<string, string>()
      for (const [i, secret] of secrets.entries()) {
        for (const [key, value] of await plaintexts(url, secret)) {
          if (key.includes(`000000000${i}000`)) merged.set(key, value)
        }
      }
      return merged
    }
    const concurrent = await decrypted(stores.redisUrl)
    expect(concurrent.size).toBeGreaterThan(0)
    expect(concurrent).toEqual(await decrypted(reference.redisUrl))
    expect((await storeDigest(stores)).keys.size).toBe(concurrent.size)
  })
})
