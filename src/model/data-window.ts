import { detailBatchFirstDay } from '../app/frontend-requests.ts'
import { addDays, type IsoDate } from '../readings/calendar.ts'
import type { DataWindow } from './account.ts'

/**
 * The data window for a reference date and a number of days; curves start at `curvesFrom` (the
 * app contract's `loadCurveFrom`, by default what a server-mode backend serves) or the first day.
 */
export function dataWindow(
  referenceDate: IsoDate,
  days: number,
  curvesFrom: IsoDate = detailBatchFirstDay(referenceDate),
): DataWindow {
  const firstDate = addDays(referenceDate, -days)
  return {
    referenceDate,
    days,
    firstDate,
    lastDate: addDays(referenceDate, -1),
    loadCurveFrom: curvesFrom > firstDate ? curvesFrom : firstDate,
  }
}
