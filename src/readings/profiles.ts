import type { CalendarDay } from './calendar.ts'
import { boxMuller, cosDeterministic } from './deterministic-math.ts'
import type { RandomStream } from './random-stream.ts'
import type { PdlProfile } from './types.ts'

/**
 * The households behind the readings. All values are Wh per day before the load curve spreads
 * them over the half hours.
 *
 * `main-home` (the spec's main home): yearly mean 17 kWh/day; winter (Dec-Feb) about 30 % above
 * the yearly mean and summer (Jun-Aug) about 20 % below it; weekends 12 % above weekdays; Gaussian
 * day-to-day variation with a 12 % standard deviation, floored so no day is negative.
 *
 * `solar-home` (the spec's home with solar panels): the same seasons and week as `main-home` with
 * a 16 kWh/day mean of consumption drawn from the grid, less around midday while the panels
 * produce. Production: a clear day gives 3.4 kWh at the winter solstice up to 19.2 kWh in
 * mid-July (summer clear days 15-20 kWh, winter clear days 3-5 kWh), +/- 4 % haze; with a 20 %
 * probability a day is cloudy, which cuts its production by 60 %.
 *
 * `secondary-home`: occupied only during the French school holidays (see {@link isHolidayStay}),
 * when it behaves like a main home with a 14 kWh/day mean and the weekend's daily rhythm; the
 * rest of the year it draws a standby load of 1.2 kWh/day plus up to 1.8 kWh of frost protection
 * in winter.
 */
export const PROFILE_DESCRIPTIONS: Readonly<Record<PdlProfile, string>> = {
  'main-home': 'main home: 17 kWh/day on average, +30 % in winter, -20 % in summer',
  'solar-home': 'home with solar panels: 16 kWh/day from the grid, up to 20 kWh/day of production',
  'secondary-home': 'secondary home: occupied during school holidays, standby load otherwise',
}

const TWO_PI = 2 * Math.PI
const YEAR_DAYS = 365.25

/** Seasonal factor, mean 1 over a year: about 1.3 in Dec-Feb, 0.8 in Jun-Aug, 0.95 in between. */
export function seasonFactor(day: CalendarDay): number {
  const theta = (TWO_PI * (day.dayOfYear - 15)) / YEAR_DAYS
  return 1 + 0.278 * cosDeterministic(theta) + 0.0785 * cosDeterministic(2 * theta)
}

/** How cold it is, from 0 (midsummer) to 1 (mid-January). */
function winterness(day: CalendarDay): number {
  return (1 + cosDeterministic((TWO_PI * (day.dayOfYear - 15)) / YEAR_DAYS)) / 2
}

export function isWeekend(day: CalendarDay): boolean {
  return day.weekday === 0 || day.weekday === 6
}

const WEEKDAY_FACTOR = 0.966
const WEEKEND_FACTOR = 1.085
const DAILY_SIGMA = 0.12

/** French school holidays, approximated by fixed windows (month-day, both included). */
const HOLIDAY_WINDOWS: readonly (readonly [string, string])[] = [
  ['01-01', '01-03'],
  ['02-10', '02-24'],
  ['04-12', '04-26'],
  ['07-05', '08-31'],
  ['10-19', '11-02'],
  ['12-20', '12-31'],
]

/** Whether a secondary home is occupied that day. */
export function isHolidayStay(day: CalendarDay): boolean {
  const monthDay = day.date.slice(5)
  return HOLIDAY_WINDOWS.some(([from, to]) => monthDay >= from && monthDay <= to)
}

function gaussianFactor(random: RandomStream, sigma: number): number {
  return Math.max(0.05, 1 + sigma * boxMuller(random(), random()))
}

/** Wh drawn from the grid that day (before rounding). Draws two numbers from `random`. */
export function dailyConsumptionWh(
  profile: PdlProfile,
  day: CalendarDay,
  random: RandomStream,
): number {
  const noise = gaussianFactor(random, DAILY_SIGMA)
  const week = isWeekend(day) ? WEEKEND_FACTOR : WEEKDAY_FACTOR
  switch (profile) {
    case 'main-home':
      return 17_000 * seasonFactor(day) * week * noise
    case 'solar-home':
      return 16_000 * seasonFactor(day) * week * noise
    case 'secondary-home':
      if (isHolidayStay(day)) return 14_000 * seasonFactor(day) * noise
      return (1_200 + 1_800 * winterness(day) * winterness(day)) * (1 + (noise - 1) / 2)
  }
}

/** Clear-sky production that day, Wh: 3.4 kWh at the winter solstice to 19.2 kWh in mid-July. */
export function clearSkyProductionWh(day: CalendarDay): number {
  const w = (1 + cosDeterministic((TWO_PI * (day.dayOfYear - 197)) / YEAR_DAYS)) / 2
  return 3_400 + 15_800 * w * Math.sqrt(w)
}

export const CLOUDY_PROBABILITY = 0.2
export const CLOUDY_FACTOR = 0.4
const HAZE = 0.08

/** Wh produced that day and whether it was cloudy. Draws two numbers from `random`. */
export function dailyProductionWh(
  day: CalendarDay,
  random: RandomStream,
): { wh: number; cloudy: boolean } {
  const cloudy = random() < CLOUDY_PROBABILITY
  const haze = 1 - HAZE / 2 + HAZE * random()
  return { wh: clearSkyProductionWh(day) * haze * (cloudy ? CLOUDY_FACTOR : 1), cloudy }
}

/** Hours of daylight, from 8 h in December to 16 h in June. */
export function daylightHours(day: CalendarDay): number {
  return 12 + 4 * cosDeterministic((TWO_PI * (day.dayOfYear - 172)) / YEAR_DAYS)
}
