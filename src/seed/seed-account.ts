import type pg from 'pg'
import { meterKeyPatterns, rateLimitPattern } from '../cache/cache-keys.ts'
import { DemoAccountError, describeError } from '../errors.ts'
import { debug } from '../internal/log.ts'
import type { PdlRow, UserRow } from '../postgres/account-rows.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import {
  ensureDefaultRoles,
  ensureGlobalEnedisToken,
  ensureSchema,
  upsertAccountRows,
} from '../postgres/write-account-rows.ts'
import { applyCacheChange, scanKeys } from '../redis/cache-transaction.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import type { AccountPlan } from './account-plan.ts'
import { deleteKeysCommand, inSeedTransaction, type StoreUrls } from './seed-transaction.ts'

export type { StoreUrls }

/** The rows of a seeded account. */
export interface SeededRows {
  readonly user: UserRow
  readonly pdls: readonly PdlRow[]
}

/** The account's rows: the app's schema and roles if absent, the user, its PDLs, the global token. */
async function writeRows(client: pg.Client, plan: AccountPlan) {
  await ensureSchema(client)
  await ensureDefaultRoles(client)
  const rows = await upsertAccountRows(client, plan)
  await ensureGlobalEnedisToken(client)
  return rows
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
): Promise<SeededRows> {
  return inSeedTransaction(stores, `seeding ${plan.account.email}`, async (client, redis) => {
    const started = performance.now()
    const rows = await writeRows(client, plan)
    debug(`postgres rows written (${Math.round(performance.now() - started)} ms)`)
    const meters = [...rows.pdls.map((pdl) => pdl.usagePointId), ...rows.removedUsagePointIds]
    const writing = new Set(plan.cacheWrites.map((write) => write.key))
    const stale = (await scanKeys(redis, meters.flatMap(meterKeyPatterns))).filter(
      (key) => !writing.has(key),
    )
    const change = await applyCacheChange(redis, stores.redisUrl, {
      set: plan.cacheWrites,
      delete: stale,
      ttlSeconds,
    })
    debug(
      `${plan.cacheWrites.length} cache entries written (${Math.round(performance.now() - started)} ms)`,
    )
    const cleanup =
      `To clean up, seed the same account again once both stores accept writes (the same options give the same state), ` +
      `or delete its cache keys: ${deleteKeysCommand(stores.redisUrl, meters.flatMap(meterKeyPatterns))}`
    return { result: { user: rows.user, pdls: rows.pdls }, change, cleanup }
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
      const written = await writeRows(client, planned)
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
export function removeAccount(stores: StoreUrls, email: string): Promise<RemovedAccount> {
  return inSeedTransaction<RemovedAccount>(stores, `removing ${email}`, async (client, redis) => {
    const none = {
      result: { userId: null, usagePointIds: [], cacheKeys: 0 },
      change: await applyCacheChange(redis, stores.redisUrl, {
        set: [],
        delete: [],
        ttlSeconds: 0,
      }),
      cleanup: '',
    }
    const table = await client.query("SELECT to_regclass('users') IS NOT NULL AS present")
    if (!table.rows[0]?.present) return none
    const user = await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
      email,
    ])
    const userId = user.rows[0]?.id
    if (!userId) return none
    const pdls = await client.query<{ usage_point_id: string }>(
      'DELETE FROM pdls WHERE user_id = $1 RETURNING usage_point_id',
      [userId],
    )
    await client.query('DELETE FROM tokens WHERE user_id = $1', [userId])
    await client.query('DELETE FROM users WHERE id = $1', [userId])
    const usagePointIds = pdls.rows.map((row) => row.usage_point_id)
    const patterns = [...usagePointIds.flatMap(meterKeyPatterns), rateLimitPattern(userId)]
    const keys = await scanKeys(redis, patterns)
    const change = await applyCacheChange(redis, stores.redisUrl, {
      set: [],
      delete: keys,
      ttlSeconds: 0,
    })
    const cleanup = `Postgres still has ${email}: run the same reset again once both stores accept writes to finish the removal.`
    return { result: { userId, usagePointIds, cacheKeys: keys.length }, change, cleanup }
  })
}
