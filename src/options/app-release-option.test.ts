import { afterEach, describe, expect, it, vi } from 'vitest'
import { DemoAccountError } from '../errors.ts'
import { resolveDemoAccountOptions } from './resolve-options.ts'

function problemsOf(options: Record<string, unknown>): readonly string[] {
  try {
    resolveDemoAccountOptions(options)
    return []
  } catch (error) {
    expect(error).toBeInstanceOf(DemoAccountError)
    return (error as DemoAccountError).problems ?? []
  }
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('appVersion, appMode and appSchema', () => {
  it('default to 1.5.0 in server mode with the head schema, or MED_DEMO_APP_VERSION', () => {
    expect(resolveDemoAccountOptions({}).app).toMatchObject({
      appVersion: '1.5.0',
      appMode: 'server',
      appSchema: 'head',
    })
    vi.stubEnv('MED_DEMO_APP_VERSION', '1.22.0')
    expect(resolveDemoAccountOptions({}).app.contract.family).toBe('1.21-server')
    expect(resolveDemoAccountOptions({ appVersion: '1.3.0' }).app.contract.family).toBe('1.0')
  })

  it('refuses unknown releases, client mode before 1.9.1 and bad values, naming the option or variable', () => {
    expect(problemsOf({ appVersion: '2.0.0' })[0]).toMatch(/^`appVersion` must be a release/)
    expect(problemsOf({ appVersion: '1.9.0', appMode: 'client' })[0]).toMatch(/1.9.1 or later/)
    expect(problemsOf({ appMode: 'local' })[0]).toBe(
      "`appMode` must be 'server' or 'client', got \"local\"",
    )
    expect(problemsOf({ appSchema: 'latest' })[0]).toMatch(
      /^`appSchema` must be 'head' or 'app-migrates'/,
    )
    expect(
      problemsOf({ appVersion: 'auto', appMode: 'client', appSchema: 'app-migrates' })[0],
    ).toMatch(/for server mode/)
    vi.stubEnv('MED_DEMO_APP_VERSION', '1.99.0')
    expect(problemsOf({})[0]).toMatch(/\(from MED_DEMO_APP_VERSION\)$/)
  })

  it("gives client mode's curves from today - 2 years, and server mode's from the backend's 729-day limit", () => {
    const server = resolveDemoAccountOptions({ referenceDate: '2026-06-15', appVersion: '1.22.0' })
    const client = resolveDemoAccountOptions({
      referenceDate: '2026-06-15',
      appVersion: '1.22.0',
      appMode: 'client',
    })
    expect(server.window.loadCurveFrom).toBe('2024-06-16')
    expect(client.window.loadCurveFrom).toBe('2024-06-15')
    expect(
      resolveDemoAccountOptions({ appVersion: 'auto', appMode: 'client' }).app.contract.mode,
    ).toBe('client')
  })

  it('checks a weak secret key against the release: 1.3.0 accepts what 1.5.0 refuses', () => {
    expect(problemsOf({ secretKey: 'my-test-key' })[0]).toMatch(/contains "test"/)
    expect(problemsOf({ secretKey: 'my-test-key', appVersion: '1.3.0' })).toEqual([])
  })
})
