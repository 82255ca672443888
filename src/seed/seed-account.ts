import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { AppContract, RemovedRows, WrittenRows } from '../app/app-contract.ts'
import { defaultAppContract } from '../app/releases.ts'
import { DemoAccountError, describeError } from '../errors.ts'
import { debug } from '../internal/log.ts'
import type {
  AccountPlan,
  CacheWrite,
  DailyLimits,
  EncodedCacheWrites,
  RemovedAccount,
} from '../model/account.ts'
import type { PdlRow, UserRow } from '../model/account-rows.ts'
import type { StoreUrls } from '../model/environment.ts'
import type { Scenario } from '../model/scenario.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import {
  type AppliedCacheChange,
  applyCacheChange,
  type Snapshot,
  scanKeys,
  snapshot,
} from '../redis/cache-transaction.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import {
  joinChanges,
  mergeSnapshots,
  settleEarlyAfter,
  writeNewCacheEarly,
} from './cache-beside-rows.ts'
import {
  deleteKeysCommand,
  inSeedTransaction,
  inSeedTransactionWhenReady,
  type WorkDone,
} from './seed-transaction.ts'

/** The rows of a seeded account. */
export interface SeededRows {
  readonly user: UserRow
  readonly pdls: readonly PdlRow[]
  readonly emailVerificationToken?: string
}

/**
 * The Redis values the account's scenarios set for the user (plain, with their own expiry),
 * computed now: the rate-limit counters belong to the current UTC day.
 */
export function scenarioWrites(
  app: AppContract,
  userId: string,
  account: { readonly scenarios: readonly Scenario[]; readonly dailyLimits?: DailyLimits },
): (CacheWrite & { ttlSeconds: number })[] {
  return app
    .scenarioKeys(userId, account.scenarios, Date.now(), account.dailyLimits)
    .map(({ key, value, ttlSeconds }) => ({ key, token: value, ttlSeconds }))
}

/** How a seed treats an account of the same email already in the stores. */
export interface SeedMode {
  /**
   * Remove it first, in the same transaction (its tokens, PDLs, rate-limit and cache keys): the
   * account ends as seeded, whatever a test did to it. Otherwise its rows are updated in place.
   */
  readonly replace?: boolean
}

/**
 * Writes a planned account into the stores: the app's schema and roles if absent, the user, its
 * PDLs, the global Enedis token, and its cache (replacing any earlier cache of its meters). All or
 * nothing; seeding the same plan twice gives the same state. Both stores are connected while the
 * plan is still being made, so that connecting costs nothing when the plan is quick (read back
 * from disk, say).
 */
export function seedAccountWhenPlanned(
  stores: StoreUrls,
  plan: Promise<AccountPlan>,
  ttlSeconds: number,
  app: AppContract = defaultAppContract,
  mode: SeedMode = {},
): Promise<SeededRows> {
  return inSeedTransactionWhenReady(stores, plan, seedingStep, (planned) =>
    accountWrites(stores.redisUrl, planned, ttlSeconds, app, mode),
  )
}

/** What a failure while seeding the plan was doing. */
export function seedingStep(plan: AccountPlan): string {
  return `seeding ${plan.account.email}`
}

/**
 * The work of seeding one account, for a seed transaction: its rows (with `replace`, after
 * removing an account of the same email), then its cache and scenario keys, replacing the earlier
 * cache of its meters.
 *
 * A first seed of the meters (none of the plan's cache keys exist) writes the cache while
 * Postgres writes the rows, and undoes it if the rows fail: a seed then costs about its Redis
 * write alone (see `cache-beside-rows.ts`).
 */
export function accountWrites(
  redisUrl: string,
  plan: AccountPlan,
  ttlSeconds: number,
  app: AppContract,
  mode: SeedMode = {},
): (client: pg.Client, redis: Redis) => Promise<WorkDone<SeededRows>> {
  return async (client, redis) => {
    const started = performance.now()
    const early = mode.replace
      ? undefined
      : writeNewCacheEarly(redis, redisUrl, plan.cacheWrites, ttlSeconds, plan.encoded)
    // Settled below whatever happens; this keeps a rejection from being reported meanwhile.
    early?.catch(() => {})
    let removed: RemovedRows | undefined
    let rows: WrittenRows
    try {
      removed = mode.replace ? await app.removeAccountRows(client, plan.account.email) : undefined
      rows = await app.writeAccountRows(client, plan)
    } catch (error) {
      const planned = app.accountKeyPatterns({
        userId: plan.identity.userId,
        usagePointIds: plan.account.pdls.map((pdl) => pdl.usagePointId),
      })
      throw await settleEarlyAfter(
        early,
        redisUrl,
        cleanupOf(redisUrl, planned),
        `Writing the account's rows failed`,
        error,
      )
    }
    debug(`postgres rows written (${Math.round(performance.now() - started)} ms)`)
    const usagePointIds = [
      ...rows.pdls.map((p) => p.usagePointId),
      ...rows.removedUsagePointIds,
      ...(removed?.usagePointIds ?? []),
    ]
    // The user's rate-limit counters too (and those of the account it replaces): seeding again
    // gives the scenario's counters, or none.
    const patterns = [
      ...new Set([
        ...app.accountKeyPatterns({ userId: rows.user.id, usagePointIds }),
        ...(removed ? app.accountKeyPatterns({ userId: removed.userId, usagePointIds: [] }) : []),
      ]),
    ]
    const cleanup = cleanupOf(redisUrl, patterns)
    const first = await early
    const rest = scenarioWrites(app, rows.user.id, plan.account)
    const writes = first?.change ? rest : [...plan.cacheWrites, ...rest]
    let change: AppliedCacheChange
    try {
      // The keys it writes as they were: to undo the change, and to tell whether to look for more.
      // The plan's cache keys were read already (under the same lock, and nothing of this seed
      // has written them when the early write did not run): only the scenario keys are read.
      const written = first
        ? first.change
          ? await snapshot(redis, keysOf(rest))
          : mergeSnapshots(first.written, await snapshot(redis, keysOf(rest)))
        : await snapshot(redis, keysOf(writes))
      const stale =
        removed !== undefined || mayHoldEarlierKeys(written, rows.removedUsagePointIds)
          ? await staleKeys(redis, patterns, [...plan.cacheWrites, ...rest])
          : []
      const rowsChange = await applyCacheChange(
        redis,
        redisUrl,
        {
          set: writes,
          delete: stale,
          ttlSeconds,
          encoded: first?.change ? undefined : plan.encoded,
        },
        written,
      )
      change = first?.change ? joinChanges(first.change, rowsChange) : rowsChange
    } catch (error) {
      throw first?.change
        ? await settleEarlyAfter(
            early,
            redisUrl,
            cleanup,
            'Writing the scenario keys to Redis failed',
            error,
          )
        : error
    }
    debug(
      `${plan.cacheWrites.length + rest.length} cache entries written (${Math.round(performance.now() - started)} ms)`,
    )
    const { removedUsagePointIds: _removed, ...seeded } = rows
    return { result: seeded, change, cleanup }
  }
}

