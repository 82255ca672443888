import type { DataWindow } from './account.ts'

/** What every account of a seeded environment shares, besides its stores. */
export interface EnvironmentSettings {
  /** The release of the app the stores are seeded for (`'auto'` until the database is read). */
  readonly appVersion: string
  /** How the backend runs: the multi-user server, or client mode (1.9.1 and later). */
  readonly appMode: 'server' | 'client'
  /** For 1.9+ server mode, which schema an empty database gets (see `appSchema`). */
  readonly appSchema: 'head' | 'app-migrates'
  /** The seed every account's readings derive from. */
  readonly seed: string
  readonly window: DataWindow
  /** The app's `SECRET_KEY`, which signs every account's JWT. */
  readonly secretKey: string
  readonly bcryptRounds: number
  readonly cacheTtlSeconds: number
}

/** Where the stores of an environment are. */
export interface StoreUrls {
  readonly postgresUrl: string
  readonly redisUrl: string
}

/** What a backend of the app needs in its environment to run against the stores. */
export interface BackendEnv {
  /** The app's form: `postgresql+asyncpg://…`. */
  readonly DATABASE_URL: string
  readonly REDIS_URL: string
  readonly SECRET_KEY: string
  /** 1.9.0 and later: `'true'` runs the multi-user server, `'false'` (or absent) client mode. */
  readonly SERVER_MODE?: 'true' | 'false'
}
