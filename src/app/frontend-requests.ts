import {
  addDays,
  daysBetween,
  type IsoDate,
  minusYears,
  plusYearsRollingOver,
} from '../readings/calendar.ts'

/** A date range of a request, both days included, `YYYY-MM-DD`. */
export interface DateRange {
  readonly start: IsoDate
  readonly end: IsoDate
}

/**
 * The ranges of daily data (consumption, max power, production) that the app's frontend asks the
 * backend for, with `use_cache=true`, when its local date is `today`. MyElectricalData 1.5.0 has
 * two loading paths, unchanged up to 1.22.0, and a page can take either:
 *
 * - the unified fetch (`hooks/useUnifiedDataFetch.ts`), which runs when the browser has nothing
 *   cached for a PDL (and always for the demo user): one request per kind, from yesterday - 1095
 *   days to yesterday;
 * - the page hooks (`pages/ConsumptionKwh/hooks/useConsumptionData.ts`,
 *   `pages/Production/hooks/useProductionData.ts`), which run when the browser already holds data
 *   (a PDL switch, a revisit after an hour, a unified request still in flight): from yesterday -
 *   1094 days to yesterday, in yearly chunks (see {@link yearlyChunks}).
 *
 * The backend reads max power and daily production from a range key made of exactly these dates,
 * so each range needs a key of its own; a missing one is fetched from Enedis, and for the demo
 * user the demo adapter's (empty) answer is cached in its place.
 */
export function frontendDailyRanges(today: IsoDate): DateRange[] {
  const yesterday = addDays(today, -1)
  const unified = { start: addDays(yesterday, -1095), end: yesterday }
  return [unified, ...yearlyChunks({ start: addDays(yesterday, -1094), end: yesterday })]
}

/** The days the frontend shows on a fresh load: the unified fetch's range. */
export function unifiedDailyRange(today: IsoDate): DateRange {
  return frontendDailyRanges(today)[0]!
}

/**
 * How the page hooks split a range longer than 365 days: each chunk runs from its start to the
 * same date a year later minus one day (a JavaScript `setUTCFullYear`, so 29 February moves to 1
 * March), capped at the range's end; the next chunk starts the day after. A range of 365 days or
 * fewer is one request.
 */
export function yearlyChunks(range: DateRange): DateRange[] {
  // The hooks compare the distance between the two dates (not the number of days) with 365.
  if (daysBetween(range.start, range.end) <= 365) return [range]
  const chunks: DateRange[] = []
  for (let start = range.start; start <= range.end; ) {
    const yearLater = addDays(plusYearsRollingOver(start, 1), -1)
    const end = yearLater > range.end ? range.end : yearLater
    chunks.push({ start, end })
    start = addDays(end, 1)
  }
  return chunks
}

/**
 * The first day of 30-minute curves the frontend asks for (`consumption/detail/batch`,
 * `production/detail/batch`): today - 2 years, the same month and day, to yesterday. A client-mode
 * backend reads every day of that from Postgres.
 */
export function detailBatchStart(today: IsoDate): IsoDate {
  return minusYears(today, 2)
}

/**
 * The first day of 30-minute curves the data pages get from a server-mode backend: it serves the
 * last 729 days of {@link detailBatchStart}'s range at most, reading each day's curve from its own
 * cache key.
 */
export function detailBatchFirstDay(today: IsoDate): IsoDate {
  const twoYears = detailBatchStart(today)
  const backendLimit = addDays(today, -729)
  return twoYears > backendLimit ? twoYears : backendLimit
}
