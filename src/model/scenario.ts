import { addDays, daysBetween, type IsoDate } from '../readings/calendar.ts'
import { randomStream } from '../readings/random-stream.ts'
import type { DataWindow } from './account.ts'

/**
 * A state of an account the app can be in, written into the stores as the app itself would have
 * left them (what each one writes, and what the app then answers, is the app contract's:
 * `src/app/`, and the README's Scenarios section):
 * - `'rate-limited'`: the user's daily request counters at the app's limit, so the next data
 *   request answers `RATE_LIMIT_EXCEEDED`; `'near-rate-limit'`: one request of each kind left;
 * - `'unverified'`: `email_verified = false` (an app with `REQUIRE_EMAIL_VERIFICATION=true`
 *   answers 403 to every authenticated request);
 * - `'inactive'`: `is_active = false` (login answers `USER_INACTIVE`, tokens 401);
 * - `'admin'`: the admin role and `is_admin = true`, as the app's `ADMIN_EMAILS` start-up sync sets them;
 * - `'enedis-unavailable'`: the stores' global Enedis token expired (store-wide: every account
 *   but the app's demo email is refused its data);
 * - `'gaps'`: a few days missing from the cache of each meter, chosen from the seed, which the
 *   app must then ask Enedis for; the account lists them in `gaps`.
 */
export type Scenario =
  | 'rate-limited'
  | 'near-rate-limit'
  | 'unverified'
  | 'inactive'
  | 'admin'
  | 'enedis-unavailable'
  | 'gaps'

/** Every scenario, in the order they are listed and applied. */
export const SCENARIOS: readonly Scenario[] = [
  'rate-limited',
  'near-rate-limit',
  'unverified',
  'inactive',
  'admin',
  'enedis-unavailable',
  'gaps',
]

/**
 * Pairs that cannot hold together, and why: the app would never be in both states, or one
 * hides the other so the combination shows nothing of what it asks for.
 */
const CONFLICTS: readonly (readonly [Scenario, Scenario, string])[] = [
  ['rate-limited', 'near-rate-limit', 'the counters are either at the limit or one below it'],
  [
    'rate-limited',
    'admin',
    'the app exempts admins from the daily limit (999999), so it is never reached',
  ],
  [
    'near-rate-limit',
    'admin',
    'the app exempts admins from the daily limit (999999), so it is never reached',
  ],
  [
    'rate-limited',
    'enedis-unavailable',
    'the app answers the missing Enedis token before it reads the counters, so the limit never shows',
  ],
]

/** Days of each meter the `gaps` scenario leaves out of the cache. */
export interface MeterGaps {
  readonly usagePointId: string
  /** Europe/Paris days, `YYYY-MM-DD`, ascending. */
  readonly days: readonly IsoDate[]
}

/** How many days `gaps` leaves out of each meter's cache (fewer when the window is shorter). */
export const GAP_DAYS_PER_METER = 3
/** `gaps` needs a day inside the window that is neither its first nor its last. */
export const MIN_DAYS_FOR_GAPS = 3

type Problems = string[]

function quoted(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ')
}

/**
 * The scenarios an option asks for (one name or a list), each once, in {@link SCENARIOS} order;
 * an unknown name or an impossible pair adds a problem naming the option and the allowed values.
 */
export function resolveScenarios(value: unknown, problems: Problems): readonly Scenario[] {
  if (value === undefined) return []
  const given = typeof value === 'string' ? [value] : value
  if (!Array.isArray(given) || given.some((name) => typeof name !== 'string')) {
    problems.push(`\`scenario\` must be a scenario name or a list of them: ${quoted(SCENARIOS)}`)
    return []
  }
  const unknown = given.filter((name) => !SCENARIOS.includes(name as Scenario))
  if (unknown.length > 0) {
    problems.push(
      `\`scenario\` ${quoted(unknown)} ${unknown.length === 1 ? 'is not a scenario' : 'are not scenarios'}; use one or more of ${quoted(SCENARIOS)}`,
    )
  }
  const scenarios = SCENARIOS.filter((name) => given.includes(name))
  for (const [a, b, why] of CONFLICTS) {
    if (scenarios.includes(a) && scenarios.includes(b)) {
      problems.push(`\`scenario\` cannot combine '${a}' and '${b}': ${why}`)
    }
  }
  return scenarios
}

/**
 * The days `gaps` leaves out of one meter's cache: up to {@link GAP_DAYS_PER_METER} days, never
 * two in a row (so that the app's batch route, which gives up on a run of seven missing days,
 * still answers without an error), never the window's first or last day, and inside the days that
 * have load curves when there are any, so that both the daily and the batch routes miss them.
 * The same seed, meter and window give the same days.
 */
export function gapDays(seed: string, usagePointId: string, window: DataWindow): IsoDate[] {
  const curvesFirst = addDays(window.loadCurveFrom, 1)
  const first = curvesFirst < window.lastDate ? curvesFirst : addDays(window.firstDate, 1)
  const last = addDays(window.lastDate, -1)
  const span = daysBetween(first, last) + 1
  if (span <= 0) return []
  const random = randomStream(seed, usagePointId, 'gaps', window.firstDate, window.lastDate)
  const picked: number[] = []
  const wanted = Math.min(GAP_DAYS_PER_METER, Math.ceil(span / 2))
  for (let attempt = 0; picked.length < wanted && attempt < 1000; attempt++) {
    const offset = Math.floor(random() * span)
    if (picked.every((other) => Math.abs(other - offset) > 1)) picked.push(offset)
  }
  return picked.sort((a, b) => a - b).map((offset) => addDays(first, offset))
}
