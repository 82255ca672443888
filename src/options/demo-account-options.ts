import type { Scenario } from '../model/scenario.ts'
import type { PdlProfile } from '../readings/types.ts'

export type { Scenario } from '../model/scenario.ts'

/** One meter (PDL) of an account. Every field is optional. */
export interface PdlOptions {
  /**
   * 14 digits, unique across every user of the stores.
   * @default `12345678901234` then `98765432109876` for the first account; derived from the
   * account index for further accounts
   */
  usagePointId?: string
  /** @default the profile's name in French, as the app's demo names them ("Résidence principale") */
  name?: string
  /** kVA. @default 6 for a main home, 9 with solar panels, 3 for a secondary home */
  subscribedPower?: number
  /** How the household consumes. @default `'main-home'`, `'solar-home'` for the second PDL */
  profile?: PdlProfile
  /** Whether the meter also measures production. @default true for `'solar-home'` */
  hasProduction?: boolean
  /** Off-peak (HC) hours as `HH:MM-HH:MM` ranges. @default `['22:00-06:00']` */
  offpeakHours?: string[]
}

/** Where a store comes from: a URL to use as it is, or the image of a container to start. */
export interface StoreOptions {
  /**
   * An existing store to seed instead of starting a container. Postgres accepts `postgres://`,
   * `postgresql://` and the app's `postgresql+asyncpg://` form.
   * @default `MED_DEMO_DATABASE_URL` / `MED_DEMO_REDIS_URL`, else a container is started
   */
  url?: string
  /**
   * The container image.
   * @default `MED_DEMO_POSTGRES_IMAGE` or `postgres:16-alpine`; `MED_DEMO_REDIS_IMAGE` or `redis:7-alpine`
   */
  image?: string
}

/** What makes one account: who it is and what its meters read. */
export interface AccountOptions {
  /** Everything random about the account derives from it. @default `'demo'` */
  seed?: string | number
  /**
   * `demo@myelectricaldata.fr` is the app's read-only demo account (writes get 403); use another
   * email for tests that write.
   * @default `demo@myelectricaldata.fr`
   */
  email?: string
  /** @default `DemoPassword123!` */
  password?: string
  /** @default two PDLs: a main home and a home with solar panels */
  pdls?: PdlOptions[]
  /**
   * The user's `debug_mode` flag. When true, the app's backend logs every cache hit of this user
   * into Redis (`logs:*` keys, thousands per page session) and a three-year daily request takes
   * seconds instead of half a second; turn it on only for a test about the app's debug logs.
   * @default false
   */
  debugMode?: boolean
  /**
   * Seeds the account in one or more states the app can be in, written as the app would have left
   * the stores (see the README's Scenarios section for what each writes and what the app then
   * answers, per release): `'rate-limited'`, `'near-rate-limit'`, `'unverified'`, `'inactive'`,
   * `'admin'`, `'enedis-unavailable'` (store-wide), `'gaps'` (the days are in the account's
   * `gaps`). Server mode only; impossible pairs (`'rate-limited'` with `'admin'`, say) are refused.
   * @default none: an active, verified, unlimited account with every day cached
   */
  scenario?: Scenario | readonly Scenario[]
  /**
   * The backend's daily request limits, which `'rate-limited'` and `'near-rate-limit'` fill: its
   * `USER_DAILY_LIMIT_WITH_CACHE` (requests with `use_cache=true`) and `USER_DAILY_LIMIT_NO_CACHE`.
   * @default the app's defaults, 1000 and 50
   */
  dailyLimits?: DailyLimitOptions
}

/** A backend's daily request limits per user, as its settings name them. */
export interface DailyLimitOptions {
  /** `USER_DAILY_LIMIT_WITH_CACHE`. @default 1000 */
  withCache?: number
  /** `USER_DAILY_LIMIT_NO_CACHE`. @default 50 */
  noCache?: number
}

