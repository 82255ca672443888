import { DemoAccountError, removeDemoAccount } from '@myelectricaldata/demo-account'
import { describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetKeyFromClientSecret } from '../../src/cache/fernet.ts'
import { runCli } from './support/run-cli.ts'
import { seedInto } from './support/seed-into.ts'
import { query, redisClient, redisSnapshot, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

async function postgresState(url: string) {
  return {
    users: await query(
      url,
      'SELECT id, email, client_id, client_secret, is_active, created_at FROM users ORDER BY email',
    ),
    pdls: await query(url, 'SELECT * FROM pdls ORDER BY usage_point_id'),
    tokens: await query(
      url,
      'SELECT id, user_id, usage_point_id, expires_at FROM tokens ORDER BY id',
    ),
  }
}

/** Decrypts every value, since the ciphertext differs at each seed (random IV, timestamp). */
async function decryptedCache(url: string, clientSecret: string) {
  const key = fernetKeyFromClientSecret(clientSecret)
  const raw = await redisSnapshot(url)
  return new Map(
    [...raw].map(([name, token]) => [name, fernetDecrypt(key, token)?.toString() ?? token]),
  )
}

describe('seeding existing stores', () => {
  it('gives the same final state when seeding twice', async () => {
    const fresh = await stores.fresh()
    const first = await seedInto(fresh)
    const before = {
      pg: await postgresState(fresh.postgresUrl),
      redis: await decryptedCache(fresh.redisUrl, first.clientSecret),
    }
    const second = await seedInto(fresh)
    const after = {
      pg: await postgresState(fresh.postgresUrl),
      redis: await decryptedCache(fresh.redisUrl, second.clientSecret),
    }
    expect(second.user.id).toBe(first.user.id)
    expect(second.clientSecret).toBe(first.clientSecret)
    expect(after).toEqual(before)
    expect(before.redis.size).toBeGreaterThan(100)
  })

  it('leaves exactly one account when eight processes seed the same stores at once', async () => {
    const fresh = await stores.fresh()
    const args = ['seed', '--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
    const runs = Array.from({ length: 8 }, () =>
      runCli([...args, '--reference-date', '2026-06-15', '--days', '40', '--json']),
    )
    const results = await Promise.all(runs)
    expect(
      results.map((result) => result.code),
      results.map((r) => r.stderr).join('\n'),
    ).toEqual(Array(8).fill(0))
    const reports = results.map((result) => JSON.parse(result.stdout))
    expect(new Set(reports.map((report) => report.account.user.id)).size).toBe(1)
    expect(await query(fresh.postgresUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([
      { n: 1 },
    ])
    expect(await query(fresh.postgresUrl, 'SELECT count(*)::int AS n FROM pdls')).toEqual([
      { n: 2 },
    ])
    expect(
      await query(
        fresh.postgresUrl,
        "SELECT count(*)::int AS n FROM tokens WHERE usage_point_id = '__global__'",
      ),
    ).toEqual([{ n: 1 }])
    expect(await query(fresh.postgresUrl, 'SELECT count(*)::int AS n FROM permissions')).toEqual([
      { n: 10 },
    ])
    const cache = await decryptedCache(fresh.redisUrl, reports[0].account.clientSecret)
    expect([...cache.values()].every((value) => value.startsWith('{'))).toBe(true)
    // The CLI caches without expiry: an environment left up keeps its readings.
    const redis = redisClient(fresh.redisUrl)
    expect(await redis.ttl('consumption:daily:12345678901234:2026-06-14')).toBe(-1)
    redis.disconnect()
  })

  it('seeds a second account into the same stores with its own email, PDLs and cache', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const other = await demo.addAccount({ index: 1 })
    expect(other.email).toBe('demo-1@example.com')
    expect(other.pdls.map((pdl) => pdl.usagePointId)).toEqual(['00000000010001', '00000000010002'])
    expect(other.user.id).not.toBe(demo.user.id)
    const cache = await decryptedCache(fresh.redisUrl, other.clientSecret)
    expect(JSON.parse(cache.get('consumption:daily:00000000010001:2026-06-14')!)).toEqual({
      value: String(other.readings[0]!.consumption!.daily.at(-1)!.wh),
      date: '2026-06-14',
    })
    // The first account's cache is untouched and still readable with its own secret only.
    const first = await decryptedCache(fresh.redisUrl, demo.clientSecret)
    expect(first.get('consumption:daily:12345678901234:2026-06-14')).toContain(
      '"date": "2026-06-14"',
    )
    expect(cache.get('consumption:daily:12345678901234:2026-06-14')).not.toContain('"date"')
  })

  it("sets the user's debug_mode only when asked, which the app's debug logging follows", async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const debugging = await demo.addAccount({ index: 4, debugMode: true })
    const rows = await query(
      fresh.postgresUrl,
      'SELECT email, debug_mode FROM users WHERE email = ANY($1) ORDER BY email',
      [[demo.email, debugging.email]],
    )
    expect(rows).toEqual([
      { email: 'demo-4@example.com', debug_mode: true },
      { email: 'demo@myelectricaldata.fr', debug_mode: false },
    ])
    expect(debugging.user.debugMode).toBe(true)
  })

  it('refuses a PDL that already belongs to another user, and writes nothing', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const before = {
      pg: await postgresState(fresh.postgresUrl),
      redis: await redisSnapshot(fresh.redisUrl),
    }
    const attempt = demo.addAccount({
      email: 'thief@example.com',
      pdls: [{ usagePointId: '12345678901234' }],
    })
    await expect(attempt).rejects.toMatchObject({ code: 'PDL_CONFLICT' })
    await expect(attempt).rejects.toThrow(
      '[demo-account] PDL 12345678901234 already belongs to demo@myelectricaldata.fr; usage point ids are unique across all users. Give this account other ids in `pdls`, or use `addAccount({ index })`, which derives distinct ones.',
    )
    expect({
      pg: await postgresState(fresh.postgresUrl),
      redis: await redisSnapshot(fresh.redisUrl),
    }).toEqual(before)
  })

  it('takes back the cache a first seed wrote while its rows were being written, when the rows fail', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    await demo.addAccount({
      email: 'owner@example.com',
      pdls: [{ usagePointId: '00000000020001' }],
    })
    // The owner's meter has no cache (as before the app's first read): every key of account 2 is
    // new, so its cache is written while Postgres writes its rows, which then fail.
    const redis = redisClient(fresh.redisUrl)
    const ownerKeys = await redis.keys('*00000000020001*')
    if (ownerKeys.length > 0) await redis.del(...ownerKeys)
    redis.disconnect()
    const before = {
      pg: await postgresState(fresh.postgresUrl),
      redis: await redisSnapshot(fresh.redisUrl),
    }
    const attempt = demo.addAccount({ index: 2 })
    await expect(attempt).rejects.toMatchObject({ code: 'PDL_CONFLICT' })
    expect({
      pg: await postgresState(fresh.postgresUrl),
      redis: await redisSnapshot(fresh.redisUrl),
    }).toEqual(before)
  })

  it('leaves both stores as they were when Redis fails after Postgres was written', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const before = {
      pg: await postgresState(fresh.postgresUrl),
      redis: await redisSnapshot(fresh.redisUrl),
    }
    const redis = redisClient(fresh.redisUrl)
    const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1])
    await redis.config('SET', 'maxmemory', String(used + 200_000))
    await redis.config('SET', 'maxmemory-policy', 'noeviction')
    try {
      const attempt = demo.addAccount({ index: 2 })
      await expect(attempt).rejects.toBeInstanceOf(DemoAccountError)
      await expect(attempt).rejects.toMatchObject({ code: 'SEED_FAILED' })
    } finally {
      await redis.config('SET', 'maxmemory', '0')
      redis.disconnect()
    }
    expect({
      pg: await postgresState(fresh.postgresUrl),
      redis: await redisSnapshot(fresh.redisUrl),
    }).toEqual(before)
  })

  it("uses a schema the app created as it is, and refuses one that is not the app's", async () => {
    const fresh = await stores.fresh()
    // A 1.0.0-era schema: no admin_data_sharing columns and no alembic_version row of ours.
    await query(
      fresh.postgresUrl,
      `
      CREATE TABLE roles (id varchar(36) PRIMARY KEY, name varchar(50) UNIQUE NOT NULL, display_name varchar(100) NOT NULL, description varchar(255), is_system boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE permissions (id varchar(36) PRIMARY KEY, name varchar(100) UNIQUE NOT NULL, display_name varchar(100) NOT NULL, description varchar(255), resource varchar(50) NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE role_permissions (role_id varchar(36) REFERENCES roles(id), permission_id varchar(36) REFERENCES permissions(id), PRIMARY KEY (role_id, permission_id));
      CREATE TABLE users (id varchar(36) PRIMARY KEY, email varchar(255) UNIQUE NOT NULL, hashed_password varchar(255) NOT NULL, client_id varchar(64) UNIQUE NOT NULL, client_secret varchar(128) NOT NULL, is_active boolean NOT NULL DEFAULT true, is_admin boolean NOT NULL DEFAULT false, email_verified boolean NOT NULL DEFAULT false, debug_mode boolean NOT NULL DEFAULT false, role_id varchar(36) REFERENCES roles(id), created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE pdls (id varchar(36) PRIMARY KEY, usage_point_id varchar(14) UNIQUE NOT NULL, user_id varchar(36) NOT NULL REFERENCES users(id), name varchar(100), display_order integer, subscribed_power integer, offpeak_hours jsonb, pricing_option varchar(50), has_consumption boolean NOT NULL DEFAULT true, has_production boolean NOT NULL DEFAULT false, is_active boolean NOT NULL DEFAULT true, activation_date date, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE tokens (id varchar(36) PRIMARY KEY, user_id varchar(36) REFERENCES users(id), usage_point_id varchar(14) NOT NULL, access_token text NOT NULL, refresh_token text, token_type varchar(50) NOT NULL, expires_at timestamptz NOT NULL, scope text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, usage_point_id));
    `,
    )
    const demo = await seedInto(fresh)
    expect(demo.user.adminDataSharing).toBeUndefined()
    const tables = await query(
      fresh.postgresUrl,
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    )
    expect(tables).toEqual([{ n: 6 }])

    const other = await stores.fresh()
    await query(other.postgresUrl, 'CREATE TABLE users (id serial PRIMARY KEY, name text)')
    await expect(seedInto(other)).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' })
  })

  it('refuses to create the schema without the permission to, naming what to do', async () => {
    const fresh = await stores.fresh()
    await query(
      fresh.postgresUrl,
      "CREATE ROLE reader LOGIN PASSWORD 'reader'; REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
    )
    const url = new URL(fresh.postgresUrl)
    url.username = 'reader'
    url.password = 'reader'
    const attempt = seedInto({ ...fresh, postgresUrl: url.toString() })
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_PERMISSION_DENIED' })
    await expect(attempt).rejects.toThrow(/may not create the app's tables/)
    expect(await redisSnapshot(fresh.redisUrl)).toEqual(new Map())
  })
})

