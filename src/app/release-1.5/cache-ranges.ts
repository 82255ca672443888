import type { DataWindow } from '../../model/account.ts'
import { type DateRange, frontendDailyRanges } from '../frontend-requests.ts'

/**
 * The ranges range keys are written for: every range the app's frontend asks for on the reference
 * date, and the seeded days, each once. A range that reaches past the seeded days holds the
 * seeded part, as the app would have cached what Enedis had.
 */
export function cacheRanges(window: DataWindow): DateRange[] {
  const ranges = [...frontendDailyRanges(window.referenceDate)]
  const seeded = { start: window.firstDate, end: window.lastDate }
  if (!ranges.some((range) => range.start === seeded.start && range.end === seeded.end)) {
    ranges.push(seeded)
  }
  return ranges
}
