import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import { assertSqlIdentifier } from '../stores/database-url.ts'

/**
 * What the run that seeded reused stores recorded about them, as the comment of the seeded
 * database (`COMMENT ON DATABASE`: nothing is added to the app's schema or to Redis). Written
 * last, once both stores hold the seed; a later run reuses the stores only when the marker has
 * its fingerprint and the stores still match what it recorded.
 */
export interface ReuseMarker {
  readonly version: typeof MARKER_VERSION
  readonly fingerprint: string
  /** When the seed was written (ms since the epoch), for the cache TTL. */
  readonly seededAt: number
  /** A digest of every table's rows, or `null` for a sealed template database (no connections). */
  readonly tables: string | null
  /** The Redis server's run id (a restart changes it) and what the seeded database held. */
  readonly redis: {
    readonly runId: string
    readonly db: number
    readonly keys: number
    readonly expires: number
  }
  /** What the run hands out again: the environment description, without the secret key and JWT. */
  readonly content: unknown
}

const MARKER_VERSION = 1

/** Every table of the database, in a fixed order, as a quoted name. */
async function tablesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
      ORDER BY 1`,
  )
  return rows.map((row) => row.name)
}

/**
 * A digest of the rows of every table of the database `client` is connected to: per table, its
 * name, its row count and an order-independent sum of 64-bit hashes of its rows as text (so an
 * inserted, deleted or updated row, or a changed column, changes it). One query.
 */
export async function tablesDigest(client: pg.Client): Promise<string> {
  const tables = await tablesOf(client)
  const digest = createHash('sha256')
  if (tables.length > 0) {
    const parts = tables.map(
      (table, i) =>
        `SELECT ${i} AS i, count(*)::text AS n, coalesce(sum(hashtextextended(t::text, 0)), 0)::text AS h FROM ${table} t`,
    )
    const { rows } = await client.query<{ i: number; n: string; h: string }>(
      `${parts.join(' UNION ALL ')} ORDER BY i`,
    )
    for (const row of rows) digest.update(`${tables[row.i]}\u0000${row.n}\u0000${row.h}\n`)
  }
  return digest.digest('hex')
}

/** What the Redis server says of itself and of database `db`. */
export async function redisState(redis: Redis, db: number): Promise<ReuseMarker['redis']> {
  const [server, keyspace] = await Promise.all([redis.info('server'), redis.info('keyspace')])
  const runId = /^run_id:(\w+)/m.exec(server)?.[1] ?? ''
  const line = new RegExp(`^db${db}:keys=(\\d+),expires=(\\d+)`, 'm').exec(keyspace)
  return { runId, db, keys: Number(line?.[1] ?? 0), expires: Number(line?.[2] ?? 0) }
}

/** Writes the marker as the comment of `database`. */
export async function writeMarker(
  client: pg.Client,
  database: string,
  marker: Omit<ReuseMarker, 'version'>,
): Promise<void> {
  const text = JSON.stringify({ version: MARKER_VERSION, ...marker })
  await client.query(
    `COMMENT ON DATABASE ${assertSqlIdentifier(database)} IS ${client.escapeLiteral(text)}`,
  )
}

/** The marker of `database`, with whether it is sealed as a template; `undefined` when there is none. */
export async function readMarker(
  client: pg.Client,
  database: string,
): Promise<{ marker: ReuseMarker; sealed: boolean } | undefined> {
  const { rows } = await client.query<{ comment: string | null; sealed: boolean }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment, (datistemplate AND NOT datallowconn) AS sealed
       FROM pg_database WHERE datname = $1`,
    [database],
  )
  const comment = rows[0]?.comment
  if (!comment) return undefined
  try {
    const marker = JSON.parse(comment) as ReuseMarker
    return marker?.version === MARKER_VERSION ? { marker, sealed: rows[0]!.sealed } : undefined
  } catch {
    return undefined
  }
}

/**
 * Why the stores no longer hold what the marker recorded, or `undefined` when they do. The cache
 * must have at least half its TTL left, so that a run does not see it expire halfway.
 */
export async function markerMismatch(
  found: { marker: ReuseMarker; sealed: boolean } | undefined,
  expected: { fingerprint: string; cacheTtlSeconds: number; now: number },
  actual: { tables: () => Promise<string | null>; redis: () => Promise<ReuseMarker['redis']> },
): Promise<string | undefined> {
  if (!found) return 'no marker (never seeded, or wiped)'
  const { marker, sealed } = found
  if (marker.fingerprint !== expected.fingerprint) return 'seeded with other options'
  if (
    expected.cacheTtlSeconds > 0 &&
    expected.now - marker.seededAt > (expected.cacheTtlSeconds * 1000) / 2
  )
    return 'more than half the cache TTL has passed since the seed'
  if (marker.tables === null && !sealed) return 'the template database is no longer sealed'
  const [tables, redis] = await Promise.all([actual.tables(), actual.redis()])
  if (marker.tables !== null && tables !== marker.tables)
    return 'Postgres rows changed since the seed'
  if (redis.runId !== marker.redis.runId) return 'Redis restarted since the seed'
  if (redis.keys !== marker.redis.keys || redis.expires !== marker.redis.expires)
    return `Redis database ${marker.redis.db} holds ${redis.keys} keys (${redis.expires} with a TTL), the seed left ${marker.redis.keys} (${marker.redis.expires})`
  return undefined
}
