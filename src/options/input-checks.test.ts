import { afterEach, describe, expect, it } from 'vitest'
import { DemoAccountError } from '../errors.ts'
import { parisDate } from '../readings/calendar.ts'
import type { DemoAccountOptions } from './demo-account-options.ts'
import { resolveDemoAccountOptions } from './resolve-options.ts'

function problemsOf(options: DemoAccountOptions): readonly string[] {
  try {
    resolveDemoAccountOptions(options)
  } catch (error) {
    expect(error).toBeInstanceOf(DemoAccountError)
    expect((error as DemoAccountError).code).toBe('INVALID_OPTION')
    return (error as DemoAccountError).problems
  }
  throw new Error('expected the options to be refused')
}

const VARIABLES = [
  'MED_DEMO_DATABASE_URL',
  'MED_DEMO_REDIS_URL',
  'MED_DEMO_POSTGRES_IMAGE',
  'MED_DEMO_REDIS_IMAGE',
] as const
const saved = VARIABLES.map((name) => process.env[name])
afterEach(() => {
  VARIABLES.forEach((name, i) => {
    if (saved[i] === undefined) delete process.env[name]
    else process.env[name] = saved[i]
  })
})

describe('secretKey', () => {
  it('refuses an empty key, which the app refuses at start', () => {
    expect(problemsOf({ secretKey: '' })).toEqual([
      '`secretKey` must be a non-empty string (the app refuses to start on an empty SECRET_KEY); leave it out for a random one',
    ])
  })

  it("refuses a word the app's production check refuses, unless allowWeakSecretKey", () => {
    for (const key of [
      'my-TEST-key',
      'dev-key',
      'ChangeMe',
      'supersecret',
      'password1',
      'example',
    ]) {
      const [problem] = problemsOf({ secretKey: key })
      expect(problem, key).toMatch(
        /^`secretKey` contains "[a-z-]+", and the app \(1\.4\.1 and later\) refuses to start/,
      )
      expect(problem, key).toContain(
        'pass `allowWeakSecretKey: true` if your backend runs with DEBUG=true',
      )
    }
    expect(
      resolveDemoAccountOptions({ secretKey: 'my-test-key', allowWeakSecretKey: true }).secretKey,
    ).toBe('my-test-key')
    expect(resolveDemoAccountOptions({ secretKey: 'k3y-of-the-backend' }).secretKey).toBe(
      'k3y-of-the-backend',
    )
    expect(problemsOf({ allowWeakSecretKey: 'yes' as never })).toEqual([
      '`allowWeakSecretKey` must be a boolean',
    ])
  })
})

describe('referenceDate', () => {
  it('refuses a date after today, saying the app would never serve it', () => {
    const [problem] = problemsOf({ referenceDate: '2998-01-01' })
    expect(problem).toBe(
      `\`referenceDate\` "2998-01-01" is after today (${parisDate(Date.now())}, Europe/Paris): the app caps every end date to yesterday, so readings from today on would never be served; use today or an earlier date`,
    )
  })

  it('accepts today, the default', () => {
    const today = parisDate(Date.now())
    expect(resolveDemoAccountOptions({ referenceDate: today }).window.lastDate < today).toBe(true)
  })
})

describe('store URLs and images', () => {
  it('checks a URL where it was given, naming the option', () => {
    expect(problemsOf({ postgres: { url: 'not a url' } })[0]).toMatch(
      /^`postgres\.url` is not a usable URL: The Postgres URL not a url cannot be parsed/,
    )
    expect(problemsOf({ redis: { url: 'http://localhost:6379' } })[0]).toMatch(
      /^`redis\.url` is not a usable URL: The Redis URL http:\/\/localhost:6379 has the scheme "http:"/,
    )
  })

  it('names the variable a URL or an image came from', () => {
    process.env.MED_DEMO_DATABASE_URL = 'mysql://localhost/db'
    process.env.MED_DEMO_REDIS_IMAGE = 'Redis:7!'
    expect(problemsOf({})).toEqual([
      expect.stringMatching(
        /^MED_DEMO_DATABASE_URL is not a usable URL: .*has the scheme "mysql:"/,
      ),
      'MED_DEMO_REDIS_IMAGE "Redis:7!" is not an image reference; use name[:tag], such as "postgres:16-alpine" or "localhost/med-demo/redis:7"',
    ])
  })

  it('accepts the image references engines accept', () => {
    for (const image of [
      'postgres:16-alpine',
      'localhost/med-demo/postgres:15',
      'registry.example.com:5000/team/redis:7.2.4',
      'valkey/valkey:8-alpine',
      `postgres@sha256:${'a'.repeat(64)}`,
    ]) {
      expect(resolveDemoAccountOptions({ postgres: { image } }).postgres.image, image).toBe(image)
    }
    expect(problemsOf({ postgres: { image: 'has space:1' } })[0]).toContain(
      '`postgres.image` "has space:1" is not an image reference',
    )
  })
})
