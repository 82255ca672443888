import type { SeededAccount } from '../demo-account.ts'
import { describeSeededAccount } from '../demo-account.ts'
import { DemoAccountError } from '../errors.ts'
import type { DemoAccountOptions } from '../options/demo-account-options.ts'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { connectPostgres } from '../postgres/connect-postgres.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import { planAccount, startPasswordHash } from '../seed/account-plan.ts'
import { seedAccount } from '../seed/seed-account.ts'
import { acquireStores } from '../stores/acquire-stores.ts'
import {
  assertSqlIdentifier,
  redisDatabaseOf,
  withDatabase,
  withRedisDatabase,
} from '../stores/database-url.ts'

/**
 * A seeded account kept as templates, from which each test worker clones its own copy: a Postgres
 * template database and a Redis logical database. Plain data, so that a test runner can hand it
 * from its global setup to its workers (Vitest's `provide`).
 */
export interface DemoTemplate {
  /** The stores as given or started; worker databases are created next to the template. */
  readonly postgresUrl: string
  readonly templateDatabase: string
  /** Redis URL of the template's logical database. */
  readonly redisUrl: string
  /** Logical databases the Redis server has; each worker slot takes one. */
  readonly redisDatabases: number
  readonly account: SeededAccount
  readonly secretKey: string
  readonly seed: string
  readonly referenceDate: string
  readonly days: number
  readonly cacheTtlSeconds: number
  readonly bcryptRounds: number
}

export const TEMPLATE_DATABASE = 'med_demo_template'
const DEFAULT_REDIS_DATABASES = 16

async function redisDatabaseCount(redisUrl: string): Promise<number> {
  const redis = await connectRedis(redisUrl)
  try {
    const reply = (await redis.config('GET', 'databases')) as string[]
    return Number(reply[1]) || DEFAULT_REDIS_DATABASES
  } catch {
    return DEFAULT_REDIS_DATABASES // CONFIG may be forbidden; 16 is Redis' default.
  } finally {
    redis.disconnect()
  }
}

async function recreateDatabase(postgresUrl: string, database: string): Promise<void> {
  const name = assertSqlIdentifier(database)
  const client = await connectPostgres(postgresUrl)
  try {
    await client.query(`ALTER DATABASE ${name} IS_TEMPLATE false`).catch(() => {})
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${name}`)
  } catch (error) {
    throw new DemoAccountError(
      'STORE_PERMISSION_DENIED',
      `Could not create the template database "${name}": ${(error as Error).message}. Worker isolation clones databases, so the Postgres user needs CREATEDB.`,
      { cause: error },
    )
  } finally {
    await client.end()
  }
}

/** Marks the template read-only for connections, so that cloning it never waits for a session. */
async function sealTemplate(postgresUrl: string, database: string): Promise<void> {
  const client = await connectPostgres(postgresUrl)
  try {
    await client.query(
      `ALTER DATABASE ${assertSqlIdentifier(database)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`,
    )
  } finally {
    await client.end()
  }
}

/** Started stores holding a seeded template, and how to stop them. */
export interface StartedDemoTemplate {
  readonly template: DemoTemplate
  stop(): Promise<void>
}

/**
 * Starts the stores (or uses the given URLs), seeds the account into a template database and the
 * Redis database the URL selects, and describes it for workers.
 */
export async function createDemoTemplate(
  options: DemoAccountOptions = {},
  redisDatabases = DEFAULT_REDIS_DATABASES,
): Promise<StartedDemoTemplate> {
  const resolved = resolveDemoAccountOptions(options)
  const passwordHash = startPasswordHash(resolved.account.password, resolved.bcryptRounds)
  const [acquired, planned] = await Promise.allSettled([
    acquireStores(resolved, { redisDatabases }),
    planAccount(resolved.account, resolved.window, passwordHash),
  ])
  if (acquired.status === 'rejected') throw acquired.reason
  const stores = acquired.value
  try {
    // Stores started for a plan that failed are stopped, not left running.
    if (planned.status === 'rejected') throw planned.reason
    const plan = planned.value
    await recreateDatabase(stores.postgresUrl, TEMPLATE_DATABASE)
    const templateUrl = withDatabase(stores.postgresUrl, TEMPLATE_DATABASE)
    const rows = await seedAccount(
      { postgresUrl: templateUrl, redisUrl: stores.redisUrl },
      plan,
      resolved.cacheTtlSeconds,
    )
    await sealTemplate(stores.postgresUrl, TEMPLATE_DATABASE)
    const template: DemoTemplate = {
      postgresUrl: stores.postgresUrl,
      templateDatabase: TEMPLATE_DATABASE,
      redisUrl: withRedisDatabase(stores.redisUrl, redisDatabaseOf(stores.redisUrl)),
      redisDatabases: stores.startedRedis
        ? redisDatabases
        : await redisDatabaseCount(stores.redisUrl),
      account: describeSeededAccount(plan, rows, resolved.secretKey),
      secretKey: resolved.secretKey,
      seed: resolved.account.seed,
      referenceDate: resolved.window.referenceDate,
      days: resolved.window.days,
      cacheTtlSeconds: resolved.cacheTtlSeconds,
      bcryptRounds: resolved.bcryptRounds,
    }
    return { template, stop: () => stores.stop() }
  } catch (error) {
    await stores.stop().catch(() => {})
    throw error
  }
}