describe('removing an account', () => {
  it('removes the user, its PDLs, tokens, cache and rate-limit keys, and nothing else', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const other = await demo.addAccount({ index: 3 })
    const redis = redisClient(fresh.redisUrl)
    await redis.set(`rate_limit:${demo.user.id}:cached:2026-06-15`, '3')
    await redis.set('12345678901234:contract', 'x')
    await query(
      fresh.postgresUrl,
      "INSERT INTO tokens (id, user_id, usage_point_id, access_token, token_type, expires_at) VALUES ('t1', $1, '12345678901234', 'a', 'Bearer', now())",
      [demo.user.id],
    )
    const otherKeys = (await redis.keys('*00000000030001*')).length

    const removed = await removeDemoAccount({
      postgresUrl: fresh.postgresUrl,
      redisUrl: fresh.redisUrl,
    })
    expect(removed.userId).toBe(demo.user.id)
    expect(removed.usagePointIds).toEqual(['12345678901234', '98765432109876'])
    expect(await query(fresh.postgresUrl, 'SELECT email FROM users')).toEqual([
      { email: other.email },
    ])
    expect(
      await query(
        fresh.postgresUrl,
        'SELECT count(*)::int AS n FROM tokens WHERE user_id IS NOT NULL',
      ),
    ).toEqual([{ n: 0 }])
    expect(await redis.keys('*12345678901234*')).toEqual([])
    expect(await redis.keys('*98765432109876*')).toEqual([])
    expect(await redis.keys(`rate_limit:${demo.user.id}:*`)).toEqual([])
    expect((await redis.keys('*00000000030001*')).length).toBe(otherKeys)
    redis.disconnect()

    const again = await removeDemoAccount({
      postgresUrl: fresh.postgresUrl,
      redisUrl: fresh.redisUrl,
    })
    expect(again).toEqual({ userId: null, usagePointIds: [], cacheKeys: 0 })
  })
})
