import { afterEach, describe, expect, it } from 'vitest'
import { ENV } from '../internal/environment.ts'
import type { DemoAccountOptions } from '../options/demo-account-options.ts'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import {
  canonicalJson,
  type ReuseLayout,
  reuseFingerprint,
  reuseSetupKey,
} from './reuse-fingerprint.ts'

const ACCOUNT: ReuseLayout = { kind: 'account', redisDatabases: 16 }
const BASE: DemoAccountOptions = { referenceDate: '2026-11-24', seed: 'fp' }

function fingerprint(options: DemoAccountOptions = {}, layout: ReuseLayout = ACCOUNT): string {
  return reuseFingerprint(resolveDemoAccountOptions({ ...BASE, ...options }), layout)
}

describe('canonicalJson', () => {
  it('sorts the keys of every object, at every depth, and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, e: () => 1 } })).toBe(
      '{"a":{"d":[2,1]},"b":1}',
    )
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }))
  })
})

describe('reuseFingerprint', () => {
  afterEach(() => {
    delete process.env[ENV.reuse]
  })

  it('is the same for the same options, whatever the random secret key of each run', () => {
    expect(fingerprint()).toMatch(/^[0-9a-f]{64}$/)
    expect(fingerprint()).toBe(fingerprint())
    expect(fingerprint({ secretKey: 'a'.repeat(64) })).toBe(fingerprint())
    expect(fingerprint({ startupTimeoutMs: 5_000, allowRemote: true, reuse: 'x' })).toBe(
      fingerprint(),
    )
  })

  it('changes with every option that decides the seeded data', () => {
    const changed: DemoAccountOptions[] = [
      { seed: 'other' },
      { referenceDate: '2026-11-23' },
      { days: 365 },
      { email: 'someone@example.com' },
      { password: 'AnotherPassword1!' },
      { pdls: [{ profile: 'secondary-home' }] },
      { pdls: [{}, { subscribedPower: 12 }] },
      { bcryptRounds: 4 },
      { cacheTtlSeconds: 0 },
      { debugMode: true },
      { appVersion: '1.3.0' },
      { appVersion: '1.22.0', appMode: 'client' },
      { appVersion: '1.22.0', appSchema: 'app-migrates' },
      { postgres: { image: 'postgres:17-alpine' } },
      { redis: { image: 'valkey/valkey:8-alpine' } },
    ]
    const all = new Set([fingerprint(), ...changed.map((options) => fingerprint(options))])
    expect(all.size).toBe(changed.length + 1)
  })

  it('keeps the layouts apart: an account and a Vitest template never share containers', () => {
    expect(fingerprint({}, { kind: 'vitest-template', redisDatabases: 16 })).not.toBe(fingerprint())
    expect(fingerprint({}, { kind: 'account', redisDatabases: 32 })).not.toBe(fingerprint())
  })

  it('finds the containers by their set-up and name, not by what they hold', () => {
    const key = (options: DemoAccountOptions, layout: ReuseLayout = ACCOUNT) =>
      reuseSetupKey(resolveDemoAccountOptions({ ...BASE, reuse: true, ...options }), layout)
    expect(key({ seed: 'other', referenceDate: '2026-11-01' })).toBe(key({}))
    expect(key({ reuse: 'project-a' })).not.toBe(key({}))
    expect(key({ postgres: { image: 'postgres:17-alpine' } })).not.toBe(key({}))
    expect(key({}, { kind: 'vitest-template', redisDatabases: 16 })).not.toBe(key({}))
  })

  it('reads reuse from MED_DEMO_REUSE (1, 0 or a name), and refuses what is neither', () => {
    expect(resolveDemoAccountOptions(BASE).reuse).toBeUndefined()
    process.env[ENV.reuse] = '1'
    expect(resolveDemoAccountOptions(BASE).reuse).toBe('default')
    expect(resolveDemoAccountOptions({ ...BASE, reuse: false }).reuse).toBeUndefined()
    process.env[ENV.reuse] = 'my-project'
    expect(resolveDemoAccountOptions(BASE).reuse).toBe('my-project')
    process.env[ENV.reuse] = 'a b'
    expect(() => resolveDemoAccountOptions(BASE)).toThrow(/MED_DEMO_REUSE must be 1 or 0/)
    delete process.env[ENV.reuse]
    expect(() => resolveDemoAccountOptions({ reuse: 3 as never })).toThrow(
      /`reuse` must be a boolean or the name/,
    )
  })
})
