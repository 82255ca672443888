import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import { query } from './postgres-query.ts'

/** What a store holds, in a form `toEqual` can compare: equal digests mean byte-for-byte equal stores. */
export interface StoreDigest {
  /** Per table (`schema.table`): its row count and the SHA-256 of its rows, ordered. */
  readonly tables: Readonly<Record<string, { rows: number; sha256: string }>>
  /** Per Redis key of the URL's database: the SHA-256 of its DUMP (type and value) and whether it expires. */
  readonly keys: ReadonlyMap<string, string>
}

export interface DigestOptions {
  /**
   * Columns left out of every row, for comparing stores seeded at different times
   * (`['created_at', 'updated_at']`). Leave empty to compare byte for byte.
   */
  readonly ignoreColumns?: readonly string[]
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** Every row of every table of the URL's database (outside the system schemas), ordered. */
export async function postgresDigest(
  postgresUrl: string,
  options: DigestOptions = {},
): Promise<StoreDigest['tables']> {
  const ignored = (options.ignoreColumns ?? []).map((column) => ` - '${column}'`).join('')
  const tables = await query<{ name: string }>(
    postgresUrl,
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1`,
  )
  const digest: Record<string, { rows: number; sha256: string }> = {}
  for (const { name } of tables) {
    const rows = await query<{ row: string }>(
      postgresUrl,
      `SELECT (to_jsonb(t)${ignored})::text AS row FROM ${name} t ORDER BY 1`,
    )
    digest[name] = { rows: rows.length, sha256: sha256(rows.map((r) => r.row).join('\n')) }
  }
  return digest
}

/** Every key of the URL's Redis database: its DUMP's digest and whether it has a TTL. */
export async function redisDigest(redisUrl: string): Promise<StoreDigest['keys']> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 })
  await redis.connect()
  try {
    const keys: string[] = []
    let cursor = '0'
    do {
      const [next, batch] = await redis.scan(cursor, 'COUNT', 5000)
      cursor = next
      keys.push(...batch)
    } while (cursor !== '0')
    keys.sort()
    const digest = new Map<string, string>()
    const pipeline = redis.pipeline()
    for (const key of keys) pipeline.dumpBuffer(key).pttl(key)
    const replies = (await pipeline.exec()) ?? []
    keys.forEach((key, i) => {
      const dump = replies[2 * i]?.[1] as Buffer | null
      const pttl = Number(replies[2 * i + 1]?.[1])
      digest.set(key, `${dump ? sha256(dump) : 'gone'}${pttl >= 0 ? ' ttl' : ''}`)
    })
    return digest
  } finally {
    redis.disconnect()
  }
}

/**
 * A digest of both stores: every table's rows in the Postgres database and every key, value and
 * TTL presence in the Redis database the URLs name. Take one before a failing call and one after:
 * `expect(after).toEqual(before)` says the call left both stores as they were.
 */
export async function storeDigest(
  stores: { readonly postgresUrl: string; readonly redisUrl: string },
  options: DigestOptions = {},
): Promise<StoreDigest> {
  const [tables, keys] = await Promise.all([
    postgresDigest(stores.postgresUrl, options),
    redisDigest(stores.redisUrl),
  ])
  return { tables, keys }
}

/** Keys whose value or TTL presence differs between two digests, or that only one has. */
export function changedKeys(before: StoreDigest, after: StoreDigest): string[] {
  const all = new Set([...before.keys.keys(), ...after.keys.keys()])
  return [...all].filter((key) => before.keys.get(key) !== after.keys.get(key)).sort()
}

/** The Redis URL of another logical database of the same server. */
function redisDatabaseUrl(redisUrl: string, database: number): string {
  const url = new URL(redisUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * One digest of everything in both servers, wider than {@link storeDigest}: the roles and
 * columns of the Postgres database with every row, and every key of every Redis logical
 * database (a write that lands in another database than the URL's shows too).
 */
export async function digestStores(postgresUrl: string, redisUrl: string): Promise<string> {
  const roles = await query<{ rolname: string }>(
    postgresUrl,
    'SELECT rolname FROM pg_roles ORDER BY 1',
  )
  const columns = await query<{ line: string }>(
    postgresUrl,
    `SELECT format('%I.%I.%I %s', table_schema, table_name, column_name, data_type) AS line
       FROM information_schema.columns
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY table_schema, table_name, ordinal_position`,
  )
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 })
  await redis.connect()
  const keyspace = await redis.info('keyspace').finally(() => redis.disconnect())
  const databases = [...keyspace.matchAll(/^db(\d+):/gm)].map((match) => Number(match[1]))
  const keys: string[] = []
  for (const database of databases.sort((a, b) => a - b)) {
    const digest = await redisDigest(redisDatabaseUrl(redisUrl, database))
    keys.push(...[...digest].map(([key, value]) => `db${database} ${key} ${value}`))
  }
  return sha256(JSON.stringify([roles, columns, await postgresDigest(postgresUrl), keys]))
}
