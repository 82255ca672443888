import { type DemoAccount, withDemoAccount } from '@myelectricaldata/demo-account'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetKeyFromClientSecret } from '../../src/cache/fernet.ts'
import { crossCheck } from './support/cross-check.ts'
import { query, redisClient } from './support/test-stores.ts'

const REFERENCE_DATE = '2026-06-15'

/** The decrypted values the cross-check returns, loosely typed for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: JSON of several shapes, checked by the assertions.
type Entry = any
let demo: DemoAccount

beforeAll(async () => {
  demo = await withDemoAccount({ referenceDate: REFERENCE_DATE })
})

afterAll(async () => {
  await demo?.stop()
})

describe('withDemoAccount() with the defaults', () => {
  it('seeds the demo user as the app writes users', async () => {
    const [user] = await query(demo.postgres.url, 'SELECT * FROM users WHERE email = $1', [
      demo.email,
    ])
    expect(user).toMatchObject({
      id: demo.user.id,
      email: 'demo@myelectricaldata.fr',
      is_active: true,
      is_admin: false,
      email_verified: true,
      debug_mode: false,
      role_id: null,
      admin_data_sharing: false,
    })
    expect(user?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(user?.hashed_password).toMatch(/^\$2b\$12\$[./A-Za-z0-9]{53}$/)
    expect(user?.client_id).toMatch(/^cli_[A-Za-z0-9_-]{43}$/)
    expect(user?.client_secret).toMatch(/^[A-Za-z0-9_-]{86}$/)
    expect([demo.clientId, demo.clientSecret]).toEqual([user?.client_id, user?.client_secret])
    expect(demo.password).toBe('DemoPassword123!')
  })

  it('seeds the two default PDLs with the shapes the app and its frontend parse', async () => {
    const rows = await query(demo.postgres.url, 'SELECT * FROM pdls ORDER BY display_order')
    expect(
      rows.map((row) => [
        row.usage_point_id,
        row.has_consumption,
        row.has_production,
        row.display_order,
      ]),
    ).toEqual([
      ['12345678901234', true, false, 1],
      ['98765432109876', true, true, 2],
    ])
    for (const row of rows) {
      expect(row).toMatchObject({ user_id: demo.user.id, is_active: true, pricing_option: 'HC_HP' })
      expect(row.offpeak_hours).toEqual({ ranges: ['22:00-06:00'] })
      expect(row.subscribed_power).toBeGreaterThan(0)
    }
    expect(demo.pdls.map((pdl) => pdl.usagePointId)).toEqual(['12345678901234', '98765432109876'])
  })

  it('creates the whole 1.5.0 schema, marked as migrated to 007, with the default roles', async () => {
    const tables = await query<{ table_name: string }>(
      demo.postgres.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
    expect(tables.map((row) => row.table_name)).toEqual([
      'alembic_version',
      'contribution_messages',
      'ecowatt',
      'email_verification_tokens',
      'energy_offers',
      'energy_providers',
      'offer_contributions',
      'password_reset_tokens',
      'pdls',
      'permissions',
      'refresh_tracker',
      'role_permissions',
      'roles',
      'tempo_days',
      'tokens',
      'users',
    ])
    expect(await query(demo.postgres.url, 'SELECT version_num FROM alembic_version')).toEqual([
      { version_num: '007' },
    ])
    const grants = await query<{ name: string; count: string }>(
      demo.postgres.url,
      'SELECT r.name, count(rp.permission_id) FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id GROUP BY r.name ORDER BY r.name',
    )
    expect(grants).toEqual([
      { name: 'admin', count: '10' },
      { name: 'moderator', count: '5' },
      { name: 'visitor', count: '0' },
    ])
  })

  it('seeds the global Enedis token the app needs to read the cache of non-demo accounts', async () => {
    const tokens = await query(
      demo.postgres.url,
      "SELECT user_id, token_type, expires_at > now() + interval '5 years' AS far FROM tokens WHERE usage_point_id = '__global__'",
    )
    expect(tokens).toEqual([{ user_id: null, token_type: 'Bearer', far: true }])
  })

  it('caches every day of the daily consumption in Wh, encrypted with the client secret, for a day', async () => {
    const redis = redisClient(demo.redis.url)
    try {
      const key = fernetKeyFromClientSecret(demo.clientSecret)
      for (const meter of demo.readings) {
        const days = meter.consumption!.daily
        expect(days).toHaveLength(1096)
        expect(days.at(-1)?.date).toBe('2026-06-14')
        const keys = days.map((day) => `consumption:daily:${meter.usagePointId}:${day.date}`)
        const tokens = await redis.mget(...keys)
        const values = tokens.map((token) => JSON.parse(fernetDecrypt(key, token!)!.toString()))
        expect(values).toEqual(days.map((day) => ({ value: String(day.wh), date: day.date })))
        const ttl = await redis.ttl(keys[0]!)
        expect(ttl).toBeGreaterThan(86_300)
        expect(ttl).toBeLessThanOrEqual(86_400)
      }
    } finally {
      redis.disconnect()
    }
  })

  it('caches load curves for the two years the batch endpoint serves, and range keys for the frontend', async () => {
    const redis = redisClient(demo.redis.url)
    try {
      const detail = await redis.keys('consumption:detail:daily:12345678901234:*')
      // [max(2024-06-15, reference - 729 days), 2026-06-14]
      expect(detail).toHaveLength(729)
      expect(await redis.keys('production:detail:daily:98765432109876:*')).toHaveLength(729)
      expect(await redis.keys('production:detail:daily:12345678901234:*')).toHaveLength(0)
      // The frontend asks for yesterday - 1095 days to yesterday, as power and production range keys.
      expect(await redis.exists('12345678901234:power:end:2026-06-14:start:2023-06-15')).toBe(1)
      expect(
        await redis.exists('98765432109876:production_daily:end:2026-06-14:start:2023-06-15'),
      ).toBe(1)
      expect(await redis.exists('consumption:daily:12345678901234:2023-06-15:2026-06-14')).toBe(1)
      expect(await redis.exists('consumption:reading_type:12345678901234')).toBe(1)
    } finally {
      redis.disconnect()
    }
  })

  it("caches max power and production for each yearly chunk the frontend's page hooks ask for", async () => {
    const redis = redisClient(demo.redis.url)
    const key = fernetKeyFromClientSecret(demo.clientSecret)
    const read = async (name: string): Promise<Entry> => {
      const token = await redis.get(name)
      return token === null ? null : JSON.parse(fernetDecrypt(key, token)!.toString())
    }
    try {
      // yesterday - 1094 days to yesterday, split as the hooks split it (dates worked out by hand).
      const chunks = [
        ['2023-06-16', '2024-06-15'],
        ['2024-06-16', '2025-06-15'],
        ['2025-06-16', '2026-06-14'],
      ]
      const [home, solar] = demo.readings
      for (const [start, end] of chunks) {
        const power = await read(`12345678901234:power:end:${end}:start:${start}`)
        const peaks = home!.consumption!.maxPower.filter((p) => p.date >= start! && p.date <= end!)
        expect(power.meter_reading).toMatchObject({ usage_point_id: '12345678901234', start, end })
        expect(power.meter_reading.interval_reading).toEqual(
          peaks.map((p) => ({ value: String(p.va), date: p.at })),
        )
        const production = await read(`98765432109876:production_daily:end:${end}:start:${start}`)
        const days = solar!.production!.daily.filter((d) => d.date >= start! && d.date <= end!)
        expect(production.meter_reading.interval_reading).toEqual(
          days.map((d) => ({ value: String(d.wh), date: d.date })),
        )
      }
    } finally {
      redis.disconnect()
    }
  })

  it('is accepted by the Python libraries the app uses: bcrypt, python-jose and Fernet', async () => {
    const redis = redisClient(demo.redis.url)
    const keys = [
      'consumption:daily:12345678901234:2026-06-14',
      'consumption:reading_type:12345678901234',
      'consumption:detail:daily:98765432109876:2026-03-29',
      'production:detail:daily:98765432109876:2025-06-21',
      '12345678901234:power:end:2026-06-14:start:2023-06-15',
    ]
    const tokens = await redis.mget(...keys)
    redis.disconnect()
    const report = crossCheck({
      password: demo.password,
      passwordHash: demo.user.hashedPassword,
      jwt: demo.jwt,
      secretKey: demo.secretKey,
      clientSecret: demo.clientSecret,
      entries: keys.map((key, i) => ({ key, token: tokens[i]! })),
    })
    expect(report.passwordMatches).toBe(true)
    expect(report.wrongPasswordMatches).toBe(false)
    expect(report.header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(Object.keys(report.claims).sort()).toEqual(['exp', 'sub'])
    expect(report.claims.sub).toBe(demo.user.id)
    const thirtyDays = Math.floor(Date.now() / 1000) + 30 * 86_400
    expect(Math.abs(Number(report.claims.exp) - thirtyDays)).toBeLessThan(120)
    expect(report.entries.every((entry) => entry.sameBytesAsJsonDumps)).toBe(true)

    const [daily, readingType, springDetail, summerProduction, power] = report.entries.map(
      (entry) => entry.value,
    ) as Entry[]
    const home = demo.readings[0]!
    expect(daily).toEqual({ value: String(home.consumption!.daily.at(-1)!.wh), date: '2026-06-14' })
    expect(readingType).toEqual({
      measurement_kind: 'energy',
      measuring_period: 'P1D',
      unit: 'Wh',
      aggregate: 'sum',
    })
    // The day clocks go forward has 46 half hours; the app still expects 48 and counts 90 % a hit.
    expect(springDetail).toMatchObject({ expected_count: 48, interval_length: 'PT30M', count: 46 })
    expect(springDetail.readings[0]).toEqual({
      value: expect.stringMatching(/^\d+$/),
      date: '2026-03-29 00:00:00',
      interval_length: 'PT30M',
      measure_type: 'B',
    })
    const solar = demo.readings[1]!
    const june21 = solar.production!.loadCurve.find((curve) => curve.date === '2025-06-21')!
    expect(
      summerProduction.readings.map((reading: { value: string }) => Number(reading.value)),
    ).toEqual(june21.watts)
    expect(power.meter_reading.reading_type).toEqual({
      measurement_kind: 'power',
      measuring_period: 'P1D',
      unit: 'VA',
      aggregate: 'maximum',
    })
    expect(power.meter_reading.interval_reading).toHaveLength(1096)
  })

  it("gives the env a backend needs, in the app's forms", () => {
    expect(demo.env.DATABASE_URL).toMatch(
      /^postgresql\+asyncpg:\/\/myelectricaldata:[^@]+@[^/]+\/myelectricaldata$/,
    )
    expect(demo.env.REDIS_URL).toBe(demo.redis.url)
    expect(demo.env.SECRET_KEY).toBe(demo.secretKey)
    expect(demo.secretKey).toMatch(/^[0-9a-f]{64}$/)
  })
})
