import { describe, expect, it } from 'vitest'
import { meter } from '../../test/support/demo-meters.ts'
import { generateReadings, type ReadingsRequest } from './generate-readings.ts'
import type { DailyEnergy, LoadCurveDay, PdlReadings } from './types.ts'

const meters = [
  meter('12345678901234', 'main-home', 6),
  meter('98765432109876', 'solar-home', 9),
  meter('11111111111111', 'secondary-home', 3),
]
const request: ReadingsRequest = {
  seed: 'demo',
  firstDate: '2023-11-24',
  lastDate: '2026-11-23',
  meters,
}

const readings = generateReadings(request)
const consumptionOf = (pdl: PdlReadings) => {
  if (!pdl.consumption) throw new Error(`no consumption for ${pdl.usagePointId}`)
  return pdl.consumption
}
const solarProduction = readings[1]?.production
if (!solarProduction) throw new Error('the solar home has no production')

/** Every load curve of every meter and direction, with the daily values it must add up to. */
const series: { name: string; curve: readonly LoadCurveDay[]; daily: readonly DailyEnergy[] }[] = [
  ...readings.map((pdl) => ({
    name: `${pdl.profile} consumption`,
    curve: consumptionOf(pdl).loadCurve,
    daily: consumptionOf(pdl).daily,
  })),
  { name: 'solar-home production', curve: solarProduction.loadCurve, daily: solarProduction.daily },
]

