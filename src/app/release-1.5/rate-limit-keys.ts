import type { DailyLimits } from '../../model/account.ts'
import type { Scenario } from '../../model/scenario.ts'
import type { ScenarioKey } from '../app-contract.ts'

/**
 * The app's daily request limits (`services/rate_limiter.py`, identical from 1.0.0 to 1.22.0):
 * `USER_DAILY_LIMIT_WITH_CACHE` counts requests with `use_cache=true`, `USER_DAILY_LIMIT_NO_CACHE`
 * the others (every Enedis route defaults to `use_cache=false` but the two batch routes). These
 * are the settings' defaults; an app started with other values has other limits.
 */
export const DAILY_LIMITS = { cached: 1000, no_cache: 50 } as const

/**
 * The route whose per-route counter holds the seeded count: the app adds one to the global
 * counter and one to the counter of the route served (its FastAPI path template, without the
 * `/api` root path), and only the global one is checked. Putting the whole count on the daily
 * route keeps the per-route counters summing to the global one, as the app's own would.
 */
export const COUNTED_ROUTE = '/enedis/consumption/daily/{usage_point_id}'

/** The UTC day (`YYYY-MM-DD`) the app's counters are keyed by, and the seconds until it ends. */
function utcDay(nowMs: number): { day: string; secondsLeft: number } {
  const now = new Date(nowMs)
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
  // The app's int() truncation; SETEX refuses 0, so the last second of the day keeps 1.
  return {
    day: now.toISOString().slice(0, 10),
    secondsLeft: Math.max(1, Math.floor((midnight - nowMs) / 1000)),
  }
}

/**
 * The counters `rate-limited` (at the limit: the next request is refused) and `near-rate-limit`
 * (one below: exactly one request of each kind left) leave for the user on the UTC day of
 * `nowMs`: `rate_limit:{user}:{cached|no_cache}:{day}` and the per-route
 * `rate_limit:{user}:{route}:{cached|no_cache}:{day}`, plain decimal strings (the app does not
 * encrypt them), expiring at the next UTC midnight as the app's `SETEX` sets them. `limits` are
 * the backend's own settings, where they are not the app's defaults.
 */
export function rateLimitKeys(
  userId: string,
  scenarios: readonly Scenario[],
  nowMs: number,
  limits: DailyLimits = {},
): ScenarioKey[] {
  const below = scenarios.includes('rate-limited')
    ? 0
    : scenarios.includes('near-rate-limit')
      ? 1
      : undefined
  if (below === undefined) return []
  const { day, secondsLeft } = utcDay(nowMs)
  const limit = {
    cached: limits.withCache ?? DAILY_LIMITS.cached,
    no_cache: limits.noCache ?? DAILY_LIMITS.no_cache,
  }
  return (['cached', 'no_cache'] as const).flatMap((kind) => {
    const value = String(limit[kind] - below)
    return [
      { key: `rate_limit:${userId}:${kind}:${day}`, value, ttlSeconds: secondsLeft },
      {
        key: `rate_limit:${userId}:${COUNTED_ROUTE}:${kind}:${day}`,
        value,
        ttlSeconds: secondsLeft,
      },
    ]
  })
}
