import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { FernetKey } from '../cache/fernet.ts'
import type { AccountIdentity, AccountPlan, DailyLimits, DataWindow } from '../model/account.ts'
import type { PdlRow, UserRow } from '../model/account-rows.ts'
import type { BackendEnv } from '../model/environment.ts'
import type { MeterGaps, Scenario } from '../model/scenario.ts'
import type { IsoDate } from '../readings/calendar.ts'
import type { PdlReadings } from '../readings/types.ts'
import type { JsonText } from './json-text.ts'

/**
 * How a backend of the app runs: `'server'`, the multi-user gateway (accounts log in, the data
 * comes from the Redis cache), the only mode before 1.9.0 and with `SERVER_MODE=true` since; or
 * `'client'`, the single-user local install (the app's default since 1.9.0: no login, the data
 * comes from Postgres tables).
 */
export type AppMode = 'server' | 'client'

/**
 * One cache entry in plaintext, before encryption: `json` is what the app's `json.dumps(value)`
 * would have written for the value (`jsonString` reads either form).
 */
export interface CacheEntry {
  readonly key: string
  readonly json: string | JsonText
}

/** A Redis value an account scenario sets, as the app writes it: plain text, with its own expiry. */
export interface ScenarioKey {
  readonly key: string
  readonly value: string
  readonly ttlSeconds: number
}

/** The account's rows after seeding, and the meters it had before that it no longer has. */
export interface WrittenRows {
  readonly user: UserRow
  readonly pdls: readonly PdlRow[]
  readonly removedUsagePointIds: readonly string[]
  /** With `unverified`: the token of the user's pending email verification. */
  readonly emailVerificationToken?: string
}

/** An account's rows, removed. */
export interface RemovedRows {
  readonly userId: string
  readonly usagePointIds: readonly string[]
}

/** A browser's cookies and localStorage, in the shape of Playwright's `storageState`. */
export interface BrowserState {
  readonly cookies: readonly {
    readonly name: string
    readonly value: string
    readonly domain: string
    readonly path: string
    readonly expires: number
    readonly httpOnly: boolean
    readonly secure: boolean
    readonly sameSite: 'Strict' | 'Lax' | 'None'
  }[]
  readonly origins: readonly {
    readonly origin: string
    readonly localStorage: readonly { readonly name: string; readonly value: string }[]
  }[]
}

/** How the frontend's login page is filled in, and what marks its onboarding done. */
export interface LoginForm {
  readonly path: string
  readonly emailSelector: string
  readonly passwordSelector: string
  /** The accessible name of the submit button. */
  readonly submitLabel: string
  /** The path a successful login lands on. */
  readonly landingPath: string
  /** The localStorage entry that keeps the first-visit modal closed. */
  readonly onboardingDone: { readonly name: string; readonly value: string }
}

/** One value as the backend serves it: a day (`YYYY-MM-DD`) or a local time (`YYYY-MM-DD HH:MM:SS`). */
export interface ServedValue {
  readonly date: string
  /** Wh for daily energy, W for 30-minute curves, VA for max power. */
  readonly value: number
}

/** A meter's range, both ends included, and the secret its cache is encrypted with. */
export interface ServedQuery {
  readonly usagePointId: string
  readonly from: IsoDate
  readonly to: IsoDate
  readonly clientSecret: string
}

/** The stores a reader reads, opened on first use by the caller, who closes them. */
export interface StoreAccess {
  redis(): Promise<Redis>
  postgres(): Promise<pg.Client>
}

/**
 * What the backend would serve from its stores (its cache, or its local tables in client mode)
 * for a meter, read the way the backend reads it, for tests to assert on.
 */
export interface ServedDataReader {
  /** Daily consumption (Wh), one value per day the stores hold, in date order. */
  daily(stores: StoreAccess, query: ServedQuery): Promise<ServedValue[]>
  /** 30-minute consumption or production curve (W), at each interval's local start. */
  loadCurve(
    stores: StoreAccess,
    query: ServedQuery,
    direction: 'consumption' | 'production',
  ): Promise<ServedValue[]>
  /** Daily max power (VA) at the time of each peak; `undefined` when nothing is stored for the range. */
  maxPower(stores: StoreAccess, query: ServedQuery): Promise<ServedValue[] | undefined>
  /** Daily production (Wh); `undefined` when nothing is stored for the range. */
  production(stores: StoreAccess, query: ServedQuery): Promise<ServedValue[] | undefined>
}

