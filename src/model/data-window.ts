import { detailBatchFirstDay } from '../app/frontend-requests.ts'
import { addDays, type IsoDate } from '../readings/calendar.ts'
import type { DataWindow } from './account.ts'

/** The data window for a reference date and a number of days. */
export function dataWindow(referenceDate: IsoDate, days: number): DataWindow {
  const firstDate = addDays(referenceDate, -days)
  const curvesFrom = detailBatchFirstDay(referenceDate)
  return {
    referenceDate,
    days,
    firstDate,
    lastDate: addDays(referenceDate, -1),
    loadCurveFrom: curvesFrom > firstDate ? curvesFrom : firstDate,
  }
}
