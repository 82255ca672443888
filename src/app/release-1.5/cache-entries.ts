import type { MeterGaps } from '../../model/scenario.ts'
import type { IsoDate } from '../../readings/calendar.ts'
import type { DailyEnergy, LoadCurveDay, PdlReadings } from '../../readings/types.ts'
import type { CacheEntry } from '../app-contract.ts'
import type { DateRange } from '../frontend-requests.ts'
import { pythonJsonDumps } from '../python-json.ts'
import { cacheKeys } from './cache-keys.ts'

const DAILY_ENERGY_TYPE = pythonJsonDumps({
  measurement_kind: 'energy',
  measuring_period: 'P1D',
  unit: 'Wh',
  aggregate: 'sum',
})
const MAX_POWER_TYPE = pythonJsonDumps({
  measurement_kind: 'power',
  measuring_period: 'P1D',
  unit: 'VA',
  aggregate: 'maximum',
})
/** What the app stores as `expected_count` for 30-minute curves, clock-change days included. */
const EXPECTED_HALF_HOURS = 48

function inWindow<T extends { date: IsoDate }>(items: readonly T[], window: DateRange): T[] {
  return items.filter((item) => item.date >= window.start && item.date <= window.end)
}

// The texts below are built by hand for speed (tens of thousands of entries, each a few KB): they
// only interpolate digits, dates and the PDL id, which JSON writes without escapes. The unit tests
// check every shape against pythonJsonDumps.

const energyReading = (day: DailyEnergy) => `{"value": "${day.wh}", "date": "${day.date}"}`

function meterReading(pdl: string, window: DateRange, readingType: string, readings: string[]) {
  return (
    `{"meter_reading": {"usage_point_id": "${pdl}", "start": "${window.start}", ` +
    `"end": "${window.end}", "quality": "BRUT", "reading_type": ${readingType}, ` +
    `"interval_reading": [${readings.join(', ')}]}}`
  )
}

function detailDay(curve: LoadCurveDay): string {
  const readings = curve.watts.map(
    (watts, i) =>
      `{"value": "${watts}", "date": "${curve.starts[i]}", "interval_length": "PT30M", "measure_type": "B"}`,
  )
  return (
    `{"readings": [${readings.join(', ')}], "expected_count": ${EXPECTED_HALF_HOURS}, ` +
    `"interval_length": "PT30M", "count": ${readings.length}}`
  )
}

/**
 * Every cache entry the app would have written (or reads) for these readings, in its own shapes
 * and units (Wh for daily energy, W for curves, VA for max power, values as strings):
 * - `consumption:daily:{pdl}:{date}` for every day, and `consumption:reading_type:{pdl}`;
 * - `consumption:detail:daily:{pdl}:{date}` / `production:detail:daily:{pdl}:{date}` for every
 *   day that has a load curve;
 * - for each range: the max power and production range keys, and the consumption range key the
 *   app reads when a range starts more than three years back.
 *
 * The `gaps` days of a meter get no per-day entry (daily energy, curves), so the app asks Enedis
 * for them; range entries hold every day, as the app caches whole responses and never checks them.
 */
export function buildCacheEntries(
  readings: readonly PdlReadings[],
  windows: readonly DateRange[],
  gaps: readonly MeterGaps[] = [],
): CacheEntry[] {
  const entries: CacheEntry[] = []
  for (const meter of readings) {
    const pdl = meter.usagePointId
    const missing = new Set(gaps.find((gap) => gap.usagePointId === pdl)?.days)
    const cached = <T extends { date: IsoDate }>(days: readonly T[]) =>
      missing.size === 0 ? days : days.filter((day) => !missing.has(day.date))
    if (meter.consumption) {
      const { daily, loadCurve, maxPower } = meter.consumption
      for (const day of cached(daily)) {
        entries.push({ key: cacheKeys.consumptionDaily(pdl, day.date), json: energyReading(day) })
      }
      entries.push({ key: cacheKeys.consumptionReadingType(pdl), json: DAILY_ENERGY_TYPE })
      for (const curve of cached(loadCurve)) {
        entries.push({
          key: cacheKeys.consumptionDetailDaily(pdl, curve.date),
          json: detailDay(curve),
        })
      }
      for (const window of windows) {
        const days = inWindow(daily, window).map(energyReading)
        const peaks = inWindow(maxPower, window).map(
          (p) => `{"value": "${p.va}", "date": "${p.at}"}`,
        )
        entries.push({
          key: cacheKeys.consumptionDailyRange(pdl, window.start, window.end),
          json: meterReading(pdl, window, DAILY_ENERGY_TYPE, days),
        })
        entries.push({
          key: cacheKeys.maxPowerRange(pdl, window.start, window.end),
          json: meterReading(pdl, window, MAX_POWER_TYPE, peaks),
        })
      }
    }
    if (meter.production) {
      const { daily, loadCurve } = meter.production
      for (const curve of cached(loadCurve)) {
        entries.push({
          key: cacheKeys.productionDetailDaily(pdl, curve.date),
          json: detailDay(curve),
        })
      }
      for (const window of windows) {
        entries.push({
          key: cacheKeys.productionDailyRange(pdl, window.start, window.end),
          json: meterReading(
            pdl,
            window,
            DAILY_ENERGY_TYPE,
            inWindow(daily, window).map(energyReading),
          ),
        })
      }
    }
  }
  return entries
}
