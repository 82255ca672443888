import {
  type CalendarDay,
  calendarDay,
  dateRange,
  type HalfHourSlot,
  halfHourSlots,
  type IsoDate,
} from './calendar.ts'
import { consumptionShape, consumptionWeight, type DayRhythm, sunShape } from './load-shape.ts'
import { dailyConsumptionWh, dailyProductionWh, isHolidayStay, isWeekend } from './profiles.ts'
import { dailyStreams } from './random-stream.ts'
import { spreadEnergy } from './spread-energy.ts'
import type {
  ConsumptionReadings,
  DailyEnergy,
  DailyMaxPower,
  DailyProduction,
  LoadCurveDay,
  MeterSpec,
  PdlReadings,
  ProductionReadings,
} from './types.ts'

/** What to generate: pure input, so the same request always gives the same readings. */
export interface ReadingsRequest {
  readonly seed: string
  /** First day, `YYYY-MM-DD` (Europe/Paris days). */
  readonly firstDate: IsoDate
  /** Last day, included. */
  readonly lastDate: IsoDate
  /** Keep load curves from this day on (default: `firstDate`); max power uses every day's curve. */
  readonly loadCurveFrom?: IsoDate
  readonly meters: readonly MeterSpec[]
}

/** Per-slot noise: appliances switching on and off. */
const SLOT_NOISE = 0.4
/** A slot's average stays under this share of the subscribed power; the peak inside it may not. */
const CURVE_CEILING = 0.9
/** The instant peak of a day is 15-75 % above the highest half-hour average. */
const PEAK_FACTOR_MIN = 1.15
const PEAK_FACTOR_SPAN = 0.6
const PRODUCTION_CAP_W = 36_000

/** A day's calendar facts and slots, computed once and shared by every meter. */
interface DayContext extends CalendarDay {
  readonly slots: readonly HalfHourSlot[]
  readonly starts: readonly string[]
  readonly sun: Float64Array
}

/**
 * The days of the last window asked for: they depend on the dates only, and a load test plans
 * many accounts over one window (building them was a third of the generator's time). Shared
 * read-only: the curves hold their `starts`.
 */
let lastWindow: { key: string; days: readonly DayContext[] } | undefined

/** Forgets the days kept (for the bench, which measures what one cold generation costs). */
export function forgetWindowDays(): void {
  lastWindow = undefined
}

function dayContexts(firstDate: IsoDate, lastDate: IsoDate): readonly DayContext[] {
  const key = `${firstDate}/${lastDate}`
  if (lastWindow?.key !== key) lastWindow = { key, days: buildDayContexts(firstDate, lastDate) }
  return lastWindow.days
}

function buildDayContexts(firstDate: IsoDate, lastDate: IsoDate): DayContext[] {
  return dateRange(firstDate, lastDate).map((date) => {
    const day = calendarDay(date)
    const slots = halfHourSlots(date)
    return {
      ...day,
      slots,
      starts: slots.map((slot) => slot.start),
      sun: Float64Array.from(slots, (slot) => sunShape(day, slot)),
    }
  })
}

function rhythmOf(meter: MeterSpec, day: CalendarDay): DayRhythm {
  if (meter.profile === 'secondary-home') return isHolidayStay(day) ? 'weekend' : 'standby'
  return isWeekend(day) ? 'weekend' : 'weekday'
}

function peakOf(day: DayContext, watts: readonly number[], limitVa: number, draw: () => number) {
  let peak = 0
  for (let i = 1; i < watts.length; i++) if (watts[i]! > watts[peak]!) peak = i
  const factor = PEAK_FACTOR_MIN + PEAK_FACTOR_SPAN * draw()
  const va = Math.min(limitVa, Math.round(watts[peak]! * factor))
  const second = Math.floor(draw() * 1800)
  const start = day.starts[peak]!
  const minutes = Number(start.slice(14, 16)) + Math.floor(second / 60)
  const at = `${start.slice(0, 14)}${String(minutes).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`
  return { date: day.date, va, at }
}

