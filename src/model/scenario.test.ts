import { describe, expect, it } from 'vitest'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { addDays } from '../readings/calendar.ts'
import { dataWindow } from './data-window.ts'
import { GAP_DAYS_PER_METER, gapDays, resolveScenarios, SCENARIOS } from './scenario.ts'

function problemsOf(value: unknown): string[] {
  const problems: string[] = []
  resolveScenarios(value, problems)
  return problems
}

describe('resolveScenarios', () => {
  it('takes one name or a list, each once, in the documented order', () => {
    expect(resolveScenarios('gaps', [])).toEqual(['gaps'])
    expect(resolveScenarios(['gaps', 'admin', 'gaps'], [])).toEqual(['admin', 'gaps'])
    expect(resolveScenarios(undefined, [])).toEqual([])
  })

  it('names the option and the allowed values for an unknown name', () => {
    const [problem] = problemsOf(['rate-limit'])
    expect(problem).toContain('`scenario`')
    expect(problem).toContain("'rate-limit'")
    for (const name of SCENARIOS) expect(problem).toContain(`'${name}'`)
  })

  it.each([
    ['rate-limited', 'near-rate-limit'],
    ['rate-limited', 'admin'],
    ['near-rate-limit', 'admin'],
    ['rate-limited', 'enedis-unavailable'],
  ])('refuses %s with %s', (a, b) => {
    const [problem] = problemsOf([a, b])
    expect(problem).toMatch(new RegExp(`cannot combine '${a}' and '${b}'`))
  })

  it('accepts the combinations that make sense', () => {
    expect(problemsOf(['near-rate-limit', 'gaps', 'unverified', 'enedis-unavailable'])).toEqual([])
    expect(problemsOf(['admin', 'gaps', 'unverified', 'inactive'])).toEqual([])
  })

  it('is an INVALID_OPTION of withDemoAccount, before anything starts', () => {
    expect(() => resolveDemoAccountOptions({ scenario: ['admin', 'rate-limited'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
  })

  it('is refused in client mode, and gaps in a window too short for them', () => {
    expect(() =>
      resolveDemoAccountOptions({ appVersion: '1.22.0', appMode: 'client', scenario: 'gaps' }),
    ).toThrow(/not available with `appMode: 'client'`/)
    expect(() =>
      resolveDemoAccountOptions({ days: 2, email: 'g@example.com', scenario: 'gaps' }),
    ).toThrow(/'gaps' needs `days` of at least 3/)
  })

  it("refuses gaps on the app's demo email, whose missing days the app makes up", () => {
    expect(() => resolveDemoAccountOptions({ scenario: 'gaps' })).toThrow(
      /the app makes up the demo account's missing days/,
    )
    expect(
      resolveDemoAccountOptions({ email: 'g@example.com', scenario: 'gaps' }).account.scenarios,
    ).toEqual(['gaps'])
  })
})

describe('gapDays', () => {
  const window = dataWindow('2026-06-01', 1096)

  it('is the same for the same seed, meter and window, and differs with the seed', () => {
    const days = gapDays('demo', '12345678901234', window)
    expect(gapDays('demo', '12345678901234', window)).toEqual(days)
    expect(gapDays('other', '12345678901234', window)).not.toEqual(days)
    expect(days).toHaveLength(3)
  })

  it('picks days with curves, never the first or last, never two in a row', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e']) {
      const days = gapDays(seed, '98765432109876', window)
      expect(days).toHaveLength(GAP_DAYS_PER_METER)
      expect(days).toEqual([...days].sort())
      for (const day of days) {
        expect(day > window.loadCurveFrom && day < window.lastDate).toBe(true)
      }
      for (let i = 1; i < days.length; i++) {
        expect(days[i]! > addDays(days[i - 1]!, 1)).toBe(true)
      }
    }
  })

  it('fits a short window', () => {
    const short = dataWindow('2026-06-01', 3)
    expect(gapDays('demo', '12345678901234', short)).toEqual([addDays(short.firstDate, 1)])
  })
})
