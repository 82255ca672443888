import type { MeterGaps } from '../../model/scenario.ts'
import type { IsoDate } from '../../readings/calendar.ts'
import type { DailyEnergy, DailyMaxPower, LoadCurveDay, PdlReadings } from '../../readings/types.ts'
import type { CacheEntry } from '../app-contract.ts'
import type { DateRange } from '../frontend-requests.ts'
import type { JsonText } from '../json-text.ts'
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
// only interpolate digits, dates and the PDL id, which JSON writes without escapes (so ASCII, one
// byte a character). The unit tests (cache-entries.test.ts) check every shape against
// pythonJsonDumps.

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
 * What follows each value of a day's curve: `", "date": "<start>", …}` then `, {"value": "` (or,
 * after the last, the end of the text), in bytes one after the other, and where each ends; made
 * once per `starts` array: the generator shares one per day between the meters and accounts of a
 * window, so a load test makes these a few hundred times instead of for each of its hundred
 * thousand curves.
 */
const slotFollows = new WeakMap<readonly string[], { bytes: Buffer; ends: Uint32Array }>()

function slotFollowsOf(starts: readonly string[]) {
  let follows = slotFollows.get(starts)
  if (!follows) {
    const last = starts.length - 1
    const texts = starts.map(
      (start, i) =>
        `", "date": "${start}", "interval_length": "PT30M", "measure_type": "B"}` +
        (i < last
          ? ', {"value": "'
          : `], "expected_count": ${EXPECTED_HALF_HOURS}, "interval_length": "PT30M", "count": ${starts.length}}`),
    )
    const ends = new Uint32Array(texts.length)
    let end = 0
    for (const [i, text] of texts.entries()) {
      end += text.length
      ends[i] = end
    }
    follows = { bytes: Buffer.from(texts.join(''), 'latin1'), ends }
    slotFollows.set(starts, follows)
  }
  return follows
}

const DETAIL_START = Buffer.from('{"readings": [{"value": "', 'latin1')

/** A value's decimal digits: whole watts, written without a string (any other number as JS writes it). */
const isWhole = (value: number) => value >>> 0 === value

function digitCount(value: number): number {
  if (!isWhole(value)) return String(value).length
  let count = 1
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++
  return count
}

function writeDigits(into: Buffer, at: number, value: number, count: number): void {
  if (!isWhole(value)) {
    into.write(String(value), at, 'latin1')
    return
  }
  let rest = value
  for (let i = at + count - 1; i >= at; i--) {
    into[i] = 0x30 + (rest % 10)
    rest = Math.floor(rest / 10)
  }
}

/** A day's curve (a value per start), the text written straight into the buffer that encrypts it. */
function detailDay(curve: LoadCurveDay): JsonText {
  const { bytes, ends } = slotFollowsOf(curve.starts)
  const { watts } = curve
  const digits = new Uint8Array(watts.length)
  let length = DETAIL_START.length + bytes.length
  for (let i = 0; i < watts.length; i++) {
    digits[i] = digitCount(watts[i]!)
    length += digits[i]!
  }
  return {
    length,
    write(into, at) {
      let offset = at + DETAIL_START.copy(into, at)
      let follow = 0
      for (let i = 0; i < watts.length; i++) {
        writeDigits(into, offset, watts[i]!, digits[i]!)
        offset += digits[i]!
        offset += bytes.copy(into, offset, follow, ends[i])
        follow = ends[i]!
      }
    },
  }
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
