import type { DemoEnvironmentDescriptor } from '../model/environment-descriptor.ts'

// A file of its own: the Vitest adapter's public types name it (what the global setup provides),
// and must not pull in the template's internals, whose types need the Postgres driver's.
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
  /** The seeded account and its settings, in the template's stores. */
  readonly environment: DemoEnvironmentDescriptor
}
