import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { withDatabase, withRedisDatabase } from '../../../../src/stores/database-url.ts'
import {
  type LocalServer,
  startLocalPostgres,
  startLocalRedis,
} from '../../../support/local-servers.ts'
import { query } from '../../../support/postgres-query.ts'

/** A test's stores: a database of its own and a Redis database of its own on local servers. */
export interface FaultStores {
  readonly postgresUrl: string
  readonly redisUrl: string
}

/**
 * A local Postgres and Redis (processes this file starts, which it may pause and kill), and fresh
 * stores on them for each test.
 */
export async function startFaultServers(options: { redisDatabases?: number } = {}) {
  const [postgres, redis]: [LocalServer, LocalServer] = await Promise.all([
    startLocalPostgres(),
    startLocalRedis({ databases: options.redisDatabases ?? 16, appendonly: true }),
  ])
  let nextRedisDatabase = 1
  return {
    postgres,
    redis,
    /** A new empty database, and the next Redis database. */
    async fresh(): Promise<FaultStores> {
      const database = `f_${randomBytes(6).toString('hex')}`
      await query(postgres.url, `CREATE DATABASE ${database}`)
      return {
        postgresUrl: withDatabase(postgres.url, database),
        redisUrl: withRedisDatabase(redis.url, nextRedisDatabase++),
      }
    },
    async stop() {
      await Promise.all([postgres.stop(), redis.stop()])
    },
  }
}

export type FaultServers = Awaited<ReturnType<typeof startFaultServers>>

/** The seeding lock's key (src/seed/seed-transaction.ts), for tests that hold it to stop a seeder at a known point. */
export const SEED_LOCK = '7882826887006653807'

/** Polls until `condition` holds (no time limit of its own: the test's timeout is the limit). */
export async function eventually(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition().catch(() => false)))
    await new Promise((resolve) => setTimeout(resolve, 20))
}

/** Whether some backend waits for the seeding lock (a seeder stopped at the lock). */
export async function seederWaitsForLock(postgresUrl: string): Promise<boolean> {
  const rows = await query<{ waiting: number }>(
    postgresUrl,
    `SELECT count(*)::int AS waiting FROM pg_locks
     WHERE locktype = 'advisory' AND NOT granted`,
  )
  return (rows[0]?.waiting ?? 0) > 0
}

/** Advisory locks held or awaited in the cluster (0 once every seeder let go). */
export async function advisoryLocks(postgresUrl: string): Promise<number> {
  const rows = await query<{ locks: number }>(
    postgresUrl,
    `SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory'`,
  )
  return rows[0]?.locks ?? 0
}

const COMMIT_GATE = 4242

/**
 * A deferred trigger on `users` that holds every commit that wrote or removed a user until
 * `refuse()`, then refuses it: a seeder (or reset) stopped at its commit, after Redis took its
 * change. `held()` resolves once a commit waits at the gate.
 */
export async function holdCommits(postgresUrl: string) {
  const admin = new pg.Client(postgresUrl)
  admin.on('error', () => {})
  await admin.connect()
  await admin.query(`
    CREATE FUNCTION hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_lock(${COMMIT_GATE});
      PERFORM pg_advisory_unlock(${COMMIT_GATE});
      RAISE EXCEPTION 'commit refused by the test';
    END $$;
    CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT OR UPDATE OR DELETE ON users
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hold_commit();`)
  await admin.query(`SELECT pg_advisory_lock(${COMMIT_GATE})`)
  return {
    held: () =>
      eventually(async () => {
        const rows = await admin.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = ${COMMIT_GATE} AND NOT granted`,
        )
        return rows.rowCount === 1
      }),
    refuse: () => admin.query(`SELECT pg_advisory_unlock(${COMMIT_GATE})`),
    /** Removes the trigger and closes the connection. */
    async remove() {
      await admin.query('DROP TRIGGER hold_commit ON users')
      await admin.end().catch(() => {})
    },
    close: () => admin.end().catch(() => {}),
  }
}

/** The error a promise rejects with (undefined if it fulfils), to inspect it field by field. */
export function failureOf(
  promise: Promise<unknown>,
): Promise<(Error & { code?: string }) | undefined> {
  return promise.then(
    () => undefined,
    (failure: Error & { code?: string }) => failure,
  )
}