/** How to bring Redis back in line with Postgres when a change cannot be undone. */
function cleanupOf(redisUrl: string, patterns: readonly string[]): string {
  return (
    `To clean up, seed the same account again once both stores accept writes (the same options give the same state), ` +
    `or delete its cache keys: ${deleteKeysCommand(redisUrl, patterns)}`
  )
}

/**
 * Whether Redis may hold keys of these meters (or the user's) from an earlier seed (or from the
 * app, which only serves seeded meters and users): a meter the user no longer has, or a key this
 * seed writes already there (`written`, a snapshot of them). A first seed of a new account then
 * costs the same whatever the database holds: finding keys by pattern reads the whole keyspace,
 * which a database of a hundred accounts makes seconds long. (An account replaced in the same
 * transaction is always looked for.)
 */
function mayHoldEarlierKeys(written: Snapshot, removedUsagePointIds: readonly string[]): boolean {
  return removedUsagePointIds.length > 0 || written.existing.size > 0
}

function keysOf(writes: readonly CacheWrite[]): string[] {
  return writes.map((write) => write.key)
}

/** The keys of the account's meters and user that this seed does not write again. */
async function staleKeys(
  redis: Redis,
  patterns: readonly string[],
  writes: readonly CacheWrite[],
): Promise<string[]> {
  const writing = new Set(writes.map((write) => write.key))
  return (await scanKeys(redis, patterns)).filter((key) => !writing.has(key))
}

/**
 * Seeds stores this library has just started, which nothing else uses yet: each store is written
 * as soon as it is up (Redis usually seconds before Postgres), instead of both at the end. If
 * anything fails the caller removes the containers, so nothing half-written survives.
 */
export async function seedNewStores(
  stores: { readonly postgresUrl: Promise<string>; readonly redisUrl: Promise<string> },
  plan: Promise<AccountPlan>,
  planned: Promise<{
    readonly writes: readonly (CacheWrite & { ttlSeconds?: number })[]
    /** The SET commands of the first writes, encoded. */
    readonly encoded?: EncodedCacheWrites
  }>,
  ttlSeconds: number,
  app: AppContract = defaultAppContract,
): Promise<SeededRows> {
  const cache = (async () => {
    const [redisUrl, { writes, encoded }] = await Promise.all([stores.redisUrl, planned])
    const started = performance.now()
    const redis = await connectRedis(redisUrl)
    try {
      await applyCacheChange(redis, redisUrl, { set: writes, delete: [], ttlSeconds, encoded })
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
      const { removedUsagePointIds: _removed, ...seeded } = written
      return seeded
    } finally {
      await closePostgres(client)
    }
  })()
  // Both settle before the caller removes the containers: nothing of this call is left running.
  const [seeded, cached] = await Promise.allSettled([rows, cache])
  try {
    if (seeded.status === 'rejected') throw seeded.reason
    if (cached.status === 'rejected') throw cached.reason
    return seeded.value
  } catch (error) {
    if (error instanceof DemoAccountError) throw error
    throw new DemoAccountError(
      'SEED_FAILED',
      `Failed while seeding the new containers: ${describeError(error)}. The containers are removed.`,
      { cause: error },
    )
  }
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
    const keys = removed ? await scanKeys(redis, app.accountKeyPatterns(removed)) : []
    const change = await applyCacheChange(redis, stores.redisUrl, {
      set: [],
      delete: keys,
      ttlSeconds: 0,
    })
    if (!removed) {
      return { result: { userId: null, usagePointIds: [], cacheKeys: 0 }, change, cleanup: '' }
    }
    const cleanup = `Postgres still has ${email}: remove it again once both stores accept writes to finish the removal.`
    return { result: { ...removed, cacheKeys: keys.length }, change, cleanup }
  })
}
