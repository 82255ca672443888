import type { MeterGaps } from '../../model/scenario.ts'
import type { IsoDate } from '../../readings/calendar.ts'
import type { DailyEnergy, DailyMaxPower, LoadCurveDay, PdlReadings } from '../../readings/types.ts'
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

/** The texts of the items whose day is in the window, in order. */
function inWindow(
  items: readonly { date: IsoDate }[],
  texts: readonly string[],
  window: DateRange,
) {
  const picked: string[] = []
  for (let i = 0; i < items.length; i++) {
    const { date } = items[i]!
    if (date >= window.start && date <= window.end) picked.push(texts[i]!)
  }
  return picked
}

// The texts below are built by hand for speed (tens of thousands of entries, each a few KB): they
// only interpolate digits, dates and the PDL id, which JSON writes without escapes. The unit tests
// (cache-entries.test.ts) check every shape against pythonJsonDumps.

const energyReading = (day: DailyEnergy) => `{"value": "${day.wh}", "date": "${day.date}"}`
const maxPowerReading = (peak: DailyMaxPower) => `{"value": "${peak.va}", "date": "${peak.at}"}`

function meterReading(pdl: string, window: DateRange, readingType: string, readings: string[]) {
  return (
    `{"meter_reading": {"usage_point_id": "${pdl}", "start": "${window.start}", ` +
    `"end": "${window.end}", "quality": "BRUT", "reading_type": ${readingType}, ` +
    `"interval_reading": [${readings.join(', ')}]}}`
  )
}

/**
 * What follows each value of a day's curve, `", "date": "<start>", …}`, made once per `starts`
 * array: the generator shares one per day between the meters and accounts of a window, so a load
 * test makes these a few hundred times instead of for each of its hundred thousand curves.
 */
const slotTails = new WeakMap<readonly string[], readonly string[]>()

function slotTailsOf(starts: readonly string[]): readonly string[] {
  let tails = slotTails.get(starts)
  if (!tails) {
    tails = starts.map(
      (start) => `", "date": "${start}", "interval_length": "PT30M", "measure_type": "B"}`,
    )
    slotTails.set(starts, tails)
  }
  return tails
}

/** Decimal texts of the small whole numbers seen so far: curves repeat the same watts often. */
const WATT_TEXTS_SIZE = 1 << 16
const wattTexts: (string | undefined)[] = new Array(WATT_TEXTS_SIZE)

function wattText(watts: number): string {
  if (!(watts >>> 0 === watts && watts < WATT_TEXTS_SIZE)) return String(watts)
  let text = wattTexts[watts]
  if (text === undefined) {
    text = String(watts)
    wattTexts[watts] = text
  }
  return text
}

/** The pieces of one curve's text, reused: joined, they make a flat string (see below). */
const detailParts: string[] = []

function detailDay(curve: LoadCurveDay): string {
  const tails = slotTailsOf(curve.starts)
  const { watts } = curve
  const parts = detailParts
  parts.length = 0
  parts.push('{"readings": [{"value": "')
  for (let i = 0; i < watts.length; i++) {
    if (i > 0) parts.push(', {"value": "')
    parts.push(wattText(watts[i]!), tails[i]!)
  }
  parts.push(
    `], "expected_count": ${EXPECTED_HALF_HOURS}, "interval_length": "PT30M", "count": ${watts.length}}`,
  )
  // `join` makes one flat string, where `+=` makes a tree of a hundred pieces that Fernet flattens.
  return parts.join('')
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
    const isCached = (date: IsoDate) => missing.size === 0 || !missing.has(date)
    if (meter.consumption) {
      const { daily, loadCurve, maxPower } = meter.consumption
      // Each day's text is made once, for its own entry and every range that holds it.
      const dayTexts = daily.map(energyReading)
      for (let i = 0; i < daily.length; i++) {
        const { date } = daily[i]!
        if (isCached(date)) {
          entries.push({ key: cacheKeys.consumptionDaily(pdl, date), json: dayTexts[i]! })
        }
      }
      entries.push({ key: cacheKeys.consumptionReadingType(pdl), json: DAILY_ENERGY_TYPE })
      for (const curve of loadCurve) {
        if (!isCached(curve.date)) continue
        entries.push({
          key: cacheKeys.consumptionDetailDaily(pdl, curve.date),
          json: detailDay(curve),
        })
      }
      const peakTexts = maxPower.map(maxPowerReading)
      for (const window of windows) {
        entries.push({
          key: cacheKeys.consumptionDailyRange(pdl, window.start, window.end),
          json: meterReading(pdl, window, DAILY_ENERGY_TYPE, inWindow(daily, dayTexts, window)),
        })
        entries.push({
          key: cacheKeys.maxPowerRange(pdl, window.start, window.end),
          json: meterReading(pdl, window, MAX_POWER_TYPE, inWindow(maxPower, peakTexts, window)),
        })
      }
    }
    if (meter.production) {
      const { daily, loadCurve } = meter.production
      for (const curve of loadCurve) {
        if (!isCached(curve.date)) continue
        entries.push({
          key: cacheKeys.productionDetailDaily(pdl, curve.date),
          json: detailDay(curve),
        })
      }
      const dayTexts = daily.map(energyReading)
      for (const window of windows) {
        entries.push({
          key: cacheKeys.productionDailyRange(pdl, window.start, window.end),
          json: meterReading(pdl, window, DAILY_ENERGY_TYPE, inWindow(daily, dayTexts, window)),
        })
      }
    }
  }
  return entries
}
