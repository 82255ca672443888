import type { ParseArgsConfig } from 'node:util'
import { ENV, readEnv } from '../internal/environment.ts'
import type { DemoAccountOptions } from '../options/demo-account-options.ts'
import { UsageError } from './cli-error.ts'

/** Flags shared by `up` and `seed`. */
export const ACCOUNT_FLAGS = {
  'database-url': { type: 'string' },
  'redis-url': { type: 'string' },
  'app-version': { type: 'string' },
  'app-mode': { type: 'string' },
  'app-schema': { type: 'string' },
  'secret-key': { type: 'string' },
  'allow-weak-secret-key': { type: 'boolean' },
  seed: { type: 'string' },
  'reference-date': { type: 'string' },
  days: { type: 'string' },
  ttl: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'debug-mode': { type: 'boolean' },
  scenario: { type: 'string', multiple: true },
  'daily-limit-with-cache': { type: 'string' },
  'daily-limit-no-cache': { type: 'string' },
  json: { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
  'env-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options']

export const ACCOUNT_FLAGS_HELP = `  --database-url URL      Postgres to seed (postgres://, postgresql:// or postgresql+asyncpg://)
  --redis-url URL         Redis to seed (redis://host:port/db)
  --app-version VERSION   the app's release, 1.0.0 to 1.22.0, or auto (read from the database's
                          alembic_version; default: MED_DEMO_APP_VERSION or 1.5.0)
  --app-mode MODE         server (default; the backend needs SERVER_MODE=true from 1.9.0) or client
                          (1.9.1+: the app's local user, data in Postgres, no login)
  --app-schema SCHEMA     1.9+ server mode: head (default) or app-migrates (1.5.0's schema, stamped 007,
                          that the backend's alembic upgrade head migrates)
  --secret-key KEY        the backend's SECRET_KEY, which signs the JWT (default: a new random key)
  --allow-weak-secret-key accept a key the app refuses at start unless DEBUG=true (one with
                          "test", "secret", "dev-", "changeme", "password" or "example")
  --seed SEED             everything random derives from it (default: demo)
  --reference-date DATE   readings end the day before it, YYYY-MM-DD, not after today (default: today, Paris)
  --days N                days of readings, 1 to 1096 (default: 1096, the window the app's frontend asks)
  --ttl SECONDS           cache TTL, 0 for none (default: 0, so that an environment left up keeps its data)
  --email EMAIL           (default: demo@myelectricaldata.fr, the app's read-only demo account)
  --password PASSWORD     (default: DemoPassword123!; another one is hidden unless --show-secrets)
  --allow-remote          seed stores on hosts that are not local
  --debug-mode            set the user's debug_mode (the backend then logs every cache hit into Redis, much slower)
  --scenario NAME         seed the account in a state of the app (repeat it, or a comma list): rate-limited,
                          near-rate-limit, unverified, inactive, admin, enedis-unavailable (store-wide), gaps
  --daily-limit-with-cache N, --daily-limit-no-cache N
                          the backend's USER_DAILY_LIMIT_WITH_CACHE / _NO_CACHE, which rate-limited and
                          near-rate-limit fill (default: the app's 1000 and 50)
  --json                  print one JSON object with everything, secrets included
  --env-file PATH         write DATABASE_URL, REDIS_URL, SECRET_KEY (and SERVER_MODE from 1.9.0) for a backend (mode 0600)
  --show-secrets          print the password, client secret, JWT and secret key in the summary
  -h, --help              this help`

type AccountFlagValues = {
  [K in keyof typeof ACCOUNT_FLAGS]?: (typeof ACCOUNT_FLAGS)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof ACCOUNT_FLAGS)[K] extends { multiple: true }
      ? string[]
      : string
}

/** A flag that takes a whole number, or `undefined` when it was not given. */
export function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} takes a whole number, got "${value}"`)
  return Number(value)
}

/**
 * The store flags a command over existing stores lacks: `--database-url` and `--redis-url`, each
 * unless given or set in its variable (MED_DEMO_DATABASE_URL, MED_DEMO_REDIS_URL).
 */
export function missingStoreFlags(values: {
  readonly 'database-url'?: string
  readonly 'redis-url'?: string
}): string[] {
  return [
    ...(values['database-url'] === undefined && readEnv(ENV.databaseUrl) === undefined
      ? ['--database-url']
      : []),
    ...(values['redis-url'] === undefined && readEnv(ENV.redisUrl) === undefined
      ? ['--redis-url']
      : []),
  ]
}

/**
 * The library options the flags ask for; the CLI's cache never expires unless --ttl says so.
 * Every flag given is passed on, empty or not, so that the library checks it (`--secret-key ''`
 * is refused, not replaced by a random key). URLs not given as flags are left to the library,
 * which reads them from MED_DEMO_DATABASE_URL / MED_DEMO_REDIS_URL and names those in errors.
 */
export function accountOptionsFromFlags(values: AccountFlagValues): DemoAccountOptions {
  const options: DemoAccountOptions = { cacheTtlSeconds: integer('ttl', values.ttl) ?? 0 }
  if (values['database-url'] !== undefined) options.postgres = { url: values['database-url'] }
  if (values['redis-url'] !== undefined) options.redis = { url: values['redis-url'] }
  if (values['app-version'] !== undefined) options.appVersion = values['app-version']
  if (values['app-mode'] !== undefined) {
    options.appMode = values['app-mode'] as DemoAccountOptions['appMode']
  }
  if (values['app-schema'] !== undefined) {
    options.appSchema = values['app-schema'] as DemoAccountOptions['appSchema']
  }
  if (values['secret-key'] !== undefined) options.secretKey = values['secret-key']
  if (values['allow-weak-secret-key']) options.allowWeakSecretKey = true
  if (values.seed !== undefined) options.seed = values.seed
  if (values['reference-date'] !== undefined) options.referenceDate = values['reference-date']
  const days = integer('days', values.days)
  if (days !== undefined) options.days = days
  if (values.email !== undefined) options.email = values.email
  if (values.password !== undefined) options.password = values.password
  if (values['allow-remote']) options.allowRemote = true
  if (values['debug-mode']) options.debugMode = true
  // `--scenario a --scenario b` and `--scenario a,b` alike; the library checks the names.
  if (values.scenario !== undefined) {
    options.scenario = values.scenario.flatMap((list) =>
      list.split(',').map((name) => name.trim()),
    ) as DemoAccountOptions['scenario'] & string[]
  }
  const withCache = integer('daily-limit-with-cache', values['daily-limit-with-cache'])
  const noCache = integer('daily-limit-no-cache', values['daily-limit-no-cache'])
  if (withCache !== undefined || noCache !== undefined) {
    options.dailyLimits = {
      ...(withCache !== undefined ? { withCache } : {}),
      ...(noCache !== undefined ? { noCache } : {}),
    }
  }
  return options
}
