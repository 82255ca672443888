/**
 * Calendar arithmetic for Europe/Paris days, done with integer UTC milliseconds and the EU
 * summer-time rule rather than `Intl`, whose time-zone data differs between Node builds: the
 * same date must give the same slots on every machine.
 */

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
const HALF_HOUR_MS = 30 * MINUTE_MS
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or `undefined` for anything else. */
export function parseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    return undefined
  }
  return ms / DAY_MS
}

/** `YYYY-MM-DD` of a day number. */
export function formatDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
}

function dayNumberOf(date: IsoDate): number {
  const day = parseIsoDate(date)
  if (day === undefined) throw new RangeError(`not a valid YYYY-MM-DD date: ${date}`)
  return day
}

/** The date `days` days after `date` (before, when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDayNumber(dayNumberOf(date) + days)
}

/** How many days `to` is after `from` (negative when before). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumberOf(to) - dayNumberOf(from)
}

/**
 * The same month and day `years` later, as JavaScript's `setUTCFullYear` gives it: 29 February
 * of a year without one rolls over to 1 March.
 */
export function plusYearsRollingOver(date: IsoDate, years: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const target = new Date(0)
  target.setUTCFullYear(year + years, month - 1, day)
  return target.toISOString().slice(0, 10)
}

/** Every date from `first` to `last`, both included. */
export function dateRange(first: IsoDate, last: IsoDate): IsoDate[] {
  const start = dayNumberOf(first)
  const end = dayNumberOf(last)
  const dates: IsoDate[] = []
  for (let day = start; day <= end; day++) dates.push(formatDayNumber(day))
  return dates
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((dayNumberOf(date) + 4) % 7) + 7) % 7
}

/** 1 for January 1st. */
export function dayOfYear(date: IsoDate): number {
  const year = Number(date.slice(0, 4))
  return dayNumberOf(date) - Date.UTC(year, 0, 1) / DAY_MS + 1
}

/**
 * The same day `years` years earlier, as Python's `date.replace(year=…)` computes it (which the
 * app uses for its 2- and 3-year limits); February 29th falls back to the 28th.
 */
export function minusYears(date: IsoDate, years: number): IsoDate {
  const year = Number(date.slice(0, 4)) - years
  const rest = date.slice(4)
  const candidate = `${String(year).padStart(4, '0')}${rest}`
  return parseIsoDate(candidate) === undefined
    ? `${String(year).padStart(4, '0')}-02-28`
    : candidate
}

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0)
  const weekday = new Date(lastDay).getUTCDay()
  return lastDay - weekday * DAY_MS
}

const summerTimeByYear = new Map<number, readonly [number, number]>()

/** EU rule: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC. */
function summerTime(year: number): readonly [number, number] {
  let span = summerTimeByYear.get(year)
  if (!span) {
    span = [lastSundayUtc(year, 2) + 60 * MINUTE_MS, lastSundayUtc(year, 9) + 60 * MINUTE_MS]
    summerTimeByYear.set(year, span)
  }
  return span
}

/** Minutes Europe/Paris is ahead of UTC at an instant: 120 in summer time, else 60. */
export function parisOffsetMinutes(utcMs: number): number {
  const [start, end] = summerTime(new Date(utcMs).getUTCFullYear())
  return utcMs >= start && utcMs < end ? 120 : 60
}

/** The Europe/Paris calendar day at an instant. */
export function parisDate(utcMs: number): IsoDate {
  return new Date(utcMs + parisOffsetMinutes(utcMs) * MINUTE_MS).toISOString().slice(0, 10)
}

/** UTC milliseconds of local midnight in Paris (midnight is never inside a clock change). */
export function parisMidnightUtc(date: IsoDate): number {
  const utcMidnight = dayNumberOf(date) * DAY_MS
  const candidate = utcMidnight - 60 * MINUTE_MS
  return parisOffsetMinutes(candidate) === 120 ? utcMidnight - 120 * MINUTE_MS : candidate
}

/** One half hour of a Paris day, labelled by its local start time as Enedis and the app do. */
export interface HalfHourSlot {
  /** Local start, `YYYY-MM-DD HH:MM:SS`. */
  readonly start: string
  /** Minutes after local midnight on the wall clock (repeated hours repeat their minutes). */
  readonly wallMinute: number
  /** The start as UTC milliseconds. */
  readonly utcMs: number
}

/**
 * The half hours of a Paris day: 48, or 46 on the day clocks go forward and 50 on the day they go
 * back (the repeated hour appears twice, as the meter reports it).
 */
export function halfHourSlots(date: IsoDate): HalfHourSlot[] {
  const start = parisMidnightUtc(date)
  const end = parisMidnightUtc(addDays(date, 1))
  const [summerStart, summerEnd] = summerTime(Number(date.slice(0, 4)))
  const offsetAt = (t: number) => (t >= summerStart && t < summerEnd ? 120 : 60)
  const startOffset = offsetAt(start)
  const slots: HalfHourSlot[] = []
  for (let t = start; t < end; t += HALF_HOUR_MS) {
    // Wall-clock minutes: elapsed time plus the clock change, if one happened since midnight.
    const wallMinute = (t - start) / MINUTE_MS + offsetAt(t) - startOffset
    slots.push({ start: `${date} ${WALL_CLOCK[wallMinute / 30]}`, wallMinute, utcMs: t })
  }
  return slots
}

/** `HH:MM:00` of each half hour of the wall clock. */
const WALL_CLOCK = Array.from({ length: 48 }, (_, i) => {
  const hours = String(Math.floor(i / 2)).padStart(2, '0')
  return `${hours}:${i % 2 === 0 ? '00' : '30'}:00`
})

/** A day with the facts the generator looks up many times. */
export interface CalendarDay {
  readonly date: IsoDate
  /** 1 for January 1st. */
  readonly dayOfYear: number
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number
}

export function calendarDay(date: IsoDate): CalendarDay {
  return { date, dayOfYear: dayOfYear(date), weekday: dayOfWeek(date) }
}
