import { describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetKeyFromClientSecret } from '../../src/cache/fernet.ts'
import { snapshot } from '../../src/redis/cache-transaction.ts'
import { seedAccountWhenPlanned } from '../../src/seed/seed-account.ts'
import { crossCheck } from './support/cross-check.ts'
import { runCli } from './support/run-cli.ts'
import { seedInto } from './support/seed-into.ts'
import { query, redisClient, redisSnapshot, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

/** How many times the server ran each command so far (INFO commandstats), by lower-case name. */
async function commandCalls(redisUrl: string): Promise<Map<string, number>> {
  const redis = redisClient(redisUrl)
  try {
    const info = await redis.info('commandstats')
    return new Map(
      [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, name, calls]) => [
        name!,
        Number(calls),
      ]),
    )
  } finally {
    redis.disconnect()
  }
}

/** Keys (with their values) of the database whose name does not contain any of the PDL ids. */
function keysOfOthers(snapshot: Map<string, string>, pdls: readonly string[]) {
  return new Map([...snapshot].filter(([key]) => !pdls.some((pdl) => key.includes(pdl))))
}

describe('seeding into stores that hold other accounts', () => {
  it("reads no key but its own: no SCAN of the keyspace, the others' keys untouched", async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    await demo.addAccount({ index: 1 })
    const before = await redisSnapshot(fresh.redisUrl)
    const calls = await commandCalls(fresh.redisUrl)
    const added = await demo.addAccount({ index: 2 })
    const after = await commandCalls(fresh.redisUrl)
    // SCAN and KEYS read the whole keyspace, so their cost grows with every account already there.
    expect((after.get('scan') ?? 0) - (calls.get('scan') ?? 0)).toBe(0)
    expect((after.get('keys') ?? 0) - (calls.get('keys') ?? 0)).toBe(0)
    const pdls = added.pdls.map((pdl) => pdl.usagePointId)
    expect(keysOfOthers(await redisSnapshot(fresh.redisUrl), pdls)).toEqual(before)
    expect([...before.keys()].some((key) => key.includes(pdls[0]!))).toBe(false)
  })

  it('still removes the keys of an earlier seed of the same meters that this one does not write', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh, { days: 30 })
    const pdl = demo.pdls[0]!.usagePointId
    const redis = redisClient(fresh.redisUrl)
    try {
      await redis.set(`enedis:failures:${pdl}:count`, '3')
      expect(await redis.keys(`consumption:daily:${pdl}:????-??-??`)).toHaveLength(30)
      await seedInto(fresh, { days: 10 })
      expect(await redis.keys(`consumption:daily:${pdl}:????-??-??`)).toHaveLength(10)
      expect(await redis.exists(`enedis:failures:${pdl}:count`)).toBe(0)
    } finally {
      redis.disconnect()
    }
  })
})

/** The decrypted value of a cache key, read with the account's own client secret. */
async function cachedJson(redisUrl: string, clientSecret: string, key: string): Promise<unknown> {
  const redis = redisClient(redisUrl)
  try {
    const token = await redis.get(key)
    const plain = token && fernetDecrypt(fernetKeyFromClientSecret(clientSecret), token)
    return plain ? JSON.parse(plain.toString()) : undefined
  } finally {
    redis.disconnect()
  }
}

describe('snapshot(keys)', () => {
  it('finds a key past the first thousand among thousands that do not exist, with its value and TTL', async () => {
    const { redisUrl } = await stores.fresh()
    const redis = redisClient(redisUrl)
    try {
      const keys = Array.from({ length: 2_500 }, (_, i) => `consumption:daily:snap:${i}`)
      expect((await snapshot(redis, keys)).existing.size).toBe(0)
      await redis.set(keys[2_345]!, 'kept', 'EX', 600)
      const before = await snapshot(redis, keys)
      expect([...before.existing.keys()]).toEqual([keys[2_345]])
      const { dump, pttl } = before.existing.get(keys[2_345]!)!
      expect(pttl).toBeGreaterThan(590_000)
      await redis.del(keys[2_345]!)
      await redis.restore(keys[2_345]!, pttl, dump)
      expect(await redis.get(keys[2_345]!)).toBe('kept')
    } finally {
      redis.disconnect()
    }
  })
})

describe('connecting while the plan is made', () => {
  it("throws the plan's error and closes both connections it opened meanwhile", async () => {
    const fresh = await stores.fresh()
    const database = new URL(fresh.postgresUrl).pathname.slice(1)
    const connections = async () =>
      (
        await query(
          stores.postgresUrl,
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [database],
        )
      )[0]!.n
    const redisClients = async () => {
      const redis = redisClient(stores.redisUrl)
      try {
        return String(await redis.client('LIST'))
          .trim()
          .split('\n').length
      } finally {
        redis.disconnect()
      }
    }
    const before = { postgres: await connections(), redis: await redisClients() }
    const failing = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the plan failed')), 300),
    )
    await expect(seedAccountWhenPlanned(fresh, failing, 0)).rejects.toThrow('the plan failed')
    expect({ postgres: await connections(), redis: await redisClients() }).toEqual(before)
    expect(await query(fresh.postgresUrl, "SELECT to_regclass('users') AS users")).toEqual([
      { users: null },
    ])
  })
})