/** Options of {@link withDemoAccount}. Every field is optional. */
export interface DemoAccountOptions extends AccountOptions {
  /**
   * The release of MyElectricalData the stores are seeded for, `'1.0.0'` to `'1.22.0'` (see the
   * README's table of releases), or `'auto'`: read from an existing database's `alembic_version`
   * (an empty database gets the default, or 1.22.0 in client mode).
   * @default `MED_DEMO_APP_VERSION` or `'1.5.0'`
   */
  appVersion?: string
  /**
   * How the backend runs (1.9.1 and later for `'client'`): `'server'`, the multi-user gateway
   * (`SERVER_MODE=true` from 1.9.0), or `'client'`, the single local user with its data in
   * Postgres (the app's own default since 1.9.0).
   * @default 'server'
   */
  appMode?: 'server' | 'client'
  /**
   * For 1.9.0 and later in server mode, the schema an empty database gets: `'head'`, the
   * release's own head (its migrations have nothing to do), or `'app-migrates'`, 1.5.0's schema
   * stamped `007`, which the backend's start-up `alembic upgrade head` then migrates.
   * @default 'head'
   */
  appSchema?: 'head' | 'app-migrates'
  /**
   * Today, for the data: readings end the day before it (Europe/Paris days), `YYYY-MM-DD`. Not
   * after today: the app caps end dates to yesterday, so later readings would never be served.
   * @default today in Europe/Paris
   */
  referenceDate?: string
  /**
   * Days of daily readings, ending the day before `referenceDate`. The default is the window
   * the app's frontend asks for: yesterday - 1095 days to yesterday, both included.
   * @default 1096
   */
  days?: number
  /**
   * The app's `SECRET_KEY`, which signs the JWT. Pass the backend's own when it is already running.
   * @default a random key per run that passes the app's production start-up check
   */
  secretKey?: string
  /**
   * Accept a `secretKey` that contains a word the app's production start-up check refuses
   * (`dev-`, `changeme`, `secret`, `password`, `test`, `example`). MyElectricalData 1.4.1 and later
   * refuse to start with such a key unless `DEBUG=true` (which only warns); releases before 1.4.1
   * do not check. Set this only for such a backend.
   * @default false
   */
  allowWeakSecretKey?: boolean
  /** bcrypt cost of the password hash, as the app's `bcrypt.gensalt()`. @default 12 */
  bcryptRounds?: number
  /** TTL of cache entries, as the app's `CACHE_TTL_SECONDS`; 0 = no expiry. @default 86400 */
  cacheTtlSeconds?: number
  /**
   * Seed stores on hosts that are not local. This library writes a known password: only set this
   * for a disposable environment.
   * @default false
   */
  allowRemote?: boolean
  /**
   * How long each container this library starts may take to be ready, in milliseconds. A loaded
   * machine, or an image that initialises its data on every start, may need more.
   * @default `MED_DEMO_STARTUP_TIMEOUT` (milliseconds) or 120000
   */
  startupTimeoutMs?: number
  postgres?: StoreOptions
  redis?: StoreOptions
  /**
   * Keep the containers after the run and reuse them in a later run with the same options (a
   * warm start: no container start, no seeding). A fingerprint of everything that decides the
   * seeded data (these options, the library's version, the images) finds them, and their content
   * is checked before it is reused (re-seeded when it differs). `stop()` then leaves them running;
   * `med-demo down` removes them. Ignored when both stores are given by URL. A name instead of
   * `true` keeps a set of its own (one per project, say, or per set of options you switch between).
   * @default `MED_DEMO_REUSE` (`1`, or a name), else false
   */
  reuse?: boolean | string
  /**
   * What starts the stores that have no URL: `'container'` (Docker or Podman, through
   * testcontainers), `'local'` (Postgres and Redis processes from the machine's binaries, data in
   * a temporary directory; see the README's "Without a container engine"), or `'auto'`:
   * containers when an engine answers, else the local engine when its binaries exist (with a
   * notice on stderr). Unused when both URLs are given.
   * @default `MED_DEMO_ENGINE` or `'auto'`
   */
  engine?: 'container' | 'local' | 'auto'
}

/** Options of `addAccount()`: another account in the same stores. */
export interface AddAccountOptions extends Omit<AccountOptions, 'seed'> {
  /**
   * Derives a distinct email (`demo-<index>@example.com`) and distinct PDL ids from an integer
   * from 1 to 99999, for accounts that must not collide (one per test worker, say).
   */
  index?: number
}
