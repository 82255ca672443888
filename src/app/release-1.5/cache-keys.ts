/**
 * The Redis keys MyElectricalData 1.0.0-1.5.0 reads and writes (its `routers/enedis.py`): per-day
 * keys built by hand, and range keys from `make_cache_key`, which sorts its keyword arguments, so
 * `end` comes before `start`.
 */
export const cacheKeys = {
  consumptionDaily: (pdl: string, date: string) => `consumption:daily:${pdl}:${date}`,
  /** Read (never written by the app) when a request starts more than three years back. */
  consumptionDailyRange: (pdl: string, start: string, end: string) =>
    `consumption:daily:${pdl}:${start}:${end}`,
  consumptionReadingType: (pdl: string) => `consumption:reading_type:${pdl}`,
  consumptionDetailDaily: (pdl: string, date: string) => `consumption:detail:daily:${pdl}:${date}`,
  productionDetailDaily: (pdl: string, date: string) => `production:detail:daily:${pdl}:${date}`,
  maxPowerRange: (pdl: string, start: string, end: string) =>
    `${pdl}:power:end:${end}:start:${start}`,
  productionDailyRange: (pdl: string, start: string, end: string) =>
    `${pdl}:production_daily:end:${end}:start:${start}`,
} as const

/**
 * Patterns that match every key the app or this library keeps for one meter, for removing them:
 * `{pdl}:*` (range keys, contract, address), `<kind>:…:{pdl}:*` (per-day keys), the failure and
 * blacklist counters, and the keys of the app's own demo script.
 */
export function meterKeyPatterns(pdl: string): string[] {
  return [
    `${pdl}:*`,
    `consumption:*${pdl}*`,
    `production:*${pdl}*`,
    `enedis:*:${pdl}:*`,
    `demo:*${pdl}*`,
  ]
}

/** The pattern of a user's rate-limit counters, which the app does not encrypt. */
export function rateLimitPattern(userId: string): string {
  return `rate_limit:${userId}:*`
}
