import { DemoAccountError } from '../errors.ts'
import { describeEnvironment } from '../model/environment-descriptor.ts'
import type { DemoAccountOptions } from '../options/demo-account-options.ts'
import { type ResolvedOptions, resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import { seedAccountInto } from '../seed/seed-pipeline.ts'
import { settingsOf } from '../seed/settings-of.ts'
import { settleAppVersion } from '../seed/settle-app-version.ts'
import { type AcquiredStores, acquireStores } from '../stores/acquire-stores.ts'
import {
  assertSqlIdentifier,
  redisDatabaseOf,
  withDatabase,
  withRedisDatabase,
} from '../stores/database-url.ts'
import type { DemoTemplate } from './demo-template-shape.ts'

export type { DemoTemplate }

export const TEMPLATE_DATABASE = 'med_demo_template'
export const DEFAULT_REDIS_DATABASES = 16

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
    await closePostgres(client)
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
    await closePostgres(client)
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
export function createDemoTemplate(
  options: DemoAccountOptions = {},
  redisDatabases = DEFAULT_REDIS_DATABASES,
): Promise<StartedDemoTemplate> {
  const resolved = resolveDemoAccountOptions(options)
  return seedDemoTemplate(resolved, acquireStores(resolved, { redisDatabases }), redisDatabases)
}

/**
 * Seeds the template into the stores `acquiring` gives once they are up (the account is planned
 * meanwhile), seals it, and describes it. When it fails, `stop()` of the stores is called.
 */
export async function seedDemoTemplate(
  resolved: ResolvedOptions,
  acquiring: Promise<AcquiredStores>,
  redisDatabases: number,
): Promise<StartedDemoTemplate> {
  // The template database is made anew, so 'auto' gets the default of the mode.
  const settings = await settleAppVersion(settingsOf(resolved), undefined)
  // The account is planned while the stores start; the template database is made once they are up.
  const templateStores = acquiring.then(async (stores) => {
    await recreateDatabase(stores.postgresUrl, TEMPLATE_DATABASE)
    return {
      postgresUrl: withDatabase(stores.postgresUrl, TEMPLATE_DATABASE),
      redisUrl: stores.redisUrl,
    }
  })
  const [acquired, seeded] = await Promise.allSettled([
    acquiring,
    seedAccountInto(settings, resolved.account, { kind: 'existing', stores: templateStores }),
  ])
  if (acquired.status === 'rejected') throw acquired.reason
  const stores: AcquiredStores = acquired.value
  try {
    // Stores started for a seed that failed are stopped, not left running.
    if (seeded.status === 'rejected') throw seeded.reason
    await sealTemplate(stores.postgresUrl, TEMPLATE_DATABASE)
    const templateUrls = await templateStores
    const template: DemoTemplate = {
      postgresUrl: stores.postgresUrl,
      templateDatabase: TEMPLATE_DATABASE,
      redisUrl: withRedisDatabase(stores.redisUrl, redisDatabaseOf(stores.redisUrl)),
      redisDatabases: stores.startedRedis
        ? redisDatabases
        : await redisDatabaseCount(stores.redisUrl),
      environment: describeEnvironment(
        settings,
        templateUrls,
        seeded.value.account,
        seeded.value.meters,
      ),
    }
    return { template, stop: () => stores.stop() }
  } catch (error) {
    await stores.stop().catch(() => {})
    throw error
  }
}
