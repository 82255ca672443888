import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { ServedDataReader, ServedQuery, StoreAccess } from '../app/app-contract.ts'
import { appContractOf } from '../app/releases.ts'
import type { DemoAccount } from '../demo-account.ts'
import { DemoAccountError, throwIfInvalid } from '../errors.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import { parseIsoDate } from '../readings/calendar.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import { describeDemoAccount } from '../seed/assemble-account.ts'

/**
 * One value as the app's backend serves it: `date` is the day (`YYYY-MM-DD`) for daily values, the
 * local time of the interval start or of the peak (`YYYY-MM-DD HH:MM:SS`, Europe/Paris) for curves
 * and max power; `value` is in Wh (daily energy), W (30-minute curves) or VA (max power).
 */
export interface CachedValue {
  readonly date: string
  readonly value: number
}

/** How a reader reaches the stores. */
export interface ReadCachedOptions {
  /**
   * An ioredis client on the account's Redis database, to read with; left open.
   * @default one connected to `account.redis.url`, closed after the read
   */
  readonly redis?: Redis
}

/** Options of {@link readCachedLoadCurve}. */
export interface ReadCachedLoadCurveOptions extends ReadCachedOptions {
  /** Which curve. @default 'consumption' */
  readonly direction?: 'consumption' | 'production'
}

/** Opens the stores the reader asks for, once each, and closes those it opened. */
async function withStores<T>(
  account: DemoAccount,
  options: ReadCachedOptions,
  read: (stores: StoreAccess) => Promise<T>,
): Promise<T> {
  let redis: Promise<Redis> | undefined
  let postgres: Promise<pg.Client> | undefined
  const stores: StoreAccess = {
    redis: () => {
      redis ??= options.redis ? Promise.resolve(options.redis) : connectRedis(account.redis.url)
      return redis
    },
    postgres: () => {
      postgres ??= connectPostgres(account.postgres.url)
      return postgres
    },
  }
  try {
    return await read(stores)
  } finally {
    if (redis && !options.redis)
      await redis.then(
        (client) => client.disconnect(),
        () => {},
      )
    if (postgres) await postgres.then(closePostgres, () => {})
  }
}

/** The reader of the account's release, and the query, checked. */
function prepare(
  reader: string,
  account: DemoAccount,
  usagePointId: string,
  from: string,
  to: string,
): { served: ServedDataReader; query: ServedQuery } {
  let served: ServedDataReader
  try {
    served = appContractOf(describeDemoAccount(account)).servedData
  } catch {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `\`${reader}\` takes a DemoAccount this library handed out (\`withDemoAccount()\`, \`addAccount()\` or a fixture's \`demoAccount\`), not a copy of one.`,
    )
  }
  const problems: string[] = []
  const pdls = account.pdls.map((pdl) => pdl.usagePointId)
  if (!pdls.includes(usagePointId)) {
    problems.push(
      `\`usagePointId\` ${JSON.stringify(usagePointId)} is not a PDL of ${account.email}, whose PDLs are ${pdls.join(', ')}`,
    )
  }
  for (const [name, date] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (typeof date !== 'string' || parseIsoDate(date) === undefined) {
      problems.push(`\`${name}\` ${JSON.stringify(date)} is not a date; use YYYY-MM-DD`)
    }
  }
  if (problems.length === 0 && from > to) problems.push(`\`from\` ${from} is after \`to\` ${to}`)
  throwIfInvalid(problems, `${reader}() arguments`)
  return { served, query: { usagePointId, from, to, clientSecret: account.clientSecret } }
}

/**
 * A reader: checks the account, the PDL and the range, then reads with the account's release
 * (`read`), opening the stores it needs and closing them.
 */
function reader<T, O extends ReadCachedOptions>(
  name: string,
  read: (
    served: ServedDataReader,
    stores: StoreAccess,
    query: ServedQuery,
    options: O,
  ) => Promise<T>,
) {
  return async (
    account: DemoAccount,
    usagePointId: string,
    from: string,
    to: string,
    options: O = {} as O,
  ): Promise<T> => {
    const { served, query } = prepare(name, account, usagePointId, from, to)
    return withStores(account, options, (stores) => read(served, stores, query, options))
  }
}

/**
 * The daily consumption (Wh) the app would serve for a PDL of the account from `from` to `to`
 * (both included, `YYYY-MM-DD`), read from its stores and decrypted as the app does: one value per
 * day held, in date order. A day the stores do not hold (not seeded, expired, or not decryptable
 * with the account's key) is absent from the array: the app would ask Enedis for it.
 */
export const readCachedDaily = reader<CachedValue[], ReadCachedOptions>(
  'readCachedDaily',
  (served, stores, query) => served.daily(stores, query),
)

/**
 * The 30-minute curve (W) the app would serve for a PDL from `from` to `to` (both included): every
 * half-hour value of the days held, at its interval's local start. Days not held are absent.
 */
export const readCachedLoadCurve = reader<CachedValue[], ReadCachedLoadCurveOptions>(
  'readCachedLoadCurve',
  (served, stores, query, options) =>
    served.loadCurve(stores, query, options.direction ?? 'consumption'),
)

/**
 * The daily max power (VA, at the time of each peak) the app would serve for exactly this range.
 * The app caches max power per requested range, not per day: `undefined` when the stores hold no
 * entry for this range (the app would ask Enedis). Refused in client mode, which stores none.
 */
export const readCachedMaxPower = reader<CachedValue[] | undefined, ReadCachedOptions>(
  'readCachedMaxPower',
  (served, stores, query) => served.maxPower(stores, query),
)

/**
 * The daily production (Wh) the app would serve for exactly this range: cached per requested
 * range in server mode, read from `production_data` in client mode; `undefined` when the stores
 * hold nothing for it (a meter without production, or a range never cached).
 */
export const readCachedProduction = reader<CachedValue[] | undefined, ReadCachedOptions>(
  'readCachedProduction',
  (served, stores, query) => served.production(stores, query),
)
