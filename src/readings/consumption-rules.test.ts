import { describe, expect, it } from 'vitest'
import { THREE_YEARS } from '../../test/support/demo-meters.ts'
import { calendarDay } from './calendar.ts'
import { generateReadings, type ReadingsRequest } from './generate-readings.ts'
import { isHolidayStay, seasonFactor } from './profiles.ts'
import type { DailyEnergy, PdlProfile } from './types.ts'

const request: ReadingsRequest = THREE_YEARS

// Generated once: three years of three meters take a few hundred milliseconds.
const readings = generateReadings(request)

function dailyOf(profile: PdlProfile): readonly DailyEnergy[] {
  const pdl = readings.find((candidate) => candidate.profile === profile)
  if (!pdl?.consumption) throw new Error(`no consumption for ${profile}`)
  return pdl.consumption.daily
}

const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length
const monthOf = (day: DailyEnergy) => Number(day.date.slice(5, 7))
const isWeekendDate = (date: string) => [0, 6].includes(calendarDay(date).weekday)

// profiles.ts: weekends 12 % above weekdays, the week averaging 1.
const WEEKDAY = 7 / (5 + 2 * 1.12)
const WEEKEND = 1.12 * WEEKDAY
const DAILY_SIGMA = 0.12

/** Each day divided by what its season and weekday predict, normalised to mean 1. */
function noiseRatios(days: readonly DailyEnergy[]): number[] {
  const raw = days.map((day) => {
    const week = isWeekendDate(day.date) ? WEEKEND : WEEKDAY
    return day.wh / (seasonFactor(calendarDay(day.date)) * week)
  })
  const average = mean(raw)
  return raw.map((ratio) => ratio / average)
}

describe.each([
  { profile: 'main-home' as const, yearlyKwh: 17 },
  { profile: 'solar-home' as const, yearlyKwh: 16 },
])('$profile daily consumption', ({ profile, yearlyKwh }) => {
  const days = dailyOf(profile)
  const all = days.map((day) => day.wh)

  it('covers every day of the three years once', () => {
    expect(days).toHaveLength(1096)
    expect(days[0]?.date).toBe('2023-11-24')
    expect(days.at(-1)?.date).toBe('2026-11-23')
    expect(new Set(days.map((day) => day.date)).size).toBe(1096)
  })

  it('gives whole, never negative Wh', () => {
    expect(days.every((day) => Number.isInteger(day.wh) && day.wh >= 0)).toBe(true)
  })

  it('stays between 10 and 30 kWh on at least 90 % of days', () => {
    const inside = all.filter((wh) => wh >= 10_000 && wh <= 30_000).length
    expect(inside / all.length).toBeGreaterThanOrEqual(0.9)
  })

  it(`averages about ${yearlyKwh} kWh a day`, () => {
    expect(mean(all) / 1000).toBeCloseTo(yearlyKwh, 0)
  })

  it('keeps winter (Dec-Feb) about 30 % above the yearly mean', () => {
    const winter = days.filter((day) => [12, 1, 2].includes(monthOf(day))).map((day) => day.wh)
    expect(Math.abs(mean(winter) / mean(all) - 1.3)).toBeLessThanOrEqual(0.05)
  })

  it('keeps summer (Jun-Aug) about 20 % below the yearly mean', () => {
    const summer = days.filter((day) => [6, 7, 8].includes(monthOf(day))).map((day) => day.wh)
    expect(Math.abs(mean(summer) / mean(all) - 0.8)).toBeLessThanOrEqual(0.05)
  })

  it('uses about 12 % more on weekend days than on weekdays of the same season', () => {
    const deseasoned = (weekend: boolean) =>
      mean(
        days
          .filter((day) => isWeekendDate(day.date) === weekend)
          .map((day) => day.wh / seasonFactor(calendarDay(day.date))),
      )
    expect(Math.abs(deseasoned(true) / deseasoned(false) - 1.12)).toBeLessThanOrEqual(0.03)
  })

  it('varies from day to day with about a 12 % standard deviation', () => {
    const ratios = noiseRatios(days)
    const sd = Math.sqrt(mean(ratios.map((ratio) => (ratio - 1) ** 2)))
    expect(Math.abs(sd - DAILY_SIGMA)).toBeLessThanOrEqual(0.015)
  })

  it('varies symmetrically around what the season and weekday predict', () => {
    const ratios = noiseRatios(days)
    const sd = Math.sqrt(mean(ratios.map((ratio) => (ratio - 1) ** 2)))
    const skewness = mean(ratios.map((ratio) => ((ratio - 1) / sd) ** 3))
    expect(Math.abs(skewness)).toBeLessThan(0.25)
  })

  it('keeps about 68 % of days within one standard deviation, as a Gaussian does', () => {
    const ratios = noiseRatios(days)
    const within = ratios.filter((ratio) => Math.abs(ratio - 1) <= DAILY_SIGMA).length
    expect(Math.abs(within / ratios.length - 0.683)).toBeLessThanOrEqual(0.04)
  })
})

describe('secondary-home daily consumption', () => {
  const days = dailyOf('secondary-home')
  const occupied = days.filter((day) => isHolidayStay(calendarDay(day.date)))
  const empty = days.filter((day) => !isHolidayStay(calendarDay(day.date)))
  /** profiles.ts: 1.2 kWh of standby plus up to 1.8 kWh of frost protection in mid-January. */
  const standbyWh = (date: string) => {
    const winterness =
      (1 + Math.cos((2 * Math.PI * (calendarDay(date).dayOfYear - 15)) / 365.25)) / 2
    return 1_200 + 1_800 * winterness ** 2
  }

  it('is occupied during the school holidays only, about a third of the year', () => {
    expect(isHolidayStay(calendarDay('2025-08-01'))).toBe(true)
    expect(isHolidayStay(calendarDay('2025-12-25'))).toBe(true)
    expect(isHolidayStay(calendarDay('2025-06-10'))).toBe(false)
    expect(occupied.length / days.length).toBeGreaterThan(0.25)
    expect(occupied.length / days.length).toBeLessThan(0.4)
  })

  it('draws several times more on occupied days than on the other days', () => {
    const ratio = mean(occupied.map((day) => day.wh)) / mean(empty.map((day) => day.wh))
    expect(ratio).toBeGreaterThan(4)
  })

  it('averages about 14 kWh, adjusted for the season, on occupied days', () => {
    const expected = mean(occupied.map((day) => 14_000 * seasonFactor(calendarDay(day.date))))
    expect(mean(occupied.map((day) => day.wh)) / expected).toBeCloseTo(1, 1)
  })

  it('keeps every unoccupied day within its standby and frost-protection range', () => {
    // The standby noise is half the daily one (6 %): 5 standard deviations is 30 %.
    const outside = empty.filter((day) => Math.abs(day.wh / standbyWh(day.date) - 1) > 0.3)
    expect(outside).toEqual([])
    expect(Math.min(...empty.map((day) => day.wh))).toBeGreaterThanOrEqual(1_200 * 0.7)
    expect(Math.max(...empty.map((day) => day.wh))).toBeLessThanOrEqual(3_000 * 1.3)
  })

  it('needs more standby energy in winter than in summer while empty', () => {
    const emptyIn = (months: number[]) =>
      mean(empty.filter((day) => months.includes(monthOf(day))).map((day) => day.wh))
    expect(emptyIn([1, 2, 12])).toBeGreaterThan(emptyIn([6, 9]) + 1_000)
  })
})
