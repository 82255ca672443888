import type { StoreUrls } from '../model/environment.ts'
import type { ResolvedOptions } from '../options/resolve-options.ts'
import { assertLocalStore } from './local-store-guard.ts'
import { type ContainerSetup, startPostgres, startRedis } from './start-containers.ts'
import { toPostgresUrl, toRedisUrl } from './store-url.ts'

/** The stores an account is seeded into, and how to let go of them. */
export interface AcquiredStores extends StoreUrls {
  /** Whether this library started a container for the store (and so removes it on stop). */
  readonly startedPostgres: boolean
  readonly startedRedis: boolean
  /** Stops the containers this library started; given URLs are left alone. */
  stop(): Promise<void>
}

/** Each store's URL as soon as that store is ready, and both when both are. */
export interface StoresInProgress {
  readonly postgresUrl: Promise<string>
  readonly redisUrl: Promise<string>
  readonly ready: Promise<AcquiredStores>
}

export interface AcquireOptions {
  /** Logical Redis databases of a started Redis container. @default 16 */
  readonly redisDatabases?: number
  /** Labels and reaping of the containers started. @default run-scoped, reaped */
  readonly setup?: ContainerSetup
}

/**
 * Uses the given URLs as they are (after the local-host check) and starts containers, in
 * parallel, for the stores without one. When one container fails to start, the other is stopped.
 */
export function acquireStoresInProgress(
  options: Pick<ResolvedOptions, 'postgres' | 'redis' | 'allowRemote' | 'startupTimeoutMs'>,
  acquire: AcquireOptions = {},
): StoresInProgress {
  const { postgres, redis, allowRemote, startupTimeoutMs } = options
  if (postgres.url) assertLocalStore(toPostgresUrl(postgres.url), 'Postgres', allowRemote)
  if (redis.url) assertLocalStore(toRedisUrl(redis.url), 'Redis', allowRemote)
  const pg = postgres.url
    ? Promise.resolve({ url: postgres.url, container: undefined })
    : startPostgres(postgres.image, startupTimeoutMs, acquire.setup)
  const rd = redis.url
    ? Promise.resolve({ url: redis.url, container: undefined })
    : startRedis(redis.image, acquire.redisDatabases, startupTimeoutMs, acquire.setup)
  const ready = Promise.allSettled([pg, rd]).then(async ([p, r]) => {
    const containers = [p, r].flatMap((result) =>
      result.status === 'fulfilled' && result.value.container ? [result.value.container] : [],
    )
    const stop = async () => {
      await Promise.all(containers.map((container) => container.stop()))
    }
    if (p.status === 'rejected' || r.status === 'rejected') {
      await stop().catch(() => {})
      throw p.status === 'rejected' ? p.reason : (r as PromiseRejectedResult).reason
    }
    return {
      postgresUrl: p.value.url,
      redisUrl: r.value.url,
      startedPostgres: !postgres.url,
      startedRedis: !redis.url,
      stop,
    }
  })
  // Failures are reported through `ready`; the single-store promises only feed early work, and a
  // caller that only awaits `ready` must not leave them rejected without a handler (Node would
  // report an unhandled rejection, and Vitest fail the run).
  const postgresUrl = pg.then((s) => s.url)
  const redisUrl = rd.then((s) => s.url)
  for (const early of [postgresUrl, redisUrl]) early.catch(() => {})
  return { postgresUrl, redisUrl, ready }
}

/** {@link acquireStoresInProgress}, once both stores are ready. */
export function acquireStores(
  options: Pick<ResolvedOptions, 'postgres' | 'redis' | 'allowRemote' | 'startupTimeoutMs'>,
  acquire: AcquireOptions = {},
): Promise<AcquiredStores> {
  return acquireStoresInProgress(options, acquire).ready
}
