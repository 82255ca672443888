import type { Redis } from 'ioredis'
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
  /** Drops the copy and closes the connections. */
  dispose(): Promise<void>
}

/**
 * Server-side copy of the template's keys into the slot's database, TTLs included, in one call.
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

/** The Redis logical database of a slot: every database but the template's, in order. */
export function redisDatabaseForSlot(template: DemoTemplate, slot: number): number {
  const templateDb = redisDatabaseOf(template.redisUrl)
  const database = slot <= templateDb ? slot - 1 : slot
  if (!Number.isInteger(slot) || slot < 1 || database >= template.redisDatabases) {
    throw new DemoAccountError(
      'WORKER_OUT_OF_RANGE',
      `Worker slot ${slot} has no Redis database of its own: the Redis server has ${template.redisDatabases} logical databases and one holds the template, so at most ${template.redisDatabases - 1} workers fit. ` +
        'Run fewer workers, or give Redis more databases (`redis-server --databases N`; the containers this library starts get enough for the configured workers).',
    )
  }
  return database
}

async function clone(client: pg.Client, database: string, template: string, fileCopy: boolean) {
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  // FILE_COPY (PostgreSQL 15+) copies files instead of logging every page: 3x faster here.
  await client.query(
    `CREATE DATABASE ${database} TEMPLATE ${template}${fileCopy ? ' STRATEGY FILE_COPY' : ''}`,
  )
}

async function copyRedis(redis: Redis, target: number, source: number): Promise<void> {
  await redis.eval(COPY_DATABASE_SCRIPT, 0, String(target), String(source))
}

/**
 * Opens (and fills) the slot's copy of the template. Slots are 1-based; a slot's database is
 * `med_demo_w<slot>`, next to the template.
 */
export async function openTemplateSlot(
  template: DemoTemplate,
  slot: number,
): Promise<TemplateSlot> {
  const redisDatabase = redisDatabaseForSlot(template, slot)
  const sourceDatabase = redisDatabaseOf(template.redisUrl)
  const database = assertSqlIdentifier(`med_demo_w${slot}`)
  const templateDatabase = assertSqlIdentifier(template.templateDatabase)
  const [admin, redis] = await Promise.all([
    connectPostgres(template.postgresUrl),
    connectRedis(template.redisUrl),
  ])
  const version = await admin.query<{ server_version_num: string }>('SHOW server_version_num')
  const fileCopy = Number(version.rows[0]?.server_version_num) >= 150_000
  const reset = async () => {
    await Promise.all([
      clone(admin, database, templateDatabase, fileCopy),
      copyRedis(redis, redisDatabase, sourceDatabase),
    ])
  }
  try {
    await reset()
  } catch (error) {
    await admin.end().catch(() => {})
    redis.disconnect()
    throw error
  }
  return {
    slot,
    postgresUrl: withDatabase(template.postgresUrl, database),
    redisUrl: withRedisDatabase(template.redisUrl, redisDatabase),
    reset,
    async dispose() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        await redis.eval(
          "redis.call('SELECT', ARGV[1]) redis.call('FLUSHDB') return 1",
          0,
          String(redisDatabase),
        )
      } finally {
        await admin.end().catch(() => {})
        redis.disconnect()
      }
    },
  }
}