function consumptionOf(
  seed: string,
  meter: MeterSpec,
  days: readonly DayContext[],
  curveFrom: IsoDate,
): ConsumptionReadings {
  const shape = consumptionShape(meter.offpeakHours)
  const streamOf = dailyStreams(seed, meter.usagePointId, 'consumption')
  const limitVa = meter.subscribedPower * 1000
  const ceilingW = Math.floor(limitVa * CURVE_CEILING)
  const daily: DailyEnergy[] = []
  const loadCurve: LoadCurveDay[] = []
  const maxPower: DailyMaxPower[] = []
  const weights = new Float64Array(50)
  const selfConsumes = meter.profile === 'solar-home'
  for (const day of days) {
    const draw = streamOf(day.date)
    const wh = Math.round(dailyConsumptionWh(meter.profile, day, draw))
    const rhythm = rhythmOf(meter, day)
    const count = day.slots.length
    for (let i = 0; i < count; i++) {
      const base = consumptionWeight(shape, rhythm, day.slots[i]!, selfConsumes ? day.sun[i]! : 0)
      weights[i] = base * (1 - SLOT_NOISE / 2 + SLOT_NOISE * draw())
    }
    const watts = spreadEnergy(wh, weights, ceilingW, count)
    daily.push({ date: day.date, wh })
    maxPower.push(peakOf(day, watts, limitVa, draw))
    if (day.date >= curveFrom) loadCurve.push({ date: day.date, starts: day.starts, watts })
  }
  return { daily, loadCurve, maxPower }
}

function productionOf(
  seed: string,
  meter: MeterSpec,
  days: readonly DayContext[],
  curveFrom: IsoDate,
): ProductionReadings {
  const daily: DailyProduction[] = []
  const loadCurve: LoadCurveDay[] = []
  const streamOf = dailyStreams(seed, meter.usagePointId, 'production')
  const weights = new Float64Array(50)
  for (const day of days) {
    const draw = streamOf(day.date)
    const { wh: exactWh, cloudy } = dailyProductionWh(day, draw)
    const wh = Math.round(exactWh)
    daily.push({ date: day.date, wh, cloudy })
    if (day.date < curveFrom) continue
    // Passing clouds make a cloudy day's curve jagged; a clear day's follows the sun closely.
    const noise = cloudy ? 0.8 : 0.1
    const count = day.slots.length
    for (let i = 0; i < count; i++) weights[i] = day.sun[i]! * (1 - noise / 2 + noise * draw())
    const watts = spreadEnergy(wh, weights, PRODUCTION_CAP_W, count)
    loadCurve.push({ date: day.date, starts: day.starts, watts })
  }
  return { daily, loadCurve }
}

/**
 * Generates daily energy, 30-minute load curves and daily max power for every meter and day.
 * Pure and deterministic: no clock, no I/O, integer Wh, one random stream per (seed, meter,
 * kind, day).
 *
 * @example
 * ```ts
 * const [home] = generateReadings({
 *   seed: 'demo', firstDate: '2025-01-01', lastDate: '2025-12-31',
 *   meters: [{ usagePointId: '12345678901234', profile: 'main-home', subscribedPower: 6,
 *              hasConsumption: true, hasProduction: false, offpeakHours: ['22:00-06:00'] }],
 * })
 * home.consumption?.daily[0] // { date: '2025-01-01', wh: 18929 }
 * ```
 */
export function generateReadings(request: ReadingsRequest): PdlReadings[] {
  const days = dayContexts(request.firstDate, request.lastDate)
  const curveFrom = request.loadCurveFrom ?? request.firstDate
  return request.meters.map((meter) => ({
    usagePointId: meter.usagePointId,
    profile: meter.profile,
    consumption: meter.hasConsumption ? consumptionOf(request.seed, meter, days, curveFrom) : null,
    production: meter.hasProduction ? productionOf(request.seed, meter, days, curveFrom) : null,
  }))
}
