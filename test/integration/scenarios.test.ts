import {
  type DemoAccount,
  removeDemoAccount,
  type Scenario,
  withDemoAccount,
} from '@myelectricaldata/demo-account'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningReferenceApp, startReferenceApp } from './support/reference-app.ts'

// Each account scenario, seeded by the library, gives the answer the app's code gives for that
// state (docs/app-contract/account-scenarios.md), as the e2e reference app plays it, per release.

interface Envelope {
  success: boolean
  data: Record<string, unknown> | null
  error: { code: string; message: string } | null
}

const RELEASES = [
  { appVersion: '1.5.0', release: '1.5', enedisUnavailable: 'ACCESS_DENIED' },
  { appVersion: '1.3.0', release: '1.3', enedisUnavailable: 'ACCESS_DENIED' },
  { appVersion: '1.22.0', release: '1.22', enedisUnavailable: 'ENEDIS_UNAVAILABLE' },
] as const

/** Account indexes of the scenarios: each gets its own email and PDL ids. */
const INDEX: Record<Scenario, number> = {
  'rate-limited': 1,
  'near-rate-limit': 2,
  unverified: 3,
  inactive: 4,
  admin: 5,
  'enedis-unavailable': 6,
  gaps: 7,
}

async function call(
  app: RunningReferenceApp,
  path: string,
  token: string,
): Promise<{ status: number; body: Envelope & { detail?: string } }> {
  const response = await fetch(`${app.url}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  return { status: response.status, body: await response.json() }
}

function dailyPath(account: DemoAccount, useCache = true, pdl = 0): string {
  const meter = account.readings[pdl]!.consumption!.daily
  const id = account.pdls[pdl]!.usagePointId
  return `/api/enedis/consumption/daily/${id}?start=${meter[0]!.date}&end=${account.referenceDate}&use_cache=${useCache}`
}

function batchPath(account: DemoAccount, pdl = 0): string {
  const curves = account.readings[pdl]!.consumption!.loadCurve
  const id = account.pdls[pdl]!.usagePointId
  return `/api/enedis/consumption/detail/batch/${id}?start=${curves[0]!.date}&end=${account.referenceDate}`
}

describe.each(RELEASES)('scenarios against the reference app playing $release', (release) => {
  let demo: DemoAccount
  let app: RunningReferenceApp
  let strictApp: RunningReferenceApp
  const accounts = {} as Record<Scenario, DemoAccount>

  beforeAll(async () => {
    // The demo email stays the environment's first account: the app exempts it from the token.
    demo = await withDemoAccount({ appVersion: release.appVersion, days: 30, bcryptRounds: 4 })
    for (const scenario of [
      'rate-limited',
      'near-rate-limit',
      'unverified',
      'inactive',
      'admin',
      'gaps',
    ] as const) {
      accounts[scenario] = await demo.addAccount({ index: INDEX[scenario], scenario })
    }
    const env = { ...demo.env, REFERENCE_RELEASE: release.release }
    ;[app, strictApp] = await Promise.all([
      startReferenceApp(env, demo.referenceDate),
      startReferenceApp({ ...env, REQUIRE_EMAIL_VERIFICATION: 'true' }, demo.referenceDate),
    ])
  }, 180_000)

  afterAll(async () => {
    await Promise.all([app?.stop(), strictApp?.stop()])
    await demo?.stop()
  })

  it('rate-limited: every data request is refused, cached or not, and nothing is counted', async () => {
    const account = accounts['rate-limited']
    const cached = await call(app, dailyPath(account), account.jwt)
    expect(cached.body.error).toEqual(
      expect.objectContaining({
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Daily rate limit exceeded (1000/1000). Try again tomorrow.',
      }),
    )
    const uncached = await call(app, dailyPath(account, false), account.jwt)
    expect(uncached.body.error?.message).toBe(
      'Daily rate limit exceeded (50/50). Use cache to increase limit.',
    )
    // A fully cached batch is never counted, so never refused.
    const batch = await call(app, batchPath(account), account.jwt)
    expect([batch.body.success, batch.body.error]).toEqual([true, null])
    const stats = await call(app, '/api/accounts/usage-stats', account.jwt)
    expect(stats.body.data).toEqual(
      expect.objectContaining({ cached_requests: 1000, no_cache_requests: 50 }),
    )
  })

  it("rate-limited fills a backend's own limits, given as dailyLimits", async () => {
    const limits = { USER_DAILY_LIMIT_WITH_CACHE: '20', USER_DAILY_LIMIT_NO_CACHE: '5' }
    const own = await startReferenceApp(
      { ...demo.env, REFERENCE_RELEASE: release.release, ...limits },
      demo.referenceDate,
    )
    try {
      const account = await demo.addAccount({
        index: 9,
        scenario: 'near-rate-limit',
        dailyLimits: { withCache: 20, noCache: 5 },
      })
      const first = await call(own, dailyPath(account), account.jwt)
      expect([first.body.success, first.body.error]).toEqual([true, null])
      const second = await call(own, dailyPath(account, false), account.jwt)
      expect(second.body.error?.code).toBe('ENEDIS_ERROR')
      for (const useCache of [true, false]) {
        const refused = await call(own, dailyPath(account, useCache), account.jwt)
        expect(refused.body.error?.message).toContain(useCache ? '(20/20)' : '(5/5)')
      }
    } finally {
      await own.stop()
    }
  })

  it('near-rate-limit: exactly one request of each kind is left', async () => {
    const account = accounts['near-rate-limit']
    const first = await call(app, dailyPath(account), account.jwt)
    expect([first.body.success, first.body.error]).toEqual([true, null])
    const second = await call(app, dailyPath(account), account.jwt)
    expect(second.body.error?.code).toBe('RATE_LIMIT_EXCEEDED')
    expect(second.body.error?.message).toContain('(1000/1000)')
    const uncached = await call(app, dailyPath(account, false), account.jwt)
    expect(uncached.body.error?.code).toBe('ENEDIS_ERROR') // counted, then Enedis is unreachable
    const refused = await call(app, dailyPath(account, false), account.jwt)
    expect(refused.body.error?.code).toBe('RATE_LIMIT_EXCEEDED')
  })

  it('unverified: 403 on every authenticated route when the app requires verification, until the token is used', async () => {
    const account = accounts.unverified
    expect(account.user.emailVerified).toBe(false)
    expect(account.emailVerificationToken).toMatch(/^[\w-]{43}$/)
    // With the app's default setting, it is served like any account.
    expect((await call(app, '/api/accounts/me', account.jwt)).status).toBe(200)
    for (const path of ['/api/accounts/me', '/api/pdl', dailyPath(account)]) {
      for (const token of [account.jwt, account.clientSecret]) {
        const refused = await call(strictApp, path, token)
        expect([path, refused.status, refused.body.detail]).toEqual([
          path,
          403,
          'Email not verified. Please check your email for verification link.',
        ])
      }
    }
    const verify = await fetch(
      `${strictApp.url}/api/accounts/verify-email?token=${account.emailVerificationToken}`,
    )
    expect(((await verify.json()) as Envelope).success).toBe(true)
    expect((await call(strictApp, '/api/accounts/me', account.jwt)).status).toBe(200)
  })

  it('inactive: login answers USER_INACTIVE without a cookie, tokens 401, the token route 403', async () => {
    const account = accounts.inactive
    const login = await fetch(`${app.url}/api/accounts/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    })
    expect(((await login.json()) as Envelope).error?.code).toBe('USER_INACTIVE')
    expect(login.headers.get('set-cookie')).toBeNull()
    for (const token of [account.jwt, account.clientSecret]) {
      const me = await call(app, '/api/accounts/me', token)
      expect([me.status, me.body.detail]).toEqual([401, 'Invalid authentication credentials'])
    }
    const token = await fetch(`${app.url}/api/accounts/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: account.clientId,
        client_secret: account.clientSecret,
      }),
    })
    expect(token.status).toBe(403)
  })

  it('admin: /me says admin with the admin role, the admin routes open, and the limit does not apply', async () => {
    const account = accounts.admin
    const me = await call(app, '/api/accounts/me', account.jwt)
    const role = me.body.data?.role as { name: string; permissions: unknown[] }
    expect([me.body.data?.is_admin, role.name, role.permissions]).toEqual([
      true,
      'admin',
      expect.arrayContaining([expect.objectContaining({ name: 'users', resource: 'users' })]),
    ])
    expect(role.permissions).toHaveLength(10)
    expect((await call(app, '/api/admin/users', account.jwt)).status).toBe(200)
    expect((await call(app, '/api/admin/users', accounts.gaps.jwt)).status).toBe(403)
    // Counters at the limit do not stop an admin (the app's limit for admins is 999999).
    const redis = new Redis(demo.redis.url)
    const day = new Date().toISOString().slice(0, 10)
    await redis.set(`rate_limit:${account.user.id}:cached:${day}`, '1000', 'EX', 600)
    redis.disconnect()
    const served = await call(app, dailyPath(account), account.jwt)
    expect([served.body.success, served.body.error]).toEqual([true, null])
  })

  it('gaps: the daily route serves every day but the listed ones, and the batch route asks Enedis for exactly those', async () => {
    const account = accounts.gaps
    expect(account.gaps.map((gap) => gap.usagePointId)).toEqual(
      account.pdls.map((pdl) => pdl.usagePointId),
    )
    const missing = account.gaps[0]!.days
    expect(missing.length).toBeGreaterThan(0)
    const daily = await call(app, dailyPath(account), account.jwt)
    const meterReading = daily.body.data!.meter_reading as {
      interval_reading: { date: string }[]
    }
    const served = meterReading.interval_reading.map((reading) => reading.date)
    const seeded = account.readings[0]!.consumption!.daily.map((day) => day.date)
    expect(served).toEqual(seeded.filter((day) => !missing.includes(day)))
    const batch = await call(app, batchPath(account), account.jwt)
    expect(batch.body.success).toBe(true)
    const redis = new Redis(demo.redis.url)
    const failures = await redis.keys(`enedis:fail:${account.pdls[0]!.usagePointId}:*`)
    redis.disconnect()
    expect(failures.map((key) => key.split(':').at(-1)).sort()).toEqual([...missing])
  })

  it(`enedis-unavailable: every account but the demo email gets ${release.enedisUnavailable}, until the account is removed`, async () => {
    const unavailable = await demo.addAccount({
      index: INDEX['enedis-unavailable'],
      scenario: 'enedis-unavailable',
    })
    const other = accounts.gaps
    // Another account seeded meanwhile leaves the store-wide state as it is.
    await demo.addAccount({ index: 8 })
    const stats = async () =>
      (await call(app, '/api/accounts/usage-stats', other.jwt)).body.data?.cached_requests
    const before = await stats()
    for (const account of [unavailable, other]) {
      const refused = await call(app, dailyPath(account), account.jwt)
      expect(refused.body.error?.code).toBe(release.enedisUnavailable)
    }
    // The token is answered first: the refusal costs no request.
    expect(await stats()).toBe(before)
    const control = await call(app, dailyPath(demo), demo.jwt)
    expect([control.body.success, control.body.error]).toEqual([true, null])
    await removeDemoAccount({
      postgresUrl: demo.postgres.url,
      redisUrl: demo.redis.url,
      email: unavailable.email,
    })
    const back = await call(app, dailyPath(other, true, 1), other.jwt)
    expect(back.body.success).toBe(true)
    // Seeding the account again without the scenario gives the token back too.
    await demo.addAccount({ index: INDEX['enedis-unavailable'], scenario: 'enedis-unavailable' })
    expect((await call(app, dailyPath(other, true, 1), other.jwt)).body.success).toBe(false)
    await demo.addAccount({ index: INDEX['enedis-unavailable'] })
    expect((await call(app, dailyPath(other, true, 1), other.jwt)).body.success).toBe(true)
  })

  it('seeding an account again without its scenario gives it back as a plain account', async () => {
    const again = await demo.addAccount({ index: INDEX['rate-limited'] })
    expect(again.scenarios).toEqual([])
    const served = await call(app, dailyPath(again), again.jwt)
    expect([served.body.success, served.body.error]).toEqual([true, null])
    const plain = await demo.addAccount({ index: INDEX.inactive })
    expect(plain.user.isActive).toBe(true)
    const me = await call(app, '/api/accounts/me', plain.jwt)
    expect(me.status).toBe(200)
  })
})
