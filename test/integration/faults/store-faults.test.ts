import { type DemoAccount, withDemoAccount } from '@myelectricaldata/demo-account'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetKeyFromClientSecret } from '../../../src/cache/fernet.ts'
import { type StoreDigest, storeDigest } from '../../support/store-digest.ts'
import { SMALL } from '../support/seed-into.ts'
import {
  advisoryLocks,
  eventually,
  type FaultServers,
  type FaultStores,
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

describe('a store paused in the middle of a seed into existing stores', () => {
  it('Redis paused while the seeder holds the lock: STORE_UNREACHABLE, the lock let go, both stores as before', async () => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      servers.redis.pause()
      await lock.release()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringContaining(
          `Redis at ${stores.redisUrl} did not answer within 2 s while seeding demo@myelectricaldata.fr. Both stores were left as they were.`,
        ),
      })
      // While Redis is still paused, nobody holds the seeding lock any more (only ours was left).
      await lock.close()
      expect(await advisoryLocks(servers.postgres.url)).toBe(0)
    } finally {
      servers.redis.resume()
      await lock.close()
    }
    expect(await storeDigest(stores)).toEqual(before)
  })

  it('Postgres paused while a seeder waits for the lock: STORE_UNREACHABLE, both stores as before', async () => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      servers.postgres.pause()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringContaining(
          `Postgres at ${redactedPostgres(stores.postgresUrl)} did not answer within 10 s while waiting for other seeders (advisory lock). Both stores were left as they were.`,
        ),
      })
    } finally {
      servers.postgres.resume()
      await lock.release()
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
    const admin = new pg.Client(stores.postgresUrl)
    admin.on('error', () => {})
    await admin.connect()
    // A deferred trigger holds the commit until the test lets it go (advisory lock 4242).
    await admin.query(`
      CREATE FUNCTION hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_lock(4242);
        PERFORM pg_advisory_unlock(4242);
        RAISE EXCEPTION 'commit refused by the test';
      END $$;
      CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT OR UPDATE ON users
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hold_commit();`)
    const withTrigger = await storeDigest(stores)
    await admin.query('SELECT pg_advisory_lock(4242)')
    try {
      const seeding = seedWith(stores, { seed: 'during' })
      seeding.catch(() => {})
      await eventually(async () => {
        const rows = await admin.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted`,
        )
        return rows.rowCount === 1
      })
      servers.postgres.pause()
      const error = await seeding.then(
        () => undefined,
        (failure: Error & { code?: string }) => failure,
      )
      servers.postgres.resume()
      await admin.query('SELECT pg_advisory_unlock(4242)')
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
      await admin.query('DROP TRIGGER hold_commit ON users')
      await seedWith(stores, { seed: 'before' })
      const mended = await storeDigest(stores, TIMESTAMPS)
      expect(mended.tables).toEqual(beforeLoose.tables)
      // Tokens differ (random IVs), the keys and their TTLs do not.
      const ttls = (digest: StoreDigest) =>
        [...digest.keys].map(([key, v]) => [key, v.endsWith(' ttl')])
      expect(ttls(mended)).toEqual(ttls(before))
    } finally {
      servers.postgres.resume()
      await admin.end().catch(() => {})
    }
  })
})

describe('a connection dropped in the middle of a seed', () => {
  it('the Postgres connection terminated: STORE_UNREACHABLE, both stores as before', async () => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      const admin = new pg.Client(stores.postgresUrl)
      await admin.connect()
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      )
      await admin.end()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringMatching(
          /Postgres at .* dropped the connection \(terminating connection due to administrator command\) while waiting for other seeders \(advisory lock\)\. Both stores were left as they were\./,
        ),
      })
    } finally {
      await lock.close()
    }
    expect(await storeDigest(stores)).toEqual(before)
  })

  it('the Redis connection killed: STORE_UNREACHABLE, both stores as before', async () => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    const redis = new Redis(stores.redisUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      await redis.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')
      await lock.release()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringContaining(
          `Redis at ${stores.redisUrl} dropped the connection (Connection is closed.) while seeding demo@myelectricaldata.fr. Both stores were left as they were.`,
        ),
      })
    } finally {
      redis.disconnect()
      await lock.close()
    }
    expect(await storeDigest(stores)).toEqual(before)
  })
})

describe('a store killed in the middle of a seed', () => {
  it('Redis killed while the seeder holds the lock: STORE_UNREACHABLE; restarted, both stores as before', async () => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      await servers.redis.kill()
      await lock.release()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringContaining(`Redis at ${stores.redisUrl} dropped the connection`),
      })
    } finally {
      await lock.close()
    }
    await servers.redis.restart()
    expect(await storeDigest(stores)).toEqual(before)
  })

  it('Postgres killed while a seeder waits for the lock: STORE_UNREACHABLE; restarted, both stores as before', async () => {
    const { stores, before } = await existingStores()
    const lock = await holdSeedLock(stores.postgresUrl)
    try {
      const { seeding } = await seedStoppedAtTheLock(stores)
      await servers.postgres.kill()
      await expect(seeding).rejects.toMatchObject({
        code: 'STORE_UNREACHABLE',
        message: expect.stringMatching(/Postgres at .* dropped the connection/),
      })
    } finally {
      await lock.close()
    }
    await servers.postgres.restart()
    expect(await storeDigest(stores)).toEqual(before)
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
