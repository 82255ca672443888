import type pg from 'pg'
import { DemoAccountError } from '../errors.ts'
import { closePostgres, connectPostgres, sqlState } from '../postgres/connect-postgres.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import {
  assertSqlIdentifier,
  redisDatabaseOf,
  withDatabase,
  withRedisDatabase,
} from '../stores/database-url.ts'
import type { DemoTemplate } from './demo-template.ts'
import { type SlotLease, takeSlotLease } from './slot-lease.ts'

/** One worker's own copy of the template: its own database and its own Redis logical database. */
export interface TemplateSlot {
  readonly slot: number
  readonly postgresUrl: string
  readonly redisUrl: string
  /** Back to the seeded state, keeping the same URLs (open connections to the database are closed). */
  reset(): Promise<void>
  /** Drops the copies and closes the connections. */
  dispose(): Promise<void>
}

/**
 * Server-side copy of the template's keys into another database, TTLs included, in one call; the
 * old keys are freed in the background (ASYNC), which halves the time. ARGV: target database,
 * source database. (A script's SELECT does not change the caller's.)
 */
const COPY_DATABASE_SCRIPT = `
redis.call('SELECT', ARGV[1])
redis.call('FLUSHDB', 'ASYNC')
redis.call('SELECT', ARGV[2])
local keys = redis.call('KEYS', '*')
for _, key in ipairs(keys) do redis.call('COPY', key, key, 'DB', ARGV[1]) end
return #keys
`

/** Redis logical databases each slot takes: the one tests use and a pristine spare. */
export const REDIS_DATABASES_PER_SLOT = 2

/**
 * The Redis logical databases of a slot (1-based): every database but the template's, two by two.
 */
export function redisDatabasesForSlot(template: DemoTemplate, slot: number): [number, number] {
  const templateDb = redisDatabaseOf(template.redisUrl)
  const available = Array.from({ length: template.redisDatabases }, (_, i) => i).filter(
    (db) => db !== templateDb,
  )
  const first = available[(slot - 1) * REDIS_DATABASES_PER_SLOT]
  const second = available[(slot - 1) * REDIS_DATABASES_PER_SLOT + 1]
  if (!Number.isInteger(slot) || slot < 1 || first === undefined || second === undefined) {
    const fit = Math.floor(available.length / REDIS_DATABASES_PER_SLOT)
    throw new DemoAccountError(
      'WORKER_OUT_OF_RANGE',
      `Worker slot ${slot} has no Redis databases of its own: the Redis server has ${template.redisDatabases} logical databases, one holds the template and each worker takes ${REDIS_DATABASES_PER_SLOT}, so at most ${fit} workers fit. ` +
        'Run fewer workers, or give Redis more databases (`redis-server --databases N`; the containers this library starts get enough for the configured workers).',
    )
  }
  return [first, second]
}

async function clone(client: pg.Client, database: string, template: string, fileCopy: boolean) {
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  // FILE_COPY (PostgreSQL 15+) copies files instead of logging every page: 3x faster here.
  await client.query(
    `CREATE DATABASE ${database} TEMPLATE ${template}${fileCopy ? ' STRATEGY FILE_COPY' : ''}`,
  )
}

/**
 * Renames a database, closing the sessions connected to it first (a rename needs it idle); a
 * client reconnecting in between only costs another try.
 */
async function renameAway(client: pg.Client, database: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    )
    try {
      await client.query(`ALTER DATABASE ${database} RENAME TO ${to}`)
      return
    } catch (error) {
      // 55006: still accessed by other users (a session not yet gone, or back already).
      if (sqlState(error) !== '55006' || attempt === 50) throw error
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  }
}

/** Fails when the worker lost its slot: its Redis databases may be the next worker's now. */
async function assertHeld(lease: SlotLease, slot: number): Promise<void> {
  if (await lease.held()) return
  throw new DemoAccountError(
    'SEED_FAILED',
    `Worker slot ${slot} was lost (the worker's Postgres connection dropped), so its copy was left to the worker that holds the slot now.`,
  )
}

