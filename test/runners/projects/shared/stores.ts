import { Redis } from 'ioredis'
import { query } from '../../../support/postgres-query.ts'

export { query }

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
