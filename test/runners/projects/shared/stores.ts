import { Redis } from 'ioredis'
import pg from 'pg'

/** Runs one query on a database and closes the connection. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** The emails of every user in a database. */
export async function emails(postgresUrl: string): Promise<string[]> {
  const rows = await query<{ email: string }>(postgresUrl, 'SELECT email FROM users ORDER BY email')
  return rows.map((row) => row.email)
}

/** Runs Redis commands on a logical database and disconnects. */
export async function withRedis<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true })
  await redis.connect()
  try {
    return await use(redis)
  } finally {
    redis.disconnect()
  }
}
