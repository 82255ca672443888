import { afterEach, describe, expect, it } from 'vitest'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { DEFAULT_STORE_TIMEOUT_MS, storeTimeoutMs } from './store-timeouts.ts'

afterEach(() => {
  delete process.env.MED_DEMO_STARTUP_TIMEOUT
  delete process.env.MED_DEMO_STORE_TIMEOUT
})

describe('startupTimeoutMs', () => {
  it('defaults to 120 s, reads MED_DEMO_STARTUP_TIMEOUT, and the option wins', () => {
    expect(resolveDemoAccountOptions({}).startupTimeoutMs).toBe(120_000)
    process.env.MED_DEMO_STARTUP_TIMEOUT = '300000'
    expect(resolveDemoAccountOptions({}).startupTimeoutMs).toBe(300_000)
    expect(resolveDemoAccountOptions({ startupTimeoutMs: 5000 }).startupTimeoutMs).toBe(5000)
  })

  it('refuses what is not a whole number of milliseconds, naming the option or the variable', () => {
    expect(() => resolveDemoAccountOptions({ startupTimeoutMs: 1.5 })).toThrow(
      '`startupTimeoutMs` must be a whole number of milliseconds, got 1.5',
    )
    process.env.MED_DEMO_STARTUP_TIMEOUT = '2m'
    expect(() => resolveDemoAccountOptions({})).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message:
          '[demo-account] MED_DEMO_STARTUP_TIMEOUT is "2m"; it must be a whole number of milliseconds, such as 60000.',
      }),
    )
  })
})

describe('storeTimeoutMs', () => {
  it('is 30 s unless MED_DEMO_STORE_TIMEOUT says otherwise', () => {
    expect(storeTimeoutMs()).toBe(DEFAULT_STORE_TIMEOUT_MS)
    process.env.MED_DEMO_STORE_TIMEOUT = '1500'
    expect(storeTimeoutMs()).toBe(1500)
    process.env.MED_DEMO_STORE_TIMEOUT = '0'
    expect(() => storeTimeoutMs()).toThrow(/MED_DEMO_STORE_TIMEOUT is "0"/)
  })
})
