import { type FernetKey, fernetDecrypt, fernetKeyFromClientSecret } from '../../cache/fernet.ts'
import { dateRange } from '../../readings/calendar.ts'
import type { ServedDataReader, ServedQuery, ServedValue, StoreAccess } from '../app-contract.ts'
import { cacheKeys } from './cache-keys.ts'

/** A cached reading as the app stores it: values are strings (`"value": "1234"`). */
interface CachedReading {
  readonly value: string
  readonly date: string
}

const served = (reading: CachedReading): ServedValue => ({
  date: reading.date,
  value: Number(reading.value),
})

/**
 * The values of these keys, decrypted as the app's `cache_service.get` does: a key that is
 * absent or does not decrypt with the account's key is a miss (`undefined`), as for the app.
 */
async function cached(stores: StoreAccess, key: FernetKey, keys: string[]): Promise<unknown[]> {
  if (keys.length === 0) return []
  const tokens = await (await stores.redis()).mget(...keys)
  return tokens.map((token) => {
    const plaintext = token === null ? undefined : fernetDecrypt(key, token)
    return plaintext === undefined ? undefined : JSON.parse(plaintext.toString('utf8'))
  })
}

/** A range key (`make_cache_key(pdl, kind, start=…, end=…)`): its `interval_reading`, or a miss. */
async function rangeReadings(
  stores: StoreAccess,
  query: ServedQuery,
  key: string,
): Promise<ServedValue[] | undefined> {
  const [value] = await cached(stores, fernetKeyFromClientSecret(query.clientSecret), [key])
  const readings = (value as { meter_reading?: { interval_reading?: CachedReading[] } } | undefined)
    ?.meter_reading?.interval_reading
  return readings?.map(served)
}

/**
 * Reads the Redis cache as 1.0.0-1.22.0 in server mode do (`routers/enedis.py`): daily
 * consumption and curves day by day from the per-day keys (`consumption:daily:{pdl}:{date}`,
 * `<kind>:detail:daily:{pdl}:{date}`), max power and daily production from the key of the exact
 * range asked for, which the app only holds for ranges it (or this library) cached.
 */
export const servedCache: ServedDataReader = {
  async daily(stores, query) {
    const days = dateRange(query.from, query.to)
    const keys = days.map((day) => cacheKeys.consumptionDaily(query.usagePointId, day))
    const values = await cached(stores, fernetKeyFromClientSecret(query.clientSecret), keys)
    return values.flatMap((value) => (value ? [served(value as CachedReading)] : []))
  },
  async loadCurve(stores, query, direction) {
    const key =
      direction === 'consumption'
        ? cacheKeys.consumptionDetailDaily
        : cacheKeys.productionDetailDaily
    const keys = dateRange(query.from, query.to).map((day) => key(query.usagePointId, day))
    const values = await cached(stores, fernetKeyFromClientSecret(query.clientSecret), keys)
    return values.flatMap(
      (value) => (value as { readings?: CachedReading[] } | undefined)?.readings?.map(served) ?? [],
    )
  },
  maxPower: (stores, query) =>
    rangeReadings(stores, query, cacheKeys.maxPowerRange(query.usagePointId, query.from, query.to)),
  production: (stores, query) =>
    rangeReadings(
      stores,
      query,
      cacheKeys.productionDailyRange(query.usagePointId, query.from, query.to),
    ),
}