/**
 * Opens the slot's copy of the template. Slots are 1-based; a slot's database is
 * `med_demo_w<slot>`, next to the template. The slot belongs to one live worker at a time (a
 * lease held for the worker's lifetime, see {@link takeSlotLease}), and every change to its Redis
 * databases checks that the lease is still held.
 *
 * A reset must be fast (it may run before every test), so each slot keeps a pristine spare: a
 * second database cloned from the template and a second Redis database copied from it. A reset
 * renames the used database away and the spare in its place, and swaps the two Redis databases
 * (SWAPDB, which also moves the connections already open); dropping the used copy and preparing
 * the next spare then happen in the background while the next test runs.
 */
export async function openTemplateSlot(
  template: DemoTemplate,
  slot: number,
): Promise<TemplateSlot> {
  const [activeDb, spareDb] = redisDatabasesForSlot(template, slot)
  const sourceDb = redisDatabaseOf(template.redisUrl)
  const database = assertSqlIdentifier(`med_demo_w${slot}`)
  const spare = assertSqlIdentifier(`med_demo_w${slot}_spare`)
  const used = assertSqlIdentifier(`med_demo_w${slot}_used`)
  const templateDatabase = assertSqlIdentifier(template.templateDatabase)
  // Both connections or neither: one left open when the other fails would keep the process alive.
  const [connectedAdmin, connectedRedis] = await Promise.allSettled([
    connectPostgres(template.postgresUrl),
    connectRedis(template.redisUrl),
  ])
  if (connectedAdmin.status === 'rejected' || connectedRedis.status === 'rejected') {
    if (connectedAdmin.status === 'fulfilled') await closePostgres(connectedAdmin.value)
    if (connectedRedis.status === 'fulfilled') connectedRedis.value.disconnect()
    throw connectedAdmin.status === 'rejected'
      ? connectedAdmin.reason
      : (connectedRedis as PromiseRejectedResult).reason
  }
  const admin = connectedAdmin.value
  const redis = connectedRedis.value
  const close = async () => {
    await closePostgres(admin)
    redis.disconnect()
  }

  let fileCopy = false
  let lease: SlotLease
  /** Copies the template's keys into one of the slot's Redis databases, if the slot is still ours. */
  const copyRedis = async (db: number) => {
    await assertHeld(lease, slot)
    await redis.eval(COPY_DATABASE_SCRIPT, 0, String(db), String(sourceDb))
  }
  let preparing: Promise<void> = Promise.resolve()
  const prepareSpare = () => {
    preparing = Promise.all([
      (async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${used} WITH (FORCE)`)
        await clone(admin, spare, templateDatabase, fileCopy)
      })(),
      copyRedis(spareDb),
    ]).then(() => {})
    // Reported by the next reset() or dispose(), which await it.
    preparing.catch(() => {})
  }

  try {
    lease = await takeSlotLease(admin, slot, template.postgresUrl)
    const version = await admin.query<{ server_version_num: string }>('SHOW server_version_num')
    fileCopy = Number(version.rows[0]?.server_version_num) >= 150_000
    await Promise.all([clone(admin, database, templateDatabase, fileCopy), copyRedis(activeDb)])
  } catch (error) {
    await close()
    throw error
  }
  prepareSpare()

  return {
    slot,
    postgresUrl: withDatabase(template.postgresUrl, database),
    redisUrl: withRedisDatabase(template.redisUrl, activeDb),
    async reset() {
      await preparing
      await Promise.all([
        (async () => {
          // Renaming is instant where dropping takes ~20 ms: the used copy is dropped later.
          await renameAway(admin, database, used)
          await admin.query(`ALTER DATABASE ${spare} RENAME TO ${database}`)
        })(),
        (async () => {
          await assertHeld(lease, slot)
          await redis.swapdb(activeDb, spareDb)
        })(),
      ])
      prepareSpare()
    },
    async dispose() {
      try {
        await preparing.catch(() => {})
        // A worker that lost its slot leaves its copies to the worker holding it now.
        if (!(await lease.held())) return
        for (const name of [database, spare, used]) {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        }
        for (const db of [activeDb, spareDb]) {
          await redis.eval(
            "redis.call('SELECT', ARGV[1]) redis.call('FLUSHDB') return 1",
            0,
            String(db),
          )
        }
      } finally {
        // Ending the connection also lets go of the slot, for the next worker.
        await close()
      }
    },
  }
}