// Europe/Paris clock changes in the window: the last Sundays of March and October.
const SPRING_FORWARD = ['2024-03-31', '2025-03-30', '2026-03-29']
const FALL_BACK = ['2024-10-27', '2025-10-26', '2026-10-25']
const WALL_CLOCK = Array.from(
  { length: 48 },
  (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}:00`,
)
const timesOf = (day: LoadCurveDay) => day.starts.map((start) => start.slice(11))
const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))
const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length

describe.each(series)('$name load curve', ({ curve, daily }) => {
  it('has a curve for every day', () => {
    expect(curve.map((day) => day.date)).toEqual(daily.map((day) => day.date))
  })

  it('has 48 half hours on days without a clock change', () => {
    const ordinary = curve.filter(
      (day) => !SPRING_FORWARD.includes(day.date) && !FALL_BACK.includes(day.date),
    )
    expect(ordinary.every((day) => day.watts.length === 48 && day.starts.length === 48)).toBe(true)
    expect(ordinary.every((day) => timesOf(day).join() === WALL_CLOCK.join())).toBe(true)
  })

  it('has 46 half hours, without 02:00 and 02:30, on the day clocks go forward', () => {
    const expected = WALL_CLOCK.filter((time) => time !== '02:00:00' && time !== '02:30:00')
    for (const date of SPRING_FORWARD) {
      const day = curve.find((candidate) => candidate.date === date)
      expect(day?.watts).toHaveLength(46)
      expect(day && timesOf(day)).toEqual(expected)
    }
  })

  it('has 50 half hours, 02:00 and 02:30 twice, on the day clocks go back', () => {
    const expected = [...WALL_CLOCK.slice(0, 6), '02:00:00', '02:30:00', ...WALL_CLOCK.slice(6)]
    for (const date of FALL_BACK) {
      const day = curve.find((candidate) => candidate.date === date)
      expect(day?.watts).toHaveLength(50)
      expect(day && timesOf(day)).toEqual(expected)
    }
  })

  it('labels each half hour YYYY-MM-DD HH:MM:SS with its own date', () => {
    const badLabels = curve.flatMap((day) =>
      day.starts.filter(
        (start) => !/^\d{4}-\d{2}-\d{2} \d{2}:[03]0:00$/.test(start) || !start.startsWith(day.date),
      ),
    )
    expect(badLabels).toEqual([])
  })

  it("adds up to the day's energy: sum(watts) / 2 equals its Wh", () => {
    const whOf = new Map(daily.map((day) => [day.date, day.wh]))
    const mismatched = curve.filter(
      (day) => day.watts.reduce((sum, w) => sum + w, 0) / 2 !== whOf.get(day.date),
    )
    expect(mismatched.map((day) => day.date)).toEqual([])
  })

  it('gives whole, non-negative watts', () => {
    const bad = curve.flatMap((day) => day.watts.filter((w) => !Number.isInteger(w) || w < 0))
    expect(bad).toEqual([])
  })
})

describe.each(meters.map((spec, i) => ({ spec, pdl: readings[i]! })))(
  '$spec.profile consumption curve and max power',
  ({ spec, pdl }) => {
    const { daily, loadCurve, maxPower } = consumptionOf(pdl)
    const limit = spec.subscribedPower * 1000

    it('keeps every half-hour average under the subscribed power', () => {
      const highest = Math.max(...loadCurve.flatMap((day) => day.watts))
      expect(highest).toBeLessThan(limit)
    })

    it('gives one max power a day', () => {
      expect(maxPower.map((day) => day.date)).toEqual(daily.map((day) => day.date))
    })

    it('gives max power in whole VA, never above the subscribed power', () => {
      const bad = maxPower.filter((day) => !Number.isInteger(day.va) || day.va > limit)
      expect(bad).toEqual([])
    })

    it("gives max power at least the day's highest half-hour average", () => {
      const below = loadCurve.filter((day, i) => maxPower[i]!.va < Math.max(...day.watts))
      expect(below.map((day) => day.date)).toEqual([])
    })

    it("puts the max power's time inside the day's peak half hour", () => {
      const outside = loadCurve.filter((day, i) => {
        const { at } = maxPower[i]!
        if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(at) || !at.startsWith(day.date))
          return true
        const peak = Math.max(...day.watts)
        const minute = minuteOf(at.slice(11))
        return !timesOf(day).some((time, slot) => {
          const start = minuteOf(time)
          return day.watts[slot] === peak && minute >= start && minute < start + 30
        })
      })
      expect(outside.map((day) => day.date)).toEqual([])
    })
  },
)

describe('consumption curve shape', () => {
  const [main, solar] = readings.map((pdl) => consumptionOf(pdl).loadCurve)
  /** Mean share of the day's energy drawn in the half hours starting at `from` up to `to`. */
  const shareBetween = (curve: readonly LoadCurveDay[], from: string, to: string) =>
    mean(
      curve.map((day) => {
        const total = day.watts.reduce((sum, w) => sum + w, 0)
        const inside = day.watts.filter((_, i) => {
          const time = timesOf(day)[i]!
          return time >= from && time < to
        })
        return inside.reduce((sum, w) => sum + w, 0) / total
      }),
    )

  it('draws more in the first off-peak hours, when the water heater runs, than later at night', () => {
    expect(shareBetween(main!, '22:00', '23:59')).toBeGreaterThan(
      1.5 * shareBetween(main!, '02:00', '04:00'),
    )
  })

  it('draws a smaller share around midday on the solar home than on the main home', () => {
    expect(shareBetween(solar!, '11:00', '15:00')).toBeLessThan(
      0.8 * shareBetween(main!, '11:00', '15:00'),
    )
  })
})

describe('solar-home production curve', () => {
  const curve = solarProduction.loadCurve

  /** Starts of the half hours that produce while `dark(time)` says the sun is down. */
  const litWhile = (days: readonly LoadCurveDay[], dark: (time: string) => boolean) =>
    days.flatMap((day) =>
      day.starts.filter((start, i) => day.watts[i]! > 0 && dark(start.slice(11))),
    )

  it('produces nothing at night, from 22:00 to 05:30', () => {
    expect(litWhile(curve, (time) => time >= '22:00:00' || time < '05:30:00')).toEqual([])
  })

  it('produces nothing before 08:00 or from 17:00 in December', () => {
    const december = curve.filter((day) => day.date.slice(5, 7) === '12')
    expect(litWhile(december, (time) => time < '08:00:00' || time >= '17:00:00')).toEqual([])
  })

  it('produces at midday every day', () => {
    const dark = curve.filter((day) => day.watts[timesOf(day).indexOf('13:00:00')]! <= 0)
    expect(dark.map((day) => day.date)).toEqual([])
  })
})
