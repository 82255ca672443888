import type { Redis } from 'ioredis'
import type pg from 'pg'
import { DemoAccountError, describeError } from '../errors.ts'
import type { StoreUrls } from '../model/environment.ts'
import { closePostgres, connectPostgres, sqlState } from '../postgres/connect-postgres.ts'
import type { AppliedCacheChange } from '../redis/cache-transaction.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import { redisTarget } from '../redis/redis-target.ts'
import { storeFaultOf, storeUnreachable } from '../stores/store-fault.ts'
import { seedLockTimeoutMs, storeTimeoutMs } from '../stores/store-timeouts.ts'
import { redactUrl } from '../stores/store-url.ts'

/** An advisory lock every seeding and reset takes: concurrent seeders run one after the other. */
const SEED_LOCK = '7882826887006653807'

/** What a piece of work changed in Redis, and what to say when that cannot be put back. */
export interface WorkDone<T> {
  readonly result: T
  readonly change: AppliedCacheChange
  /** How to bring Redis back in line with Postgres, when the commit fails and so does the undo. */
  readonly cleanup: string
}

/** Both clients, or neither: when one store fails to connect, the other's connection is closed. */
async function connectBoth(stores: StoreUrls): Promise<[pg.Client, Redis]> {
  const [postgres, redis] = await Promise.allSettled([
    connectPostgres(stores.postgresUrl),
    connectRedis(stores.redisUrl),
  ])
  if (postgres.status === 'fulfilled' && redis.status === 'fulfilled')
    return [postgres.value, redis.value]
  if (postgres.status === 'fulfilled') await closePostgres(postgres.value)
  if (redis.status === 'fulfilled') redis.value.disconnect()
  throw postgres.status === 'rejected' ? postgres.reason : (redis as PromiseRejectedResult).reason
}

/**
 * Begins a transaction and takes the seeding lock in it, waiting at most the lock time limit;
 * later statements get the store's. One round trip (a query of several statements): a load test
 * begins a hundred transactions in a row.
 */
async function beginUnderSeedLock(client: pg.Client): Promise<void> {
  const timeoutMs = storeTimeoutMs()
  const lockMs = seedLockTimeoutMs()
  await client.query({
    text:
      `BEGIN; SET LOCAL lock_timeout = ${lockMs}; ` +
      `SELECT pg_advisory_xact_lock(${SEED_LOCK}); SET LOCAL lock_timeout = ${timeoutMs}`,
    query_timeout: lockMs + timeoutMs,
  } as pg.QueryConfig)
}

const LOCK_NOT_AVAILABLE = '55P03'
const LOCK_STEP = 'waiting for other seeders (advisory lock)'
const UNCHANGED = 'Both stores were left as they were.'

/** The DemoAccountError for a failure of the transaction, saying what the stores hold now. */
function transactionError(error: unknown, step: string, stores: StoreUrls): DemoAccountError {
  if (error instanceof DemoAccountError) return error
  // The wait for the seeding lock has a longer limit than other operations.
  const timeoutMs = step === LOCK_STEP ? seedLockTimeoutMs() + storeTimeoutMs() : storeTimeoutMs()
  if (sqlState(error) === LOCK_NOT_AVAILABLE && step === LOCK_STEP) {
    return new DemoAccountError(
      'STORE_UNREACHABLE',
      `Gave up while ${step}: another seeder or reset held the seeding lock for more than ${seedLockTimeoutMs() / 1000} s. ${UNCHANGED} ` +
        'Check for a seeder stuck on a store (its own operations time out) and try again; MED_DEMO_STORE_TIMEOUT (milliseconds) sets the limits.',
      { cause: error },
    )
  }
  // Any other lock held past the time limit is a store that does not get on with the seed.
  const fault =
    sqlState(error) === LOCK_NOT_AVAILABLE
      ? ({ store: 'Postgres', fault: 'timeout', outcomeUnknown: false } as const)
      : storeFaultOf(error)
  if (fault) {
    const url = fault.store === 'Postgres' ? stores.postgresUrl : stores.redisUrl
    const outcome = fault.outcomeUnknown
      ? `Postgres was left as it was, but Redis (database ${redisTarget(stores.redisUrl).db}) had been sent the cache change and may still apply it when it answers again: run the same command again once it answers (the same options give the same state).`
      : UNCHANGED
    return storeUnreachable(fault, url, step, timeoutMs, error, outcome)
  }
  return new DemoAccountError(
    'SEED_FAILED',
    `Failed while ${step}: ${describeError(error)}. ${UNCHANGED}`,
    { cause: error },
  )
}

/**
 * The error when a step failed (`failure`: what failed, such as "Postgres refused the commit",
 * and `error` why) after Redis took its change and Redis refused to undo it: says exactly what
 * Redis was left holding, and how to clean it.
 */
