import { createHash } from 'node:crypto'
import type pg from 'pg'
import { debug } from '../internal/log.ts'
import type { StoreUrls } from '../model/environment.ts'
import { DEFAULT_REUSE_NAME, type ResolvedOptions } from '../options/resolve-options.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import { type AcquiredStores, acquireStores } from '../stores/acquire-stores.ts'
import { chooseEngine } from '../stores/choose-engine.ts'
import { assertSqlIdentifier, redisDatabaseOf, withDatabase } from '../stores/database-url.ts'
import { redactUrl } from '../stores/store-url.ts'
import { takeMachineLock } from './machine-lock.ts'
import { type ReuseLayout, reuseFingerprint, reuseSetupKey } from './reuse-fingerprint.ts'
import {
  markerMismatch,
  type ReuseMarker,
  readMarker,
  redisState,
  tablesDigest,
  writeMarker,
} from './reuse-marker.ts'
import {
  findReusedStores,
  type ReusedContainer,
  removeContainers,
  reusedSetup,
} from './reused-containers.ts'

/**
 * Runs that use the reused stores hold this advisory lock shared, on a connection to the
 * `postgres` database they keep open; wiping the stores takes it exclusively, so that a run never
 * wipes stores another live run is using.
 */
const LEASE_LOCK = '7882826887006653808'
const MAINTENANCE_DATABASE = 'postgres'

/** Reused stores, held by this run until `stop()`, which leaves them running. */
export interface ReusedStores extends StoreUrls {
  /** The value of the containers' reuse label. */
  readonly setupKey: string
  stop(): Promise<void>
}

/** The start of a run on reused stores, holding the machine-wide lock until `ready()` or `abandon()`. */
export interface ReuseSession {
  /** The fingerprint of the seed these options give, which the marker must have. */
  readonly fingerprint: string
  readonly stores: StoreUrls
  /** What `markSeeded` recorded, when the stores still hold that seed: then nothing is seeded. */
  readonly reused: unknown
  /** Records the seed just written (the caller's description of it), making the stores reusable. */
  markSeeded(content: unknown): Promise<void>
  /** Lets other runs in: the stores are this run's, shared, until `stop()`. */
  ready(): Promise<ReusedStores>
  /** After a failure: removes containers this session created, lets go of everything. */
  abandon(): Promise<void>
}

let noteShown = false

/** Once per process, on stderr: what stays running, and how to remove it. */
function leftRunningNote(stores: StoreUrls, setupKey: string): void {
  if (noteShown) return
  noteShown = true
  process.stderr.write(
    `[demo-account] reused stores left running (Postgres ${redactUrl(stores.postgresUrl)}, Redis ${redactUrl(stores.redisUrl)}): the next run with the same options starts from them; remove them with \`med-demo down\` (every reused store) or \`med-demo down --key ${setupKey.slice(0, 12)}\`.\n`,
  )
}

