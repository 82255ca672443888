import { parseArgs } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DemoAccountError } from '../errors.ts'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { ACCOUNT_FLAGS, accountOptionsFromFlags, missingStoreFlags } from './account-flags.ts'
import { inCliTerms } from './cli-terms.ts'

function optionsOf(args: string[]) {
  const { values } = parseArgs({ args, options: ACCOUNT_FLAGS, strict: true })
  return accountOptionsFromFlags(values)
}

/** The error the flags' options are refused with (the test fails when they are accepted). */
function refusal(args: string[]): DemoAccountError {
  try {
    resolveDemoAccountOptions(optionsOf(args))
  } catch (error) {
    if (error instanceof DemoAccountError) return error
    throw error
  }
  throw new Error(`${args.join(' ')} was accepted`)
}

describe('--scenario', () => {
  it('is repeatable and takes comma lists', () => {
    expect(optionsOf(['--scenario', 'admin', '--scenario', 'gaps, unverified']).scenario).toEqual([
      'admin',
      'gaps',
      'unverified',
    ])
    expect(optionsOf([]).scenario).toBeUndefined()
  })

  it('is refused in flag words, with the allowed names', () => {
    const message = inCliTerms(
      refusal(['--scenario', 'rate-limited,admin', '--scenario', 'x']).message,
    )
    expect(message).toContain("--scenario 'x' is not a scenario; use one or more of 'rate-limited'")
    expect(message).toContain("--scenario cannot combine 'rate-limited' and 'admin'")
    expect(message).not.toContain('`scenario`')
  })
})

describe('--daily-limit-with-cache and --daily-limit-no-cache', () => {
  it('pass the limits on, and are named when wrong', () => {
    expect(optionsOf(['--daily-limit-with-cache', '20']).dailyLimits).toEqual({ withCache: 20 })
    const error = refusal(['--daily-limit-no-cache', '0'])
    expect(error.message).toContain('`dailyLimits.noCache`')
    expect(inCliTerms(error.message)).toContain('--daily-limit-no-cache must be')
  })
})

describe('missingStoreFlags', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('names each store flag neither given nor set in its variable (blank counts as unset)', () => {
    vi.stubEnv('MED_DEMO_DATABASE_URL', '')
    vi.stubEnv('MED_DEMO_REDIS_URL', ' ')
    expect(missingStoreFlags({})).toEqual(['--database-url', '--redis-url'])
    expect(missingStoreFlags({ 'redis-url': 'redis://localhost' })).toEqual(['--database-url'])
    vi.stubEnv('MED_DEMO_DATABASE_URL', 'postgresql://localhost/db')
    expect(missingStoreFlags({})).toEqual(['--redis-url'])
    expect(missingStoreFlags({ 'redis-url': 'redis://localhost' })).toEqual([])
  })
})
