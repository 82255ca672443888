import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import pg from 'pg'

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Every role, column and row of the URL's database, as lines. */
async function postgresLines(url: string): Promise<string[]> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    const lines: string[] = []
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles ORDER BY 1')
    lines.push(`roles ${roles.rows.map((row) => row.rolname).join(',')}`)
    const columns = await client.query<{ line: string }>(
      `SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type AS line
         FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY table_schema, table_name, ordinal_position`,
    )
    lines.push(...columns.rows.map((row) => `column ${row.line}`))
    const tables = await client.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
        ORDER BY 1, 2`,
    )
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(
        `SELECT t::text AS row FROM ${quote(table_schema)}.${quote(table_name)} t ORDER BY 1`,
      )
      lines.push(...rows.rows.map((row) => `row ${table_schema}.${table_name} ${row.row}`))
    }
    return lines
  } finally {
    await client.end()
  }
}

/** Every key of every database of the server: its type, its serialized value, whether it expires. */
async function redisLines(url: string): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  try {
    const lines: string[] = []
    const keyspace = await redis.info('keyspace')
    const databases = [...keyspace.matchAll(/^db(\d+):/gm)].map((match) => Number(match[1]))
    for (const database of databases.sort((a, b) => a - b)) {
      await redis.select(database)
      const keys: string[] = []
      let cursor = '0'
      do {
        const [next, batch] = await redis.scan(cursor, 'COUNT', 1000)
        keys.push(...batch)
        cursor = next
      } while (cursor !== '0')
      for (const key of keys.sort()) {
        const [type, dump, ttl] = await Promise.all([
          redis.type(key),
          redis.dumpBuffer(key),
          redis.pttl(key),
        ])
        const expiry = ttl === -1 ? 'persistent' : 'expires'
        lines.push(`db${database} ${key} ${type} ${expiry} ${dump?.toString('base64') ?? ''}`)
      }
    }
    return lines
  } finally {
    redis.disconnect()
  }
}

/**
 * A digest of everything in both stores: every role, column and row of the Postgres database, and
 * every key and value of every Redis database. Equal digests mean the stores were not changed.
 */
export async function digestStores(postgresUrl: string, redisUrl: string): Promise<string> {
  const [postgres, redis] = await Promise.all([postgresLines(postgresUrl), redisLines(redisUrl)])
  return createHash('sha256')
    .update([...postgres, ...redis].join('\n'))
    .digest('hex')
}
