import type { CalendarDay, HalfHourSlot } from './calendar.ts'
import { daylightHours } from './profiles.ts'

/**
 * Relative power over the day (any scale: the curve is normalised to the day's energy). Values
 * are per local hour; both half hours of an hour share it before the per-slot noise.
 */
const WEEKDAY_SHAPE = [
  0.55, 0.5, 0.45, 0.45, 0.45, 0.5, 0.8, 1.4, 1.3, 0.9, 0.75, 0.75, 0.85, 0.8, 0.7, 0.7, 0.8, 1.1,
  1.5, 1.9, 1.9, 1.6, 1.2, 0.8,
]
const WEEKEND_SHAPE = [
  0.6, 0.5, 0.45, 0.45, 0.45, 0.45, 0.5, 0.7, 1.1, 1.3, 1.2, 1.2, 1.4, 1.2, 1.0, 0.9, 0.9, 1.1, 1.4,
  1.8, 1.8, 1.5, 1.2, 0.85,
]
/** An empty secondary home: fridge, standby and frost protection, a little more at night. */
const STANDBY_SHAPE = [
  1.2, 1.2, 1.25, 1.25, 1.25, 1.2, 1.1, 1.0, 0.95, 0.9, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.9,
  0.95, 1.0, 1.0, 1.05, 1.1, 1.15, 1.2,
]
/** The water heater runs for the first hours of each off-peak range. */
const WATER_HEATER_WEIGHT = 0.8
const WATER_HEATER_MINUTES = 180
/** Share of the midday consumption that panels cover on the solar home. */
const SELF_CONSUMPTION = 0.55
/** France's longitude puts solar noon about 9 minutes before 12:00 UTC. */
const SOLAR_NOON_UTC_HOURS = 11.85

export type DayRhythm = 'weekday' | 'weekend' | 'standby'

interface MinuteRange {
  readonly from: number
  readonly to: number
}

const OFFPEAK_RANGE = /^(\d{2})[h:](\d{2})-(\d{2})[h:](\d{2})$/

/** `HH:MM-HH:MM` ranges as minutes after midnight; `to` may be below `from` (wraps midnight). */
export function parseOffpeakRanges(ranges: readonly string[]): MinuteRange[] {
  const parsed: MinuteRange[] = []
  for (const range of ranges) {
    const match = OFFPEAK_RANGE.exec(range)
    if (!match) continue
    parsed.push({
      from: Number(match[1]) * 60 + Number(match[2]),
      to: Number(match[3]) * 60 + Number(match[4]),
    })
  }
  return parsed
}

function minutesInto(range: MinuteRange, minute: number): number | undefined {
  const length = (range.to - range.from + 1440) % 1440 || 1440
  const offset = (minute - range.from + 1440) % 1440
  return offset < length ? offset : undefined
}

function isWaterHeating(offpeak: readonly MinuteRange[], wallMinute: number): boolean {
  return offpeak.some((range) => {
    const into = minutesInto(range, wallMinute)
    return into !== undefined && into < WATER_HEATER_MINUTES
  })
}

/** Relative sun over a slot, 0 at night to 1 at solar noon: a smooth bell over the daylight. */
export function sunShape(day: CalendarDay, slot: HalfHourSlot): number {
  const midUtcHours = ((slot.utcMs / 60_000 + 15) % 1440) / 60
  const x = (midUtcHours - SOLAR_NOON_UTC_HOURS) / (daylightHours(day) / 2)
  return x * x < 1 ? (1 - x * x) * (1 - x * x) : 0
}

/** Relative consumption of each wall-clock half hour (index = minute / 30), before sun and noise. */
export type ConsumptionShape = Readonly<Record<DayRhythm, Float64Array>>

/** The consumption shapes of a meter with these off-peak hours. */
export function consumptionShape(offpeakHours: readonly string[]): ConsumptionShape {
  const offpeak = parseOffpeakRanges(offpeakHours)
  const build = (hourly: readonly number[], heats: boolean) =>
    Float64Array.from({ length: 48 }, (_, i) => {
      const heater = heats && isWaterHeating(offpeak, i * 30) ? WATER_HEATER_WEIGHT : 0
      return (hourly[Math.floor(i / 2)] ?? 1) + heater
    })
  return {
    weekday: build(WEEKDAY_SHAPE, true),
    weekend: build(WEEKEND_SHAPE, true),
    standby: build(STANDBY_SHAPE, false),
  }
}

/** Relative consumption of one slot, before noise; the panels cover part of it in daylight. */
export function consumptionWeight(
  shape: ConsumptionShape,
  rhythm: DayRhythm,
  slot: HalfHourSlot,
  selfConsumedSun: number,
): number {
  const base = shape[rhythm][slot.wallMinute / 30] ?? 1
  return base * (1 - SELF_CONSUMPTION * selfConsumedSun)
}
