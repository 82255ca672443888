import {
  localStoreStarts,
  type StartedStore,
  type StoreStarts,
} from '../local-engine/local-store-starts.ts'
import type { StoreUrls } from '../model/environment.ts'
import type { ResolvedOptions } from '../options/resolve-options.ts'
import { chooseEngine } from './choose-engine.ts'
import { assertLocalStore } from './local-store-guard.ts'
import { type ContainerSetup, startPostgres, startRedis } from './start-containers.ts'
import { toPostgresUrl, toRedisUrl } from './store-url.ts'

/** The stores an account is seeded into, and how to let go of them. */
export interface AcquiredStores extends StoreUrls {
  /** Whether this library started the store (a container or a local server; removed on stop). */
  readonly startedPostgres: boolean
  readonly startedRedis: boolean
  /** Stops the stores this library started; given URLs are left alone. */
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

type StoreOptionsUsed = Pick<
  ResolvedOptions,
  'postgres' | 'redis' | 'allowRemote' | 'startupTimeoutMs' | 'engine'
>

/** The engine's way to start each store: containers, or the local engine's processes. */
async function engineStarts(
  options: StoreOptionsUsed,
  acquire: AcquireOptions,
): Promise<StoreStarts> {
  const { postgres, redis, startupTimeoutMs } = options
  const choice = await chooseEngine(options.engine)
  if (choice.engine === 'local')
    return localStoreStarts(choice.binaries, acquire.redisDatabases ?? 16, startupTimeoutMs)
  return {
    postgres: () => startPostgres(postgres.image, startupTimeoutMs, acquire.setup),
    redis: () => startRedis(redis.image, acquire.redisDatabases, startupTimeoutMs, acquire.setup),
    release: async () => {},
  }
}

/**
 * Uses the given URLs as they are (after the local-host check) and starts the stores without one,
 * in parallel, with the engine `options.engine` chooses (no engine at all when both URLs are
 * given). When one store fails to start, the other is stopped.
 */
export function acquireStoresInProgress(
  options: StoreOptionsUsed,
  acquire: AcquireOptions = {},
): StoresInProgress {
  const { postgres, redis, allowRemote } = options
  if (postgres.url) assertLocalStore(toPostgresUrl(postgres.url), 'Postgres', allowRemote)
  if (redis.url) assertLocalStore(toRedisUrl(redis.url), 'Redis', allowRemote)
  const given = (url: string): Promise<StartedStore> =>
    Promise.resolve({ url, container: undefined })
  const starts = postgres.url && redis.url ? undefined : engineStarts(options, acquire)
  const pg = postgres.url ? given(postgres.url) : starts!.then((s) => s.postgres())
  const rd = redis.url ? given(redis.url) : starts!.then((s) => s.redis())
  const ready = Promise.allSettled([pg, rd]).then(async ([p, r]) => {
    const containers = [p, r].flatMap((result) =>
      result.status === 'fulfilled' && result.value.container ? [result.value.container] : [],
    )
    const stop = async () => {
      await Promise.all(containers.map((container) => container.stop()))
      await starts?.then(
        (s) => s.release(),
        () => {},
      )
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
  options: StoreOptionsUsed,
  acquire: AcquireOptions = {},
): Promise<AcquiredStores> {
  return acquireStoresInProgress(options, acquire).ready
}
