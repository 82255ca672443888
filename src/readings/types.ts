import type { IsoDate } from './calendar.ts'

/** How a meter's household behaves; each profile documents its own shape in `profiles.ts`. */
export type PdlProfile = 'main-home' | 'solar-home' | 'secondary-home'

/** What the generator needs to know about one meter. */
export interface MeterSpec {
  readonly usagePointId: string
  readonly profile: PdlProfile
  /** kVA; load-curve averages stay below it and daily max power never exceeds it. */
  readonly subscribedPower: number
  readonly hasConsumption: boolean
  readonly hasProduction: boolean
  /** Off-peak (HC) ranges, `HH:MM-HH:MM`, which shape the consumption curve. */
  readonly offpeakHours: readonly string[]
}

/** A day's energy, in whole Wh, as Enedis reports daily consumption and production. */
export interface DailyEnergy {
  readonly date: IsoDate
  readonly wh: number
}

/** A day's production, with whether clouds cut it that day. */
export interface DailyProduction extends DailyEnergy {
  readonly cloudy: boolean
}

/**
 * One day of 30-minute load curve: `watts[i]` is the average power in W over the half hour that
 * starts at local time `starts[i]` (`YYYY-MM-DD HH:MM:SS`, Europe/Paris). 48 values, or 46 and 50
 * on the days the clocks change. The energy `sum(watts) / 2` equals the day's Wh exactly.
 */
export interface LoadCurveDay {
  readonly date: IsoDate
  readonly starts: readonly string[]
  readonly watts: readonly number[]
}

/** A day's maximum apparent power in VA and its local time `YYYY-MM-DD HH:MM:SS`. */
export interface DailyMaxPower {
  readonly date: IsoDate
  readonly va: number
  readonly at: string
}

/** Consumption readings of one meter. */
export interface ConsumptionReadings {
  readonly daily: readonly DailyEnergy[]
  readonly loadCurve: readonly LoadCurveDay[]
  readonly maxPower: readonly DailyMaxPower[]
}

/** Production readings of one meter. */
export interface ProductionReadings {
  readonly daily: readonly DailyProduction[]
  readonly loadCurve: readonly LoadCurveDay[]
}

/** Everything generated for one meter; `null` for a direction the meter does not measure. */
export interface PdlReadings {
  readonly usagePointId: string
  readonly profile: PdlProfile
  readonly consumption: ConsumptionReadings | null
  readonly production: ProductionReadings | null
}
