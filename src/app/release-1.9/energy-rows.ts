import type { DailyEnergy, LoadCurveDay } from '../../readings/types.ts'

/** The rows of `consumption_data` or `production_data` of one meter, as parallel columns. */
export interface EnergyRows {
  readonly dates: string[]
  /** `null` for daily rows, `HH:MM` for 30-minute ones. */
  readonly intervalStarts: (string | null)[]
  readonly values: number[]
}

/** Daily rows: one per day, `interval_start` NULL, the day's Wh. */
export function dailyRows(days: readonly DailyEnergy[]): EnergyRows {
  return {
    dates: days.map((day) => day.date),
    intervalStarts: days.map(() => null),
    values: days.map((day) => day.wh),
  }
}

/**
 * 30-minute rows as the app's sync writes them from the gateway's readings (`services/sync.py`):
 * `date` and `interval_start` from each reading's local start time, the average W as the value.
 * On the day the clocks go back two readings share a start time; the app keeps the last one.
 */
export function detailedRows(curves: readonly LoadCurveDay[]): EnergyRows {
  const rows: EnergyRows = { dates: [], intervalStarts: [], values: [] }
  for (const curve of curves) {
    const slots = new Map<string, number>()
    curve.starts.forEach((start, i) => {
      slots.set(start.slice(11, 16), curve.watts[i]!)
    })
    for (const [intervalStart, watts] of slots) {
      rows.dates.push(curve.date)
      rows.intervalStarts.push(intervalStart)
      rows.values.push(watts)
    }
  }
  return rows
}