export function leftBehindError(
  redisUrl: string,
  change: AppliedCacheChange,
  cleanup: string,
  failure: string,
  error: unknown,
  undoError: unknown,
): DemoAccountError {
  const db = redisTarget(redisUrl).db
  const lost = change.replaced + change.deleted
  return new DemoAccountError(
    'SEED_FAILED',
    `${failure} (${describeError(error)}) after Redis had taken the cache change, and putting Redis back failed too (${describeError(undoError)}). ` +
      `Postgres was left as it was; Redis database ${db} at ${redactUrl(redisUrl)} was left changed: ${change.written} key(s) written` +
      `${change.replaced > 0 ? ` (${change.replaced} of them replacing earlier values)` : ''} and ${change.deleted} key(s) deleted` +
      `${lost > 0 ? `; the ${lost} earlier value(s) are lost` : ''}. ${cleanup}`,
    { cause: error },
  )
}

/** A shell command that deletes every key matching the patterns in the URL's database. */
export function deleteKeysCommand(redisUrl: string, patterns: readonly string[]): string {
  const url = redactUrl(redisUrl)
  const list = patterns.map((pattern) => `'${pattern}'`).join(' ')
  return `for p in ${list}; do redis-cli -u '${url}' --scan --pattern "$p" | xargs -r redis-cli -u '${url}' DEL; done`
}

/**
 * Runs `work` with both stores connected, inside one Postgres transaction that holds the seeding
 * lock. `work` applies its Redis change itself and returns it; the transaction commits only after
 * Redis took its change, and when the commit fails the Redis change is undone. So a failure
 * anywhere leaves both stores as they were, and when it cannot (the undo fails too, or a store
 * stopped answering after it was sent a write) the error says what was left. Every connection
 * is closed before the error reaches the caller, and every store operation has a time limit.
 */
export function inSeedTransaction<T>(
  stores: StoreUrls,
  action: string,
  work: (client: pg.Client, redis: Redis) => Promise<WorkDone<T>>,
): Promise<T> {
  return withSeedConnections(stores, (client, redis) =>
    inSeedTransactionOn(client, redis, stores, action, work),
  )
}

/**
 * {@link inSeedTransaction} for work that needs `input` (a plan, say), connecting to both stores
 * while it is being made: connecting and making overlap. When making fails, the connections are
 * closed and that error is thrown.
 */
export async function inSeedTransactionWhenReady<I, T>(
  stores: StoreUrls,
  input: Promise<I>,
  action: (input: I) => string,
  work: (input: I) => (client: pg.Client, redis: Redis) => Promise<WorkDone<T>>,
): Promise<T> {
  const [connected, made] = await Promise.allSettled([connectBoth(stores), input])
  if (made.status === 'rejected') {
    if (connected.status === 'fulfilled') await closeBoth(...connected.value)
    throw made.reason
  }
  if (connected.status === 'rejected') throw connected.reason
  const [client, redis] = connected.value
  try {
    return await inSeedTransactionOn(client, redis, stores, action(made.value), work(made.value))
  } finally {
    await closeBoth(client, redis)
  }
}

/** Closing ends a transaction left open too, and with it the advisory lock, even on a silent server. */
async function closeBoth(client: pg.Client, redis: Redis): Promise<void> {
  await closePostgres(client)
  redis.disconnect()
}

/**
 * Connects both stores for several transactions in a row ({@link inSeedTransactionOn}), and
 * closes both whatever `use` does.
 */
export async function withSeedConnections<T>(
  stores: StoreUrls,
  use: (client: pg.Client, redis: Redis) => Promise<T>,
): Promise<T> {
  const [client, redis] = await connectBoth(stores)
  try {
    return await use(client, redis)
  } finally {
    await closeBoth(client, redis)
  }
}

/**
 * {@link inSeedTransaction} on connections the caller holds (and closes): one transaction, all
 * or nothing, that releases the seeding lock when it ends.
 */
export async function inSeedTransactionOn<T>(
  client: pg.Client,
  redis: Redis,
  stores: StoreUrls,
  action: string,
  work: (client: pg.Client, redis: Redis) => Promise<WorkDone<T>>,
): Promise<T> {
  let step = LOCK_STEP
  try {
    await beginUnderSeedLock(client)
    step = action
    const { result, change, cleanup } = await work(client, redis)
    step = 'committing'
    try {
      await client.query('COMMIT')
    } catch (commitError) {
      // Without an answer, the commit may still happen: undoing Redis could then break a good seed.
      if (storeFaultOf(commitError)) {
        throw new DemoAccountError(
          'STORE_UNREACHABLE',
          `Postgres at ${redactUrl(stores.postgresUrl)} did not confirm the commit (${describeError(commitError)}), so whether it committed is unknown; Redis database ${redisTarget(stores.redisUrl).db} holds the new cache (${change.written} key(s) written, ${change.deleted} deleted). ` +
            `Once Postgres answers, run the same command again: the same options give the same state. ${cleanup}`,
          { cause: commitError },
        )
      }
      try {
        await change.undo()
      } catch (undoError) {
        throw leftBehindError(
          stores.redisUrl,
          change,
          cleanup,
          'Postgres refused the commit',
          commitError,
          undoError,
        )
      }
      throw commitError
    }
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw transactionError(error, step, stores)
  }
}
