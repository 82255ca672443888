import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DemoAccountError } from '../errors.ts'
import { resolveDemoAccountOptions } from './resolve-options.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

function refusal(options: object): DemoAccountError {
  try {
    resolveDemoAccountOptions(options)
  } catch (error) {
    return error as DemoAccountError
  }
  throw new Error('expected the options to be refused')
}

describe('the engine option', () => {
  it("is 'auto' unless the option or MED_DEMO_ENGINE says otherwise", () => {
    vi.stubEnv('MED_DEMO_ENGINE', '')
    expect(resolveDemoAccountOptions({}).engine).toBe('auto')
    vi.stubEnv('MED_DEMO_ENGINE', 'local')
    expect(resolveDemoAccountOptions({}).engine).toBe('local')
    expect(resolveDemoAccountOptions({ engine: 'container' }).engine).toBe('container')
  })

  it('refuses another value, naming the option or the variable it came from', () => {
    vi.stubEnv('MED_DEMO_ENGINE', '')
    const fromOption = refusal({ engine: 'docker' })
    expect(fromOption.code).toBe('INVALID_OPTION')
    expect(fromOption.problems).toEqual([
      "`engine` must be one of 'container', 'local', 'auto', got \"docker\"",
    ])
    vi.stubEnv('MED_DEMO_ENGINE', 'podman')
    expect(refusal({}).problems).toEqual([
      "MED_DEMO_ENGINE must be one of 'container', 'local', 'auto', got \"podman\"",
    ])
  })
})