/**
 * Everything this library knows about one family of releases of MyElectricalData: how the app
 * stores an account, reads its cache, signs its tokens and starts. The engine (options, planning,
 * the seeding transaction, stores, runner adapters) is written against this interface only, the
 * way a testcontainers module implements one service behind `GenericContainer`: a new family of
 * releases is one new module under `src/app/`, registered in `releases.ts`.
 */
export interface AppContract {
  /** The family's name, such as `'1.5'`. */
  readonly family: string
  /** The releases it covers, oldest first, such as `['1.4.1', …, '1.5.0']`. */
  readonly releases: readonly string[]
  /** How the backend runs; every family before 1.9.0 is `'server'`. */
  readonly mode: AppMode
  /** The `alembic_version` the schema this library creates is stamped with. */
  readonly alembicHead: string

  /** The account's ids and API credentials, derived from the seed and the email. */
  deriveIdentity(seed: string, email: string): AccountIdentity
  /** The password hash as the app writes it (bcrypt `$2b$`). */
  hashPassword(password: string, rounds: number): Promise<string>
  /** An access token the app accepts for this user. */
  signAccessToken(userId: string, secretKey: string): string
  /** A fresh `SECRET_KEY` that passes the app's start-up check. */
  generateSecretKey(): string
  /** Words the app's start-up check refuses in a `SECRET_KEY` (unless `DEBUG=true`). */
  readonly weakSecretKeyWords: readonly string[]
  /** The first of those words a key contains, if any. */
  weakSecretKeyWord(secretKey: string): string | undefined

  /** The first day of 30-minute curves the family serves when the frontend's local date is `today`. */
  loadCurveFrom(today: IsoDate): IsoDate
  /**
   * The cache the app would hold (none in client mode) for these readings, for the requests its
   * frontend makes; the per-day entries of the `gaps` days are left out.
   */
  cacheEntries(
    readings: readonly PdlReadings[],
    window: DataWindow,
    gaps?: readonly MeterGaps[],
  ): CacheEntry[]
  /** The Fernet key the app encrypts an account's cache with. */
  cacheKey(clientSecret: string): FernetKey
  /** The account scenarios this family can seed (none in client mode). */
  readonly supportedScenarios: readonly Scenario[]
  /**
   * What every Enedis data route answers an account other than the app's demo email while the
   * global Enedis token is expired and Enedis unreachable (`enedis-unavailable`); `undefined` in
   * client mode.
   */
  readonly enedisUnavailableCode: 'ACCESS_DENIED' | 'ENEDIS_UNAVAILABLE' | undefined
  /**
   * The Redis values the scenarios set for the user at `nowMs` (the rate-limit counters of that
   * UTC day, filling the backend's `limits`, the app's defaults where absent), computed when they
   * are written since they expire at the next UTC midnight.
   */
  scenarioKeys(
    userId: string,
    scenarios: readonly Scenario[],
    nowMs: number,
    limits?: DailyLimits,
  ): ScenarioKey[]
  /** Patterns of every cache and rate-limit key of an account, for removing them. */
  accountKeyPatterns(account: { userId?: string; usagePointIds: readonly string[] }): string[]
  /** Reads back what the backend would serve, for the readers tests assert with. */
  readonly servedData: ServedDataReader

  /**
   * Writes the account's rows in one open transaction: the schema and the app's start-up rows
   * when absent, the user (in the states its scenarios ask for), its meters, and what the app
   * needs to serve them.
   */
  writeAccountRows(client: pg.Client, plan: AccountPlan): Promise<WrittenRows>
  /**
   * Removes the account's rows (not the app's shared rows, but the global Enedis token its
   * `enedis-unavailable` expired is made valid again); `undefined` when there is none.
   */
  removeAccountRows(client: pg.Client, email: string): Promise<RemovedRows | undefined>

  /**
   * A browser state logged in as the user, for a frontend served at `baseURL`; empty in client
   * mode, where every page is the local user's without logging in.
   */
  browserState(jwt: string, baseURL: string): BrowserState
  /** The frontend's login form; `undefined` in client mode, which has no login page. */
  readonly loginForm: LoginForm | undefined

  /** The environment a backend of this family needs. */
  backendEnv(stores: { postgresUrl: string; redisUrl: string }, secretKey: string): BackendEnv
}

export type { BackendEnv }
