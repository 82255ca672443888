import { describe, expect, it } from 'vitest'
import { COUNTED_ROUTE, DAILY_LIMITS, rateLimitKeys } from './rate-limit-keys.ts'

const USER = 'a0b1c2d3-0000-4000-8000-000000000000'
const NOON_UTC = Date.parse('2026-06-15T12:00:00.000Z')

describe('rateLimitKeys', () => {
  it('puts the global and per-route counters at the limit for rate-limited', () => {
    const keys = rateLimitKeys(USER, ['rate-limited'], NOON_UTC)
    expect(Object.fromEntries(keys.map((k) => [k.key, k.value]))).toEqual({
      [`rate_limit:${USER}:cached:2026-06-15`]: String(DAILY_LIMITS.cached),
      [`rate_limit:${USER}:${COUNTED_ROUTE}:cached:2026-06-15`]: '1000',
      [`rate_limit:${USER}:no_cache:2026-06-15`]: '50',
      [`rate_limit:${USER}:${COUNTED_ROUTE}:no_cache:2026-06-15`]: '50',
    })
  })

  it('leaves one request of each kind for near-rate-limit', () => {
    const values = rateLimitKeys(USER, ['near-rate-limit'], NOON_UTC).map((k) => k.value)
    expect(values).toEqual(['999', '999', '49', '49'])
  })

  it('expires at the next UTC midnight, on the UTC day (not the Paris one)', () => {
    const keys = rateLimitKeys(USER, ['rate-limited'], NOON_UTC)
    expect(new Set(keys.map((k) => k.ttlSeconds))).toEqual(new Set([12 * 3600]))
    // 23:30 UTC is already the next day in Paris; the app keys by the UTC date.
    const late = rateLimitKeys(USER, ['rate-limited'], Date.parse('2026-06-15T23:30:00.400Z'))
    expect(late[0]).toEqual({
      key: `rate_limit:${USER}:cached:2026-06-15`,
      value: '1000',
      ttlSeconds: 1799,
    })
    const lastSecond = rateLimitKeys(USER, ['rate-limited'], Date.parse('2026-06-15T23:59:59.900Z'))
    expect(lastSecond[0]!.ttlSeconds).toBe(1)
  })

  it("fills a backend's own limits", () => {
    const keys = rateLimitKeys(USER, ['near-rate-limit'], NOON_UTC, { withCache: 20 })
    expect(keys.map((k) => k.value)).toEqual(['19', '19', '49', '49'])
  })

  it('writes nothing without a rate-limit scenario', () => {
    expect(rateLimitKeys(USER, ['admin', 'gaps'], NOON_UTC)).toEqual([])
  })
})
