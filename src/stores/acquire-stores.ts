import type { ResolvedOptions } from '../options/resolve-options.ts'
import type { StoreUrls } from '../seed/seed-account.ts'
import { assertLocalStore } from './local-store-guard.ts'
import { startPostgres, startRedis } from './start-containers.ts'
import { toPostgresUrl, toRedisUrl } from './store-url.ts'

/** The stores an account is seeded into, and how to let go of them. */
export interface AcquiredStores extends StoreUrls {
  /** Whether this library started a container for the store (and so removes it on stop). */
  readonly startedPostgres: boolean
  readonly startedRedis: boolean
  /** Stops the containers this library started; given URLs are left alone. */
  stop(): Promise<void>
}

export interface AcquireOptions {
  /** Logical Redis databases of a started Redis container. @default 16 */
  readonly redisDatabases?: number
}

/**
 * Uses the given URLs as they are (after the local-host check) and starts containers, in
 * parallel, for the stores without one. When one container fails to start, the other is stopped.
 */
export async function acquireStores(
  options: Pick<ResolvedOptions, 'postgres' | 'redis' | 'allowRemote'>,
  acquire: AcquireOptions = {},
): Promise<AcquiredStores> {
  const { postgres, redis, allowRemote } = options
  if (postgres.url) assertLocalStore(toPostgresUrl(postgres.url), 'Postgres', allowRemote)
  if (redis.url) assertLocalStore(toRedisUrl(redis.url), 'Redis', allowRemote)
  const [pg, rd] = await Promise.allSettled([
    postgres.url ? undefined : startPostgres(postgres.image),
    redis.url ? undefined : startRedis(redis.image, acquire.redisDatabases),
  ])
  const containers = [pg, rd].flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value.container] : [],
  )
  const stop = async () => {
    await Promise.all(containers.map((container) => container.stop()))
  }
  const failure = [pg, rd].find((result) => result.status === 'rejected')
  if (failure) {
    await stop().catch(() => {})
    throw failure.reason
  }
  const value = <T>(result: PromiseSettledResult<T>) =>
    result.status === 'fulfilled' ? result.value : undefined
  return {
    postgresUrl: postgres.url ?? value(pg)!.url,
    redisUrl: redis.url ?? value(rd)!.url,
    startedPostgres: !postgres.url,
    startedRedis: !redis.url,
    stop,
  }
}
