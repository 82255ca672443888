import type pg from 'pg'
import { DemoAccountError } from '../errors.ts'
import { connectPostgres } from '../postgres/connect-postgres.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import {
  assertSqlIdentifier,
  redisDatabaseOf,
  withDatabase,
  withRedisDatabase,
} from '../stores/database-url.ts'
import type { DemoTemplate } from './demo-template.ts'

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
 * Server-side copy of the template's keys into another database, TTLs included, in one call.
 * ARGV: target database, source database. (A script's SELECT does not change the caller's.)
 */
const COPY_DATABASE_SCRIPT = `
redis.call('SELECT', ARGV[1])
redis.call('FLUSHDB')
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
 * Opens the slot's copy of the template. Slots are 1-based; a slot's database is
 * `med_demo_w<slot>`, next to the template.
 *
 * A reset must be fast (it may run before every test), so each slot keeps a pristine spare: a
 * second database cloned from the template and a second Redis database copied from it. A reset
 * drops the used database and renames the spare in its place, and swaps the two Redis databases
 * (SWAPDB, which also moves the connections already open); the next spare is then prepared in the
 * background while the next test runs.
 */
export async function openTemplateSlot(
  template: DemoTemplate,
  slot: number,
): Promise<TemplateSlot> {
  const [activeDb, spareDb] = redisDatabasesForSlot(template, slot)
  const sourceDb = redisDatabaseOf(template.redisUrl)
  const database = assertSqlIdentifier(`med_demo_w${slot}`)
  const spare = assertSqlIdentifier(`med_demo_w${slot}_spare`)
  const templateDatabase = assertSqlIdentifier(template.templateDatabase)
  const [admin, redis] = await Promise.all([
    connectPostgres(template.postgresUrl),
    connectRedis(template.redisUrl),
  ])
  const close = async () => {
    await admin.end().catch(() => {})
    redis.disconnect()
  }

  let fileCopy = false
  let preparing: Promise<void> = Promise.resolve()
  const prepareSpare = () => {
    preparing = Promise.all([
      clone(admin, spare, templateDatabase, fileCopy),
      redis.eval(COPY_DATABASE_SCRIPT, 0, String(spareDb), String(sourceDb)),
    ]).then(() => {})
    // Reported by the next reset() or dispose(), which await it.
    preparing.catch(() => {})
  }

  try {
    const version = await admin.query<{ server_version_num: string }>('SHOW server_version_num')
    fileCopy = Number(version.rows[0]?.server_version_num) >= 150_000
    await Promise.all([
      clone(admin, database, templateDatabase, fileCopy),
      redis.eval(COPY_DATABASE_SCRIPT, 0, String(activeDb), String(sourceDb)),
    ])
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
          await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
          await admin.query(`ALTER DATABASE ${spare} RENAME TO ${database}`)
        })(),
        redis.swapdb(activeDb, spareDb),
      ])
      prepareSpare()
    },
    async dispose() {
      try {
        await preparing.catch(() => {})
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        await admin.query(`DROP DATABASE IF EXISTS ${spare} WITH (FORCE)`)
        for (const db of [activeDb, spareDb]) {
          await redis.eval(
            "redis.call('SELECT', ARGV[1]) redis.call('FLUSHDB') return 1",
            0,
            String(db),
          )
        }
      } finally {
        await close()
      }
    },
  }
}
