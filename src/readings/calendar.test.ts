import { describe, expect, it } from 'vitest'
import { halfHourSlots, minusYears, parisDate, parseIsoDate } from './calendar.ts'

describe('calendar', () => {
  it('rejects impossible dates', () => {
    expect(parseIsoDate('2025-02-29')).toBeUndefined()
    expect(parseIsoDate('2024-02-29')).toBeTypeOf('number')
    expect(parseIsoDate('2025-13-01')).toBeUndefined()
    expect(parseIsoDate('25-01-01')).toBeUndefined()
  })

  it('gives 46 half hours when clocks go forward and 50 when they go back', () => {
    expect(halfHourSlots('2025-03-30')).toHaveLength(46)
    expect(halfHourSlots('2025-10-26')).toHaveLength(50)
    expect(halfHourSlots('2025-06-15')).toHaveLength(48)
    const spring = halfHourSlots('2025-03-30').map((slot) => slot.start.slice(11, 16))
    expect(spring.slice(3, 6)).toEqual(['01:30', '03:00', '03:30'])
    const autumn = halfHourSlots('2025-10-26').map((slot) => slot.start.slice(11, 16))
    expect(autumn.slice(4, 9)).toEqual(['02:00', '02:30', '02:00', '02:30', '03:00'])
  })

  it('tells the Paris day of an instant across midnight UTC', () => {
    expect(parisDate(Date.UTC(2025, 0, 1, 23, 30))).toBe('2025-01-02')
    expect(parisDate(Date.UTC(2025, 6, 1, 21, 59))).toBe('2025-07-01')
    expect(parisDate(Date.UTC(2025, 6, 1, 22, 0))).toBe('2025-07-02')
  })

  it('goes back whole years like Python, February 29th becoming the 28th', () => {
    expect(minusYears('2026-11-24', 2)).toBe('2024-11-24')
    expect(minusYears('2028-02-29', 3)).toBe('2025-02-28')
  })
})
