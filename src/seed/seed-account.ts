import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { AppContract } from '../app/app-contract.ts'
import { defaultAppContract } from '../app/releases.ts'
import { DemoAccountError, describeError } from '../errors.ts'
import { debug } from '../internal/log.ts'
import type { AccountPlan } from '../model/account.ts'
import type { PdlRow, UserRow } from '../model/account-rows.ts'
import { connectPostgres } from '../postgres/connect-postgres.ts'
import { applyCacheChange, scanKeys, type UndoCacheChange } from '../redis/cache-transaction.ts'
import { connectRedis } from '../redis/connect-redis.ts'

/** The two stores an account lives in. */
export interface StoreUrls {
  readonly postgresUrl: string
  readonly redisUrl: string
}

/** An advisory lock every seeding and reset takes: concurrent seeders run one after the other. */
const SEED_LOCK = '7882826887006653807'

/**
 * Runs `work` with both stores connected, inside one Postgres transaction that holds the seeding
 * lock. `work` applies its Redis change itself and returns the undo; the transaction commits only
 * after Redis took its change, and when the commit fails the Redis change is undone. So a failure
 * anywhere leaves both stores as they were.
 */
async function inSeedTransaction<T>(
  stores: StoreUrls,
  action: string,
  work: (client: pg.Client, redis: Redis) => Promise<{ result: T; undoRedis: UndoCacheChange }>,
): Promise<T> {
  const [client, redis] = await Promise.all([
    connectPostgres(stores.postgresUrl),
    connectRedis(stores.redisUrl).catch((error: unknown) => error as Error),
  ])
  if (redis instanceof Error) {
    await client.end()
    throw redis
  }
  let step = 'starting the transaction'
  try {
    await client.query('BEGIN')
    step = 'waiting for other seeders (advisory lock)'
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [SEED_LOCK])
    step = action
    const { result, undoRedis } = await work(client, redis)
    step = 'committing'
    try {
      await client.query('COMMIT')
    } catch (error) {
      await undoRedis()
      throw error
    }
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    if (error instanceof DemoAccountError) throw error
    throw new DemoAccountError(
      'SEED_FAILED',
      `Failed while ${step}: ${describeError(error)}. Both stores were left as they were.`,
      { cause: error },
    )
  } finally {
    await client.end().catch(() => {})
    redis.disconnect()
  }
}

/** The rows of a seeded account. */
export interface SeededRows {
  readonly user: UserRow
  readonly pdls: readonly PdlRow[]
}

/**
 * Writes a planned account into the stores: the app's schema and roles if absent, the user, its
 * PDLs, the global Enedis token, and its cache (replacing any earlier cache of its meters). All or
 * nothing; seeding the same plan twice gives the same state.
 */
export function seedAccount(
  stores: StoreUrls,
  plan: AccountPlan,
  ttlSeconds: number,
  app: AppContract = defaultAppContract,
): Promise<SeededRows> {
  return inSeedTransaction(stores, `seeding ${plan.account.email}`, async (client, redis) => {
    const started = performance.now()
    const rows = await app.writeAccountRows(client, plan)
    debug(`postgres rows written (${Math.round(performance.now() - started)} ms)`)
    const usagePointIds = [...rows.pdls.map((p) => p.usagePointId), ...rows.removedUsagePointIds]
    const writing = new Set(plan.cacheWrites.map((write) => write.key))
    const stale = (await scanKeys(redis, app.accountKeyPatterns({ usagePointIds }))).filter(
      (key) => !writing.has(key),
    )
    const undoRedis = await applyCacheChange(redis, stores.redisUrl, {
      set: plan.cacheWrites,
      delete: stale,
      ttlSeconds,
    })
    debug(
      `${plan.cacheWrites.length} cache entries written (${Math.round(performance.now() - started)} ms)`,
    )
    return { result: { user: rows.user, pdls: rows.pdls }, undoRedis }
  })
}

/**
 * Seeds stores this library has just started, which nothing else uses yet: each store is written
 * as soon as it is up (Redis usually seconds before Postgres), instead of both at the end. If
 * anything fails the caller removes the containers, so nothing half-written survives.
 */
export async function seedNewStores(
  stores: { readonly postgresUrl: Promise<string>; readonly redisUrl: Promise<string> },
  plan: Promise<AccountPlan>,
  cacheWrites: Promise<AccountPlan['cacheWrites']>,
  ttlSeconds: number,
  app: AppContract = defaultAppContract,
): Promise<SeededRows> {
  const cache = (async () => {
    const [redisUrl, writes] = await Promise.all([stores.redisUrl, cacheWrites])
    const started = performance.now()
    const redis = await connectRedis(redisUrl)
    try {
      await applyCacheChange(redis, redisUrl, { set: writes, delete: [], ttlSeconds })
    } finally {
      redis.disconnect()
    }
    debug(`${writes.length} cache entries written (${Math.round(performance.now() - started)} ms)`)
  })()
  const rows = (async () => {
    const [postgresUrl, planned] = await Promise.all([stores.postgresUrl, plan])
    const started = performance.now()
    const client = await connectPostgres(postgresUrl)
    try {
      await client.query('BEGIN')
      const written = await app.writeAccountRows(client, planned)
      await client.query('COMMIT')
      debug(`postgres rows written (${Math.round(performance.now() - started)} ms)`)
      return { user: written.user, pdls: written.pdls }
    } finally {
      await client.end().catch(() => {})
    }
  })()
  try {
    const [seeded] = await Promise.all([rows, cache])
    return seeded
  } catch (error) {
    if (error instanceof DemoAccountError) throw error
    throw new DemoAccountError(
      'SEED_FAILED',
      `Failed while seeding the new containers: ${describeError(error)}. The containers are removed.`,
      { cause: error },
    )
  }
}

/** What {@link removeAccount} removed. */
export interface RemovedAccount {
  readonly userId: string | null
  readonly usagePointIds: readonly string[]
  readonly cacheKeys: number
}

/**
 * Removes an account: its cache and rate-limit keys, its Enedis tokens, its PDLs and the user, in
 * the order the app's foreign keys require. Nothing happens when there is no such account.
 */
export function removeAccount(
  stores: StoreUrls,
  email: string,
  app: AppContract = defaultAppContract,
): Promise<RemovedAccount> {
  return inSeedTransaction<RemovedAccount>(stores, `removing ${email}`, async (client, redis) => {
    const removed = await app.removeAccountRows(client, email)
    if (!removed) {
      const result = { userId: null, usagePointIds: [], cacheKeys: 0 }
      return { result, undoRedis: async () => {} }
    }
    const keys = await scanKeys(redis, app.accountKeyPatterns(removed))
    const undoRedis = await applyCacheChange(redis, stores.redisUrl, {
      set: [],
      delete: keys,
      ttlSeconds: 0,
    })
    return { result: { ...removed, cacheKeys: keys.length }, undoRedis }
  })
}