/** A connection that holds the lease shared, and does not keep the process alive. */
async function takeLease(postgresUrl: string): Promise<pg.Client> {
  const client = await connectPostgres(withDatabase(postgresUrl, MAINTENANCE_DATABASE))
  try {
    await client.query('SELECT pg_advisory_lock_shared($1::bigint)', [LEASE_LOCK])
  } catch (error) {
    await closePostgres(client)
    throw error
  }
  ;(client as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref()
  return client
}

/** Drops `database` (a template first made an ordinary one) and empties Redis. */
async function wipe(lease: pg.Client, stores: StoreUrls, database: string, recreate: boolean) {
  const name = assertSqlIdentifier(database)
  await lease.query(`ALTER DATABASE ${name} IS_TEMPLATE false`).catch(() => {})
  await lease.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  if (recreate) await lease.query(`CREATE DATABASE ${name}`)
  const redis = await connectRedis(stores.redisUrl)
  try {
    await redis.flushall()
  } finally {
    redis.disconnect()
  }
}

/** The digest of the rows of `database`, or `null` for a sealed template, which takes no connections. */
async function digestOf(postgresUrl: string, database: string, sealed: boolean) {
  if (sealed) return null
  const client = await connectPostgres(withDatabase(postgresUrl, database))
  try {
    return await tablesDigest(client)
  } finally {
    await closePostgres(client)
  }
}

async function redisNow(redisUrl: string): Promise<ReuseMarker['redis']> {
  const redis = await connectRedis(redisUrl)
  try {
    return await redisState(redis, redisDatabaseOf(redisUrl))
  } finally {
    redis.disconnect()
  }
}

/** The database of a Postgres URL. */
function databaseOf(postgresUrl: string): string {
  return decodeURIComponent(new URL(postgresUrl).pathname.slice(1))
}

let localEngineNoted = false

/** Said once per process: reuse keeps containers, and the local engine has none. */
function localEngineNote(): void {
  if (localEngineNoted) return
  localEngineNoted = true
  process.stderr.write(
    '[demo-account] `reuse` keeps containers, and the stores come from the local engine here: they stop with this process, so each run starts (and seeds) its own.\n',
  )
}

/**
 * Opens the reused stores of these options, under a lock every process of the machine takes for
 * the same set-up and engine: finds the containers labelled with the set-up key (or, when there
 * are none, or one is stopped or missing, removes what there is and starts new ones), and checks
 * that they still hold the seed of these options' fingerprint, as their marker recorded it. When they do not, and no other
 * live run uses them, they are wiped for the caller to seed. When another run uses stores that
 * changed, `undefined`: the caller starts stores of its own instead.
 *
 * `markerDatabase` is the database whose comment holds the marker: the app's (whose rows are
 * digested), or a sealed template (`sealed`), which takes no connections to change it.
 */
export async function openReusedStores(
  resolved: ResolvedOptions,
  layout: ReuseLayout,
  markerDatabase?: string,
): Promise<ReuseSession | undefined> {
  if ((await chooseEngine(resolved.engine)).engine === 'local') {
    localEngineNote()
    return undefined
  }
  const fingerprint = reuseFingerprint(resolved, layout)
  const setupKey = reuseSetupKey(resolved, layout)
  const short = setupKey.slice(0, 12)
  const lockName = createHash('sha256')
    .update(`${setupKey}\u0000${process.env.DOCKER_HOST ?? ''}`)
    .digest('hex')
    .slice(0, 24)
  const lock = await takeMachineLock(
    `reuse-${lockName}`,
    resolved.startupTimeoutMs + 60_000,
    `another run starting the reused stores ${short}`,
  )
  let created: AcquiredStores | undefined
  let lease: pg.Client | undefined
  const abandon = async () => {
    if (lease) await closePostgres(lease)
    await created?.stop().catch(() => {})
    await lock.release()
  }
  try {
    const { found, containers } = await findReusedStores(setupKey)
    let stores: StoreUrls
    if (found) {
      stores = found
    } else {
      if (containers.length > 0) {
        debug(`reused stores ${short}: ${describeBroken(containers)}; starting new ones`)
        await removeContainers(containers)
      }
      const unkept = {
        ...resolved,
        postgres: { ...resolved.postgres, url: undefined },
        redis: { ...resolved.redis, url: undefined },
        // Reuse keeps containers: the caller chose the container engine before coming here.
        engine: 'container' as const,
      }
      created = await acquireStores(unkept, {
        redisDatabases: layout.redisDatabases,
        setup: reusedSetup(setupKey, resolved.reuse ?? DEFAULT_REUSE_NAME),
      })
      stores = created
    }
    lease = await takeLease(stores.postgresUrl)
    const database = markerDatabase ?? databaseOf(stores.postgresUrl)
    const marker = created ? undefined : await readMarker(lease, database)
    const mismatch = created
      ? 'new containers'
      : await markerMismatch(
          marker,
          { fingerprint, cacheTtlSeconds: resolved.cacheTtlSeconds, now: Date.now() },
          {
            tables: () => digestOf(stores.postgresUrl, database, marker?.sealed ?? false),
            redis: () => redisNow(stores.redisUrl),
          },
        )
    if (mismatch === undefined) {
      debug(`reused stores ${short} hold the seed: seeding skipped`)
    } else {
      const { rows } = await lease.query<{ alone: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS alone',
        [LEASE_LOCK],
      )
      if (!rows[0]?.alone) {
        // On stderr: the caller asked for reuse and does not get it this time.
        process.stderr.write(
          `[demo-account] the reused stores ${short} hold other data (${mismatch}) and another run is using them: this run starts stores of its own, removed when it ends.\n`,
        )
        await abandon()
        return undefined
      }
      debug(`reused stores ${short}: ${mismatch}; seeding them${created ? '' : ' again'}`)
      if (!created) await wipe(lease, stores, database, markerDatabase === undefined)
      await lease.query('SELECT pg_advisory_unlock($1::bigint)', [LEASE_LOCK])
    }
    const held = lease
    return {
      fingerprint,
      stores,
      reused: mismatch === undefined ? marker!.marker.content : undefined,
      async markSeeded(content) {
        const sealed = markerDatabase !== undefined
        const [tables, redis] = await Promise.all([
          digestOf(stores.postgresUrl, database, sealed),
          redisNow(stores.redisUrl),
        ])
        await writeMarker(held, database, {
          fingerprint,
          seededAt: Date.now(),
          tables,
          redis,
          content,
        })
      },
      async ready() {
        await lock.release()
        let stopped: Promise<void> | undefined
        return {
          ...stores,
          setupKey,
          stop() {
            stopped ??= closePostgres(held).then(() => leftRunningNote(stores, setupKey))
            return stopped
          },
        }
      },
      abandon,
    }
  } catch (error) {
    await abandon()
    throw error
  }
}

function describeBroken(containers: readonly ReusedContainer[]): string {
  return containers
    .map((c) => `${c.role} ${c.id.slice(0, 12)} ${c.running ? 'running' : 'stopped'}`)
    .join(', ')
}
