import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { AppContract } from '../app/app-contract.ts'
import { defaultAppContract } from '../app/releases.ts'
import { DemoAccountError, describeError } from '../errors.ts'
import { debug } from '../internal/log.ts'
import type { AccountPlan, RemovedAccount } from '../model/account.ts'
import type { PdlRow, UserRow } from '../model/account-rows.ts'
import type { StoreUrls } from '../model/environment.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import { applyCacheChange, type Snapshot, scanKeys, snapshot } from '../redis/cache-transaction.ts'
import { connectRedis } from '../redis/connect-redis.ts'
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
  return inSeedTransaction(
    stores,
    seedingStep(plan),
    accountWrites(stores.redisUrl, plan, ttlSeconds, app),
  )
}

/**
 * {@link seedAccount} of a plan still being made: both stores are connected meanwhile, so that
 * connecting costs nothing when the plan is quick (read back from disk, say).
 */
export function seedAccountWhenPlanned(
  stores: StoreUrls,
  plan: Promise<AccountPlan>,
  ttlSeconds: number,
  app: AppContract = defaultAppContract,
): Promise<SeededRows> {
  return inSeedTransactionWhenReady(stores, plan, seedingStep, (planned) =>
    accountWrites(stores.redisUrl, planned, ttlSeconds, app),
  )
}

/** What a failure while seeding the plan was doing. */
export function seedingStep(plan: AccountPlan): string {
  return `seeding ${plan.account.email}`
}

/**
 * The work of seeding one account, for a seed transaction: its rows, then its cache, replacing
 * the earlier cache of its meters.
 */
export function accountWrites(
  redisUrl: string,
  plan: AccountPlan,
  ttlSeconds: number,
  app: AppContract,
): (client: pg.Client, redis: Redis) => Promise<WorkDone<SeededRows>> {
  return async (client, redis) => {
    const started = performance.now()
    const rows = await app.writeAccountRows(client, plan)
    debug(`postgres rows written (${Math.round(performance.now() - started)} ms)`)
    const usagePointIds = [...rows.pdls.map((p) => p.usagePointId), ...rows.removedUsagePointIds]
    const patterns = app.accountKeyPatterns({ usagePointIds })
    // The keys it writes as they were: to undo the change, and to tell whether to look for more.
    const written = await snapshot(
      redis,
      plan.cacheWrites.map((write) => write.key),
    )
    const stale = mayHoldEarlierKeys(written, rows.removedUsagePointIds)
      ? await staleKeys(redis, patterns, plan)
      : []
    const change = await applyCacheChange(
      redis,
      redisUrl,
      { set: plan.cacheWrites, delete: stale, ttlSeconds },
      written,
    )
    debug(
      `${plan.cacheWrites.length} cache entries written (${Math.round(performance.now() - started)} ms)`,
    )
    const cleanup =
      `To clean up, seed the same account again once both stores accept writes (the same options give the same state), ` +
      `or delete its cache keys: ${deleteKeysCommand(redisUrl, patterns)}`
    return { result: { user: rows.user, pdls: rows.pdls }, change, cleanup }
  }
}

/**
 * Whether Redis may hold keys of these meters from an earlier seed (or from the app, which only
 * serves seeded meters): a meter the user no longer has, or a key this seed writes already there
 * (`written`, a snapshot of them). A first seed of new meters then costs the same whatever the
 * database holds: finding keys by pattern reads the whole keyspace, which a database of a hundred
 * accounts makes seconds long.
 */
function mayHoldEarlierKeys(written: Snapshot, removedUsagePointIds: readonly string[]): boolean {
  return removedUsagePointIds.length > 0 || written.existing.size > 0
}

/** The keys of the account's meters that this seed does not write again. */
async function staleKeys(
  redis: Redis,
  patterns: readonly string[],
  plan: AccountPlan,
): Promise<string[]> {
  const writing = new Set(plan.cacheWrites.map((write) => write.key))
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
    const cleanup = `Postgres still has ${email}: run the same reset again once both stores accept writes to finish the removal.`
    return { result: { ...removed, cacheKeys: keys.length }, change, cleanup }
  })
}