describe('addAccounts(count)', () => {
  it('seeds accounts with distinct emails and PDL ids, each valid for the app', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    const calls = await commandCalls(fresh.redisUrl)
    const accounts = await demo.addAccounts(5, { startIndex: 3 })
    const after = await commandCalls(fresh.redisUrl)
    expect((after.get('scan') ?? 0) - (calls.get('scan') ?? 0)).toBe(0)
    expect(accounts.map((account) => account.email)).toEqual([
      'demo-3@example.com',
      'demo-4@example.com',
      'demo-5@example.com',
      'demo-6@example.com',
      'demo-7@example.com',
    ])
    const pdls = accounts.flatMap((account) => account.pdls.map((pdl) => pdl.usagePointId))
    expect(new Set(pdls).size).toBe(10)
    expect(pdls.slice(0, 2)).toEqual(['00000000030001', '00000000030002'])
    const rows = await query(
      fresh.postgresUrl,
      'SELECT u.email, count(p.id)::int AS pdls FROM users u JOIN pdls p ON p.user_id = u.id GROUP BY u.email ORDER BY u.email',
    )
    expect(rows).toHaveLength(6)
    expect(rows.every((row) => row.pdls === 2)).toBe(true)
    for (const account of accounts) {
      const pdl = account.pdls[0]!.usagePointId
      const lastDay = account.readings[0]!.consumption!.daily.at(-1)!
      expect(
        await cachedJson(
          fresh.redisUrl,
          account.clientSecret,
          `consumption:daily:${pdl}:${lastDay.date}`,
        ),
      ).toEqual({ value: String(lastDay.wh), date: lastDay.date })
    }
    // The Python libraries the app uses accept the last account's password, JWT and cache.
    const last = accounts.at(-1)!
    const key = `consumption:daily:${last.pdls[1]!.usagePointId}:2026-06-14`
    const redis = redisClient(fresh.redisUrl)
    const token = (await redis.get(key))!
    redis.disconnect()
    const report = crossCheck({
      password: last.password,
      passwordHash: last.user.hashedPassword,
      jwt: last.jwt,
      secretKey: last.secretKey,
      clientSecret: last.clientSecret,
      entries: [{ key, token }],
    })
    expect(report.passwordMatches).toBe(true)
    expect(report.claims.sub).toBe(last.user.id)
    expect(report.entries[0]!.sameBytesAsJsonDumps).toBe(true)
  })

  it('keeps the accounts before a failing one, leaves the failing one and those after unwritten, and says so', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    // Someone else already owns the first PDL id of account 3.
    await demo.addAccount({
      email: 'owner@example.com',
      pdls: [{ usagePointId: '00000000030001' }],
    })
    const attempt = demo.addAccounts(5)
    await expect(attempt).rejects.toMatchObject({ code: 'PDL_CONFLICT' })
    await expect(attempt).rejects.toThrow(
      /^\[demo-account\] addAccounts\(\) failed at account 3 of 5 \(demo-3@example\.com\): PDL 00000000030001 already belongs to owner@example\.com.* The 2 account\(s\) before it \(demo-1@example\.com to demo-2@example\.com\) were seeded and stay in the stores;.* The 2 account\(s\) after it were not written\.$/s,
    )
    const emails = await query(fresh.postgresUrl, 'SELECT email FROM users ORDER BY email')
    expect(emails.map((row) => row.email)).toEqual([
      'demo-1@example.com',
      'demo-2@example.com',
      'demo@myelectricaldata.fr',
      'owner@example.com',
    ])
    const keys = [...(await redisSnapshot(fresh.redisUrl)).keys()]
    expect(keys.some((key) => key.includes('00000000020001'))).toBe(true)
    for (const index of [3, 4, 5]) {
      expect(keys.some((key) => key.includes(`0000000${index}0002`))).toBe(false)
    }
  })

  it('refuses bad input before writing anything, in the words of addAccounts()', async () => {
    const fresh = await stores.fresh()
    const demo = await seedInto(fresh)
    await expect(demo.addAccounts(0)).rejects.toThrow(
      'Invalid addAccounts() options: `count` must be a whole number from 1 to 99999 (the last index is 99999), got 0',
    )
    await expect(
      demo.addAccounts(2, { pdls: [{ usagePointId: '11111111111111' } as never] }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(demo.addAccounts(2, { pdls: [{ profile: 'nope' as never }] })).rejects.toThrow(
      /^\[demo-account\] Invalid addAccounts\(\) options: /,
    )
    expect(await query(fresh.postgresUrl, 'SELECT email FROM users')).toHaveLength(1)
  })
})

describe('med-demo seed --accounts N', () => {
  it('seeds the demo account and N load-test accounts, listed by --json, summed up otherwise', async () => {
    const fresh = await stores.fresh()
    const args = ['seed', '--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
    const small = ['--reference-date', '2026-06-15', '--days', '20']
    const json = await runCli([...args, ...small, '--accounts', '3', '--json'])
    expect(json.code, json.stderr).toBe(0)
    const report = JSON.parse(json.stdout)
    expect(report.account.email).toBe('demo@myelectricaldata.fr')
    expect(report.accounts.map((account: { email: string }) => account.email)).toEqual([
      'demo-1@example.com',
      'demo-2@example.com',
      'demo-3@example.com',
    ])
    expect(report.accounts[2].usagePointIds).toEqual(['00000000030001', '00000000030002'])
    expect(await query(fresh.postgresUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([
      { n: 4 },
    ])
    const summary = await runCli([...args, ...small, '--accounts', '2'])
    expect(summary.code, summary.stderr).toBe(0)
    expect(summary.stderr).toMatch(
      /Seeded 2 account\(s\) in [\d.]+ s: demo-1@example\.com to demo-2@example\.com/,
    )
    expect(summary.stdout).not.toContain(report.accounts[0].clientSecret)
    const refused = await runCli([...args, '--accounts', '0'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--accounts takes a whole number from 1 to 99999, got "0"')
  })
})
