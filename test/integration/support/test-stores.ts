import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { acquireStores } from '../../../src/stores/acquire-stores.ts'
import { withDatabase, withRedisDatabase } from '../../../src/stores/database-url.ts'

/** Stores as a test gets them: an empty database and an empty Redis database of its own. */
export interface FreshStores {
  readonly postgresUrl: string
  readonly redisUrl: string
}

/**
 * One Postgres and one Redis container per test file (or, with MED_DEMO_ENGINE=local, the local
 * engine's processes); each test takes fresh stores from them (a new database, the next Redis
 * database), which is much faster than new containers per test.
 */
export async function startTestStores() {
  const stores = await acquireStores(
    {
      postgres: {
        url: undefined,
        image: process.env.MED_DEMO_POSTGRES_IMAGE ?? 'postgres:16-alpine',
      },
      redis: { url: undefined, image: process.env.MED_DEMO_REDIS_IMAGE ?? 'redis:7-alpine' },
      allowRemote: false,
      startupTimeoutMs: 120_000,
      engine: process.env.MED_DEMO_ENGINE === 'local' ? 'local' : 'container',
    },
    { redisDatabases: 64 },
  )
  let nextRedisDatabase = 1
  return {
    postgresUrl: stores.postgresUrl,
    redisUrl: stores.redisUrl,
    async fresh(): Promise<FreshStores> {
      const database = `t_${randomBytes(6).toString('hex')}`
      const client = new pg.Client(stores.postgresUrl)
      await client.connect()
      await client.query(`CREATE DATABASE ${database}`)
      await client.end()
      const redisUrl = withRedisDatabase(stores.redisUrl, nextRedisDatabase++)
      return { postgresUrl: withDatabase(stores.postgresUrl, database), redisUrl }
    },
    stop: () => stores.stop(),
  }
}

export type TestStores = Awaited<ReturnType<typeof startTestStores>>

/**
 * The test stores of this file: started before its first test, stopped after its last. Read them
 * in tests and hooks (`stores.fresh()`, `stores.postgresUrl`); at the top level they have not
 * started yet.
 */
export function useTestStores(startupTimeoutMs = 180_000): TestStores {
  let started: TestStores | undefined
  const current = () => {
    if (!started)
      throw new Error('the test stores start before the first test: use them in a test or hook')
    return started
  }
  beforeAll(async () => {
    started = await startTestStores()
  }, startupTimeoutMs)
  afterAll(async () => {
    await started?.stop()
  })
  return {
    get postgresUrl() {
      return current().postgresUrl
    },
    get redisUrl() {
      return current().redisUrl
    },
    fresh: () => current().fresh(),
    stop: () => current().stop(),
  }
}

export { query } from '../../support/postgres-query.ts'

/** A Redis client for a test; disconnect it when done. */
export function redisClient(url: string): Redis {
  return new Redis(url)
}

/** Every key and its raw value in a Redis database. */
export async function redisSnapshot(url: string): Promise<Map<string, string>> {
  const redis = redisClient(url)
  try {
    const keys = await redis.keys('*')
    const values = keys.length > 0 ? await redis.mget(...keys) : []
    return new Map(keys.map((key, i) => [key, values[i] ?? '']))
  } finally {
    redis.disconnect()
  }
}
