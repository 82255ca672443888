import type { LocalBinaries } from './find-binaries.ts'
import { startLocalPostgres } from './local-postgres.ts'
import { startLocalRedis } from './local-redis.ts'
import { type LocalSession, openLocalSession } from './local-session.ts'
import { unprivilegedUser } from './run-as.ts'

/** A started store: its URL, and how to stop what was started for it. */
export interface StartedStore {
  readonly url: string
  readonly container: { stop(): Promise<unknown> } | undefined
}

/** How an engine starts each store, and what it lets go of once they are stopped. */
export interface StoreStarts {
  postgres(): Promise<StartedStore>
  redis(): Promise<StartedStore>
  /** After every started store is stopped: the engine's own clean-up. */
  release(): Promise<void>
}

/** The local engine's starts: one session (private directory, reaper) shared by both servers. */
export function localStoreStarts(
  binaries: LocalBinaries,
  redisDatabases: number,
  startupTimeoutMs: number,
): StoreStarts {
  const session: Promise<LocalSession> = Promise.resolve().then(() =>
    openLocalSession(binaries, unprivilegedUser()),
  )
  return {
    postgres: () =>
      session
        .then((s) => startLocalPostgres(s, startupTimeoutMs))
        .then(({ url, server }) => ({ url, container: server })),
    redis: () =>
      session
        .then((s) => startLocalRedis(s, redisDatabases, startupTimeoutMs))
        .then(({ url, server }) => ({ url, container: server })),
    release: async () => {
      const opened = await session.catch(() => undefined)
      await opened?.close()
    },
  }
}
