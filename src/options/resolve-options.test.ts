import { describe, expect, it } from 'vitest'
import { DemoAccountError } from '../errors.ts'
import { resolveAddAccountOptions, resolveDemoAccountOptions } from './resolve-options.ts'

function problemsOf(options: unknown): readonly string[] {
  try {
    resolveDemoAccountOptions(options as never)
  } catch (error) {
    expect(error).toBeInstanceOf(DemoAccountError)
    expect((error as DemoAccountError).code).toBe('INVALID_OPTION')
    return (error as DemoAccountError).problems
  }
  throw new Error('expected the options to be refused')
}

describe('resolveDemoAccountOptions', () => {
  it('fills in the defaults of the demo account', () => {
    const resolved = resolveDemoAccountOptions({ referenceDate: '2026-11-24' })
    expect(resolved.account).toMatchObject({
      seed: 'demo',
      email: 'demo@myelectricaldata.fr',
      password: 'DemoPassword123!',
      debugMode: false,
    })
    expect(
      resolved.account.pdls.map((pdl) => [
        pdl.usagePointId,
        pdl.profile,
        pdl.subscribedPower,
        pdl.hasProduction,
      ]),
    ).toEqual([
      ['12345678901234', 'main-home', 6, false],
      ['98765432109876', 'solar-home', 9, true],
    ])
    expect(resolved.window).toEqual({
      referenceDate: '2026-11-24',
      days: 1096,
      firstDate: '2023-11-24',
      lastDate: '2026-11-23',
      loadCurveFrom: '2024-11-25',
    })
    expect([resolved.bcryptRounds, resolved.cacheTtlSeconds, resolved.allowRemote]).toEqual([
      12,
      86_400,
      false,
    ])
  })

  it('names an unknown option and the known ones', () => {
    expect(problemsOf({ dayz: 3 })).toEqual([
      'unknown option `dayz`; known options are `seed`, `referenceDate`, `days`, `email`, `password`, `secretKey`, `allowWeakSecretKey`, `bcryptRounds`, `cacheTtlSeconds`, `allowRemote`, `startupTimeoutMs`, `pdls`, `debugMode`, `postgres`, `redis`, `appVersion`, `appMode`, `appSchema`, `scenario`, `dailyLimits`, `reuse`, `engine`',
    ])
  })

  it('keeps debugMode a boolean: the app logs every cache hit of a user in debug mode', () => {
    expect(resolveDemoAccountOptions({ debugMode: true }).account.debugMode).toBe(true)
    expect(problemsOf({ debugMode: 'yes' })).toEqual(['`debugMode` must be a boolean, got string'])
  })

  it('refuses a malformed PDL id, saying what the app requires', () => {
    expect(problemsOf({ pdls: [{ usagePointId: '1234' }] })).toEqual([
      '`pdls[0].usagePointId` "1234" is not a PDL id: the app requires exactly 14 digits (^\\d{14}$)',
    ])
  })

  it('refuses impossible dates and days out of range, listing every problem at once', () => {
    expect(() => resolveDemoAccountOptions({ referenceDate: '2025-02-29', days: 0 })).toThrow(
      '[demo-account] Invalid options (2 problems):\n' +
        '  - `referenceDate` "2025-02-29" is not a date; use YYYY-MM-DD, such as "2025-06-30"\n' +
        '  - `days` must be a whole number from 1 to 1096 (the app serves three years of daily data), got 0',
    )
  })

  it("refuses emails the app's login would reject and lower-cases the domain", () => {
    expect(problemsOf({ email: 'someone@host.test' })[0]).toContain('special-use domain ".test"')
    expect(problemsOf({ email: 'not-an-email' })[0]).toContain('is not an address the app accepts')
    expect(resolveDemoAccountOptions({ email: 'Jane.Doe@Example.COM' }).account.email).toBe(
      'Jane.Doe@example.com',
    )
  })

  it('refuses a password bcrypt cannot check and a PDL listed twice', () => {
    expect(problemsOf({ password: 'x'.repeat(73) })[0]).toContain('longer than 72 bytes')
    expect(
      problemsOf({
        pdls: [{ usagePointId: '11111111111111' }, { usagePointId: '11111111111111' }],
      }),
    ).toEqual(['usage point id 11111111111111 is listed twice in `pdls`; each meter needs its own'])
  })

  it('reads store URLs and images from the environment when options do not give them', () => {
    const names = [
      'MED_DEMO_DATABASE_URL',
      'MED_DEMO_REDIS_URL',
      'MED_DEMO_POSTGRES_IMAGE',
      'MED_DEMO_REDIS_IMAGE',
    ]
    const saved = names.map((name) => process.env[name])
    for (const name of names) delete process.env[name]
    process.env.MED_DEMO_DATABASE_URL = 'postgres://u:p@localhost:5432/db'
    process.env.MED_DEMO_REDIS_IMAGE = 'valkey/valkey:8-alpine'
    try {
      const resolved = resolveDemoAccountOptions({})
      expect(resolved.postgres).toEqual({
        url: 'postgres://u:p@localhost:5432/db',
        image: 'postgres:16-alpine',
      })
      expect(resolved.redis).toEqual({ url: undefined, image: 'valkey/valkey:8-alpine' })
      expect(resolveDemoAccountOptions({ postgres: { image: 'postgres:17' } }).postgres.image).toBe(
        'postgres:17',
      )
    } finally {
      names.forEach((name, i) => {
        if (saved[i] === undefined) delete process.env[name]
        else process.env[name] = saved[i]
      })
    }
  })
})

describe('resolveAddAccountOptions', () => {
  it('derives a distinct email and PDL ids from an index', () => {
    const account = resolveAddAccountOptions({ index: 7 }, 'demo')
    expect(account.email).toBe('demo-7@example.com')
    expect(account.pdls.map((pdl) => pdl.usagePointId)).toEqual([
      '00000000070001',
      '00000000070002',
    ])
  })

  it('derives PDL ids from the email when no index is given, and needs one of the two', () => {
    const a = resolveAddAccountOptions({ email: 'a@example.com' }, 'demo').pdls[0]!.usagePointId
    const b = resolveAddAccountOptions({ email: 'b@example.com' }, 'demo').pdls[0]!.usagePointId
    expect(a).not.toBe(b)
    expect(a).not.toBe('12345678901234')
    expect(() => resolveAddAccountOptions({}, 'demo')).toThrow(/give `index`/)
  })
})
