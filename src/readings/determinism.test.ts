import { describe, expect, it } from 'vitest'
import { meter } from '../../test/support/demo-meters.ts'
import { generateReadings, type ReadingsRequest } from './generate-readings.ts'
import type { PdlReadings } from './types.ts'

const main = meter('12345678901234', 'main-home', 6)
const solar = meter('98765432109876', 'solar-home', 9)
const secondary = meter('11111111111111', 'secondary-home', 3)
// One year shows every behaviour here and keeps the repeated generations fast.
const request: ReadingsRequest = {
  seed: 'demo',
  firstDate: '2025-11-24',
  lastDate: '2026-11-23',
  meters: [main, solar, secondary],
}

const readings = generateReadings(request)
const [mainReadings, solarReadings] = readings as [PdlReadings, PdlReadings, PdlReadings]

/** The readings of one meter restricted to the days from `first` to `last`. */
function between(pdl: PdlReadings, first: string, last: string): PdlReadings {
  const inside = <T extends { date: string }>(days: readonly T[]) =>
    days.filter((day) => day.date >= first && day.date <= last)
  return {
    ...pdl,
    consumption: pdl.consumption && {
      daily: inside(pdl.consumption.daily),
      loadCurve: inside(pdl.consumption.loadCurve),
      maxPower: inside(pdl.consumption.maxPower),
    },
    production: pdl.production && {
      daily: inside(pdl.production.daily),
      loadCurve: inside(pdl.production.loadCurve),
    },
  }
}

describe('generateReadings determinism', () => {
  it('gives deep-equal readings for the same request', () => {
    expect(generateReadings(request)).toEqual(readings)
  })

  it('gives different readings for another seed', () => {
    const [, other] = generateReadings({ ...request, seed: 'another seed' })
    const sameWh = (a: readonly { wh: number }[], b: readonly { wh: number }[]) =>
      a.filter((day, i) => day.wh === b[i]?.wh).length
    expect(other!.consumption!.daily).toHaveLength(365)
    expect(sameWh(solarReadings.consumption!.daily, other!.consumption!.daily)).toBeLessThan(20)
    expect(sameWh(solarReadings.production!.daily, other!.production!.daily)).toBeLessThan(20)
  })

  it('gives different readings to meters of the same profile', () => {
    const [a, b] = generateReadings({ ...request, meters: [main, { ...main, usagePointId: '1' }] })
    const same = a!.consumption!.daily.filter((day, i) => day.wh === b!.consumption!.daily[i]!.wh)
    expect(b!.consumption!.daily).toHaveLength(365)
    expect(same.length).toBeLessThan(20)
  })

  it("keeps a meter's readings when other meters are added before it", () => {
    const [alone] = generateReadings({ ...request, meters: [solar] })
    const [, , withMore] = generateReadings({ ...request, meters: [main, secondary, solar] })
    expect(alone).toEqual(solarReadings)
    expect(withMore).toEqual(solarReadings)
  })

  it('keeps the values of overlapping days when the date range widens', () => {
    const narrow = generateReadings({ ...request, firstDate: '2026-03-01', lastDate: '2026-04-30' })
    expect(narrow).toEqual(readings.map((pdl) => between(pdl, '2026-03-01', '2026-04-30')))
  })

  it('only trims load curves when loadCurveFrom is set', () => {
    const [trimmed] = generateReadings({ ...request, meters: [main], loadCurveFrom: '2026-05-25' })
    const consumption = mainReadings.consumption!
    expect(trimmed!.consumption).toEqual({
      daily: consumption.daily,
      maxPower: consumption.maxPower,
      loadCurve: consumption.loadCurve.filter((day) => day.date >= '2026-05-25'),
    })
  })
})
