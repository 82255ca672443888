import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DemoAccountError } from '../errors.ts'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { ACCOUNT_FLAGS, accountOptionsFromFlags } from './account-flags.ts'
import { inCliTerms } from './cli-terms.ts'

function optionsOf(args: string[]) {
  const { values } = parseArgs({ args, options: ACCOUNT_FLAGS, strict: true })
  return accountOptionsFromFlags(values)
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
    let error: unknown
    try {
      resolveDemoAccountOptions(optionsOf(['--scenario', 'rate-limited,admin', '--scenario', 'x']))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DemoAccountError)
    const message = inCliTerms((error as DemoAccountError).message)
    expect(message).toContain("--scenario 'x' is not a scenario; use one or more of 'rate-limited'")
    expect(message).toContain("--scenario cannot combine 'rate-limited' and 'admin'")
    expect(message).not.toContain('`scenario`')
  })
})
