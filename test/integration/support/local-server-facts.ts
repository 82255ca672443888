import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Redis } from 'ioredis'
import { query } from './test-stores.ts'

/** What the local engine started for an account: its server processes and its data directory. */
export interface LocalServerFacts {
  readonly postgresPid: number
  readonly redisPid: number
  /** The start's private directory, parent of Postgres's data. */
  readonly directory: string
  /** The directory that holds Redis's data dir. */
  readonly redisParent: string
}

/** Asks the servers themselves: Postgres's data directory (whose postmaster.pid names it), Redis's INFO and dir. */
export async function localServerFacts(urls: {
  postgres: string
  redis: string
}): Promise<LocalServerFacts> {
  const [row] = await query(urls.postgres, 'SHOW data_directory')
  const data = String(row?.data_directory)
  const postgresPid = Number(readFileSync(`${data}/postmaster.pid`, 'utf8').split('\n')[0])
  const redis = new Redis(urls.redis)
  try {
    const info = await redis.info('server')
    const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1])
    const [, redisDir] = (await redis.config('GET', 'dir')) as [string, string]
    return { postgresPid, redisPid, directory: dirname(data), redisParent: dirname(redisDir) }
  } finally {
    redis.disconnect()
  }
}
