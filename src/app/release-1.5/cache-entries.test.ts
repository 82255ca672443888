import { describe, expect, it } from 'vitest'
import { gapDays } from '../../model/scenario.ts'
import {
  resolveAddAccountOptions,
  resolveDemoAccountOptions,
} from '../../options/resolve-options.ts'
import type { PdlReadings } from '../../readings/types.ts'
import { generateAccountReadings } from '../../seed/account-plan.ts'
import type { CacheEntry } from '../app-contract.ts'
import type { DateRange } from '../frontend-requests.ts'
import { jsonString } from '../json-text.ts'
import { pythonJsonDumps } from '../python-json.ts'
import { buildCacheEntries } from './cache-entries.ts'
import { cacheKeys } from './cache-keys.ts'
import { cacheRanges } from './cache-ranges.ts'

const DAILY_ENERGY_TYPE = {
  measurement_kind: 'energy',
  measuring_period: 'P1D',
  unit: 'Wh',
  aggregate: 'sum',
}
const MAX_POWER_TYPE = {
  measurement_kind: 'power',
  measuring_period: 'P1D',
  unit: 'VA',
  aggregate: 'maximum',
}

/** The app's values as objects, written by pythonJsonDumps: what the hand-built texts must equal. */
function expectedEntries(
  readings: readonly PdlReadings[],
  windows: readonly DateRange[],
  gaps: ReadonlyMap<string, readonly string[]>,
) {
  const entries: { key: string; json: string }[] = []
  const push = (key: string, value: unknown) => entries.push({ key, json: pythonJsonDumps(value) })
  const within = (date: string, window: DateRange) => date >= window.start && date <= window.end
  const meterReading = (pdl: string, window: DateRange, type: object, readings: object[]) => ({
    meter_reading: {
      usage_point_id: pdl,
      start: window.start,
      end: window.end,
      quality: 'BRUT',
      reading_type: type,
      interval_reading: readings,
    },
  })
  const detail = (curve: { starts: readonly string[]; watts: readonly number[] }) => ({
    readings: curve.watts.map((watts, i) => ({
      value: String(watts),
      date: curve.starts[i],
      interval_length: 'PT30M',
      measure_type: 'B',
    })),
    expected_count: 48,
    interval_length: 'PT30M',
    count: curve.watts.length,
  })
  for (const meter of readings) {
    const pdl = meter.usagePointId
    const cached = (date: string) => !gaps.get(pdl)?.includes(date)
    const energy = (day: { wh: number; date: string }) => ({
      value: String(day.wh),
      date: day.date,
    })
    if (meter.consumption) {
      const { daily, loadCurve, maxPower } = meter.consumption
      for (const day of daily.filter((d) => cached(d.date))) {
        push(cacheKeys.consumptionDaily(pdl, day.date), energy(day))
      }
      push(cacheKeys.consumptionReadingType(pdl), DAILY_ENERGY_TYPE)
      for (const curve of loadCurve.filter((c) => cached(c.date))) {
        push(cacheKeys.consumptionDetailDaily(pdl, curve.date), detail(curve))
      }
      for (const w of windows) {
        const days = daily.filter((d) => within(d.date, w)).map(energy)
        const peaks = maxPower
          .filter((p) => within(p.date, w))
          .map((p) => ({ value: String(p.va), date: p.at }))
        push(
          cacheKeys.consumptionDailyRange(pdl, w.start, w.end),
          meterReading(pdl, w, DAILY_ENERGY_TYPE, days),
        )
        push(
          cacheKeys.maxPowerRange(pdl, w.start, w.end),
          meterReading(pdl, w, MAX_POWER_TYPE, peaks),
        )
      }
    }
    if (meter.production) {
      const { daily, loadCurve } = meter.production
      for (const curve of loadCurve.filter((c) => cached(c.date))) {
        push(cacheKeys.productionDetailDaily(pdl, curve.date), detail(curve))
      }
      for (const w of windows) {
        const days = daily.filter((d) => within(d.date, w)).map(energy)
        push(
          cacheKeys.productionDailyRange(pdl, w.start, w.end),
          meterReading(pdl, w, DAILY_ENERGY_TYPE, days),
        )
      }
    }
  }
  return entries
}

/** The entries, each JSON as its text. */
const texts = (entries: readonly CacheEntry[]) =>
  entries.map((entry) => ({ key: entry.key, json: jsonString(entry.json) }))

describe('buildCacheEntries', () => {
  // A year holds both clock changes (46- and 50-slot curves); three profiles, one with production.
  const { window } = resolveDemoAccountOptions({ referenceDate: '2026-11-24', days: 365 })
  const account = resolveAddAccountOptions(
    { index: 7, pdls: [{}, { profile: 'solar-home' }, { profile: 'secondary-home' }] },
    'demo',
  )
  const readings = generateAccountReadings(account, window)
  const windows = cacheRanges(window)

  it("writes every entry of a year's account exactly as pythonJsonDumps writes the app's values", () => {
    const entries = texts(buildCacheEntries(readings, windows))
    expect(entries.length).toBeGreaterThan(2000)
    expect(entries).toEqual(expectedEntries(readings, windows, new Map()))
  })

  it('writes a curve where it is asked, exactly its length, nothing around it', () => {
    const curve = buildCacheEntries(readings, windows).find(
      (entry) => typeof entry.json !== 'string',
    )!
    const json = curve.json as Exclude<typeof curve.json, string>
    const into = Buffer.alloc(json.length + 10, '#')
    json.write(into, 5)
    const text = into.toString('latin1')
    expect(text.slice(0, 5) + text.slice(-5)).toBe('#'.repeat(10))
    expect(JSON.parse(text.slice(5, -5)).readings.length).toBeGreaterThanOrEqual(46)
  })

  it('writes whatever a curve holds as JavaScript writes it (fractions, large values)', () => {
    const [meter] = readings
    const day = meter!.consumption!.loadCurve[0]!
    const odd = [0, 7, 10, 99_999, 4_294_967_296, 12.5, ...day.watts.slice(6)]
    const [entry] = buildCacheEntries(
      [
        {
          ...meter!,
          consumption: { daily: [], maxPower: [], loadCurve: [{ ...day, watts: odd }] },
          production: null,
        },
      ],
      [],
    ).filter((e) => e.key.includes(':detail:'))
    expect(jsonString(entry!.json)).toBe(
      pythonJsonDumps({
        readings: odd.map((watts, i) => ({
          value: String(watts),
          date: day.starts[i],
          interval_length: 'PT30M',
          measure_type: 'B',
        })),
        expected_count: 48,
        interval_length: 'PT30M',
        count: odd.length,
      }),
    )
  })

  it("leaves a meter's gap days out of its per-day entries, not out of its ranges", () => {
    const gaps = account.pdls.map((pdl) => ({
      usagePointId: pdl.usagePointId,
      days: gapDays(account.seed, pdl.usagePointId, window),
    }))
    const byMeter = new Map(gaps.map((gap) => [gap.usagePointId, gap.days]))
    expect(texts(buildCacheEntries(readings, windows, gaps))).toEqual(
      expectedEntries(readings, windows, byMeter),
    )
  })
})
