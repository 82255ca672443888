import { describe, expect, it } from 'vitest'
import { THREE_YEARS } from '../../test/support/demo-meters.ts'
import { calendarDay } from './calendar.ts'
import { generateReadings, type ReadingsRequest } from './generate-readings.ts'
import { clearSkyProductionWh } from './profiles.ts'
import type { DailyProduction } from './types.ts'

const request: ReadingsRequest = THREE_YEARS

// Production has its own random streams, so leaving consumption out (the costly part) changes
// nothing here; the default meters are checked for which produce over a single month.
const solarOnly = request.meters.filter((spec) => spec.hasProduction)
const [solar] = generateReadings({
  ...request,
  meters: solarOnly.map((spec) => ({ ...spec, hasConsumption: false })),
})
if (!solar?.production) throw new Error('the solar home has no production')
const days: readonly DailyProduction[] = solar.production.daily

// profiles.ts: +/- 4 % haze on every day; a cloudy day (20 % of days) loses 60 %.
const HAZE = 0.04
const CLOUDY_SHARE = 0.4
const CLOUDY_PROBABILITY = 0.2

const monthOf = (day: DailyProduction) => Number(day.date.slice(5, 7))
const clearSky = (day: DailyProduction) => clearSkyProductionWh(calendarDay(day.date))
const clearDaysIn = (months: number[]) =>
  days.filter((day) => !day.cloudy && months.includes(monthOf(day))).map((day) => day.wh)

describe('solar-home daily production', () => {
  it('is measured only on the meter that has production', () => {
    const month = generateReadings({ ...request, firstDate: '2026-11-01' })
    expect(month.map((pdl) => pdl.production !== null)).toEqual([false, true, false])
    expect(month.map((pdl) => pdl.consumption !== null)).toEqual([true, true, true])
    expect(days).toHaveLength(1096)
  })

  it('produces between 0 and 20 kWh every day, in whole Wh', () => {
    const outside = days.filter((day) => !Number.isInteger(day.wh) || day.wh < 0 || day.wh > 20_000)
    expect(outside).toEqual([])
  })

  it('produces 15-20 kWh on clear summer days (Jun-Aug)', () => {
    const summer = clearDaysIn([6, 7, 8])
    expect(summer.length).toBeGreaterThan(150)
    expect(Math.min(...summer)).toBeGreaterThanOrEqual(15_000)
    expect(Math.max(...summer)).toBeLessThanOrEqual(20_000)
  })

  it('produces 3-5 kWh on clear winter days (Dec-Feb)', () => {
    const winter = clearDaysIn([12, 1, 2])
    expect(winter.length).toBeGreaterThan(150)
    expect(Math.min(...winter)).toBeGreaterThanOrEqual(3_000)
    expect(Math.max(...winter)).toBeLessThanOrEqual(5_000)
  })

  it('has cloudy days about 20 % of the time', () => {
    // Binomial over 1096 days: the standard deviation is 1.2 points, so 16-24 % is over 3 of them.
    const share = days.filter((day) => day.cloudy).length / days.length
    expect(share).toBeGreaterThanOrEqual(CLOUDY_PROBABILITY - 0.04)
    expect(share).toBeLessThanOrEqual(CLOUDY_PROBABILITY + 0.04)
  })

  it('spreads cloudy days over every season', () => {
    const cloudyMonths = new Set(days.filter((day) => day.cloudy).map(monthOf))
    expect(cloudyMonths.size).toBe(12)
  })

  it('gives a clear day its clear-sky production within the haze', () => {
    const outside = days
      .filter((day) => !day.cloudy)
      .filter((day) => Math.abs(day.wh - clearSky(day)) > HAZE * clearSky(day) + 1)
    expect(outside).toEqual([])
  })

  it('gives a cloudy day 40 % of what it would produce clear', () => {
    const outside = days
      .filter((day) => day.cloudy)
      .filter(
        (day) =>
          Math.abs(day.wh - CLOUDY_SHARE * clearSky(day)) > CLOUDY_SHARE * HAZE * clearSky(day) + 1,
      )
    expect(outside).toEqual([])
  })

  it('flags as cloudy exactly the days that produce well under clear sky', () => {
    const inconsistent = days.filter((day) => day.cloudy !== day.wh < 0.7 * clearSky(day))
    expect(inconsistent).toEqual([])
  })

  it('produces most in summer and least in winter', () => {
    const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length
    const all = (months: number[]) =>
      mean(days.filter((day) => months.includes(monthOf(day))).map((day) => day.wh))
    expect(all([6, 7, 8])).toBeGreaterThan(3 * all([12, 1, 2]))
  })
})
