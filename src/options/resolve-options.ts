import { createHash } from 'node:crypto'
import {
  checkPassword,
  normaliseEmail,
  OFFPEAK_RANGE,
  PDL_NAME_MAX_LENGTH,
  USAGE_POINT_ID,
} from '../app/account-rules.ts'
import type { AppContract } from '../app/app-contract.ts'
import { throwIfInvalid } from '../errors.ts'
import { ENV, readEnv } from '../internal/environment.ts'
import type { DailyLimits, DataWindow, ResolvedAccount, ResolvedPdl } from '../model/account.ts'
import { dataWindow } from '../model/data-window.ts'
import { MIN_DAYS_FOR_GAPS, resolveScenarios } from '../model/scenario.ts'
import { parisDate, parseIsoDate } from '../readings/calendar.ts'
import type { PdlProfile } from '../readings/types.ts'
import type { EngineOption } from '../stores/choose-engine.ts'
import { DEFAULT_STARTUP_TIMEOUT_MS, readMillisecondsEnv } from '../stores/store-timeouts.ts'
import { type ResolvedAppRelease, resolveAppRelease } from './app-release-option.ts'
import {
  DEFAULT_BCRYPT_ROUNDS,
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_DAYS,
  DEFAULT_EMAIL,
  DEFAULT_OFFPEAK_HOURS,
  DEFAULT_PASSWORD,
  DEFAULT_SEED,
  defaultProfile,
  emailForIndex,
  MAX_ACCOUNT_INDEX,
  MAX_DAYS,
  PROFILE_DEFAULTS,
  usagePointIdFor,
} from './default-pdls.ts'
import type {
  AccountOptions,
  AddAccountOptions,
  DemoAccountOptions,
  PdlOptions,
  StoreOptions,
} from './demo-account-options.ts'
import { resolveSecretKey } from './secret-key-option.ts'
import { checkImage, checkStoreUrl } from './store-inputs.ts'

export const DEFAULT_POSTGRES_IMAGE = 'postgres:16-alpine'
export const DEFAULT_REDIS_IMAGE = 'redis:7-alpine'
/** The set of reused stores `reuse: true` means. */
export const DEFAULT_REUSE_NAME = 'default'

export interface ResolvedStore {
  readonly url: string | undefined
  readonly image: string
}

export interface ResolvedOptions {
  readonly app: ResolvedAppRelease
  readonly account: ResolvedAccount
  readonly window: DataWindow
  readonly secretKey: string
  readonly bcryptRounds: number
  readonly cacheTtlSeconds: number
  readonly allowRemote: boolean
  /** How long a started container may take to be ready. */
  readonly startupTimeoutMs: number
  readonly postgres: ResolvedStore
  readonly redis: ResolvedStore
  /** The set of containers kept and reused across runs (`reuse`, or `MED_DEMO_REUSE`), if any. */
  readonly reuse: string | undefined
  /** What starts the stores without a URL. */
  readonly engine: EngineOption
}

const PROFILES: readonly PdlProfile[] = ['main-home', 'solar-home', 'secondary-home']

/** The options each kind of input takes, for refusing unknown ones (and for the CLI's term table's test). */
export const OPTION_KEYS: Readonly<Record<string, readonly string[]>> = {
  demoAccount: [
    'seed',
    'referenceDate',
    'days',
    'email',
    'password',
    'secretKey',
    'allowWeakSecretKey',
    'bcryptRounds',
    'cacheTtlSeconds',
    'allowRemote',
    'startupTimeoutMs',
    'pdls',
    'debugMode',
    'postgres',
    'redis',
    'appVersion',
    'appMode',
    'appSchema',
    'scenario',
    'dailyLimits',
    'reuse',
    'engine',
  ],
  addAccount: ['email', 'password', 'pdls', 'debugMode', 'scenario', 'dailyLimits', 'index'],
  dailyLimits: ['withCache', 'noCache'],
  pdl: ['usagePointId', 'name', 'subscribedPower', 'profile', 'hasProduction', 'offpeakHours'],
  store: ['url', 'image'],
}

type Problems = string[]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkKeys(value: Record<string, unknown>, kind: string, path: string, problems: Problems) {
  const known = OPTION_KEYS[kind] ?? []
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      problems.push(
        `unknown option \`${path}${key}\`; known options are ${known.map((k) => `\`${k}\``).join(', ')}`,
      )
    }
  }
}

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function resolvePdl(
  input: unknown,
  position: number,
  accountIndex: number,
  problems: Problems,
): ResolvedPdl | undefined {
  const path = `pdls[${position}]`
  if (!isRecord(input)) {
    problems.push(`\`${path}\` must be an object`)
    return undefined
  }
  checkKeys(input, 'pdl', `${path}.`, problems)
  const options = input as PdlOptions
  const profile = options.profile ?? defaultProfile(position)
  if (!PROFILES.includes(profile)) {
    problems.push(
      `\`${path}.profile\` is "${String(profile)}"; use one of ${PROFILES.map((p) => `"${p}"`).join(', ')}`,
    )
    return undefined
  }
  const defaults = PROFILE_DEFAULTS[profile]
  const usagePointId = options.usagePointId ?? usagePointIdFor(accountIndex, position)
  if (typeof usagePointId !== 'string' || !USAGE_POINT_ID.test(usagePointId)) {
    problems.push(
      `\`${path}.usagePointId\` "${String(usagePointId)}" is not a PDL id: the app requires exactly 14 digits (^\\d{14}$)`,
    )
  }
  const name = options.name ?? defaults.name
  if (typeof name !== 'string' || name.length > PDL_NAME_MAX_LENGTH) {
    problems.push(
      `\`${path}.name\` must be a string of at most ${PDL_NAME_MAX_LENGTH} characters (\`pdls.name\`)`,
    )
  }
  const subscribedPower = options.subscribedPower ?? defaults.subscribedPower
  if (!integerIn(subscribedPower, 1, 36)) {
    problems.push(
      `\`${path}.subscribedPower\` must be a whole number of kVA from 1 to 36, got ${String(subscribedPower)}`,
    )
  }
  const hasProduction = options.hasProduction ?? defaults.hasProduction
  if (typeof hasProduction !== 'boolean')
    problems.push(`\`${path}.hasProduction\` must be a boolean`)
  const offpeakHours = options.offpeakHours ?? DEFAULT_OFFPEAK_HOURS
  if (
    !Array.isArray(offpeakHours) ||
    offpeakHours.some((r) => typeof r !== 'string' || !OFFPEAK_RANGE.test(r))
  ) {
    problems.push(
      `\`${path}.offpeakHours\` must be an array of "HH:MM-HH:MM" ranges, such as ["22:00-06:00"]`,
    )
  }
  return {
    usagePointId,
    name,
    subscribedPower,
    profile,
    hasConsumption: true,
    hasProduction,
    offpeakHours: [...offpeakHours],
    displayOrder: position + 1,
  }
}

function resolvePdls(value: unknown, accountIndex: number, problems: Problems): ResolvedPdl[] {
  const list = value ?? [{}, {}]
  if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
    problems.push('`pdls` must be an array of 1 to 100 PDL option objects')
    return []
  }
  const pdls = list.flatMap(
    (item, position) => resolvePdl(item, position, accountIndex, problems) ?? [],
  )
  const seen = new Set<string>()
  for (const pdl of pdls) {
    if (seen.has(pdl.usagePointId)) {
      problems.push(
        `usage point id ${pdl.usagePointId} is listed twice in \`pdls\`; each meter needs its own`,
      )
    }
    seen.add(pdl.usagePointId)
  }
  return pdls
}

function resolveSeed(seed: unknown, problems: Problems): string {
  if (seed === undefined) return DEFAULT_SEED
  if (typeof seed === 'number' && Number.isFinite(seed)) return String(seed)
  if (typeof seed === 'string' && seed.length > 0) return seed
  problems.push('`seed` must be a non-empty string or a finite number')
  return DEFAULT_SEED
}

function resolveAccount(
  options: AccountOptions,
  accountIndex: number,
  problems: Problems,
): ResolvedAccount {
  return {
    seed: resolveSeed(options.seed, problems),
    email: normaliseEmail(options.email ?? emailForIndex(accountIndex), problems),
    password: checkPassword(options.password ?? DEFAULT_PASSWORD, problems),
    pdls: resolvePdls(options.pdls, accountIndex, problems),
    debugMode: resolveDebugMode(options.debugMode, problems),
    scenarios: resolveScenarios(options.scenario, problems),
    ...resolveDailyLimits(options.dailyLimits, problems),
  }
}

function resolveDailyLimits(value: unknown, problems: Problems): { dailyLimits?: DailyLimits } {
  if (value === undefined) return {}
  if (!isRecord(value)) {
    problems.push('`dailyLimits` must be an object such as { withCache: 1000, noCache: 50 }')
    return {}
  }
  checkKeys(value, 'dailyLimits', 'dailyLimits.', problems)
  const limits: { withCache?: number; noCache?: number } = {}
  for (const key of ['withCache', 'noCache'] as const) {
    const limit = value[key]
    if (limit === undefined) continue
    if (integerIn(limit, 1, Number.MAX_SAFE_INTEGER)) limits[key] = limit
    else
      problems.push(
        `\`dailyLimits.${key}\` must be a whole number of requests, 1 or more, got ${String(limit)}`,
      )
  }
  return { dailyLimits: limits }
}

function resolveDebugMode(value: unknown, problems: Problems): boolean {
  if (value === undefined) return false
  if (typeof value === 'boolean') return value
  problems.push(`\`debugMode\` must be a boolean, got ${typeof value}`)
  return false
}

function resolveWindow(
  options: DemoAccountOptions,
  app: ResolvedAppRelease,
  problems: Problems,
): DataWindow {
  let referenceDate = options.referenceDate ?? parisDate(Date.now())
  if (typeof referenceDate !== 'string' || parseIsoDate(referenceDate) === undefined) {
    problems.push(
      `\`referenceDate\` "${String(options.referenceDate)}" is not a date; use YYYY-MM-DD, such as "2025-06-30"`,
    )
    referenceDate = parisDate(Date.now())
  }
  const today = parisDate(Date.now())
  if (referenceDate > today) {
    problems.push(
      `\`referenceDate\` "${referenceDate}" is after today (${today}, Europe/Paris): the app caps every end date to yesterday, so readings from today on would never be served; use today or an earlier date`,
    )
  }
  let days = options.days ?? DEFAULT_DAYS
  if (!integerIn(days, 1, MAX_DAYS)) {
    problems.push(
      `\`days\` must be a whole number from 1 to ${MAX_DAYS} (the app serves three years of daily data), got ${String(options.days)}`,
    )
    days = DEFAULT_DAYS
  }
  return dataWindow(referenceDate, days, app.contract.loadCurveFrom(referenceDate))
}

function resolveStore(
  value: unknown,
  name: 'postgres' | 'redis',
  problems: Problems,
): ResolvedStore {
  const variable =
    name === 'postgres'
      ? { url: ENV.databaseUrl, image: ENV.postgresImage }
      : { url: ENV.redisUrl, image: ENV.redisImage }
  const envUrl = readEnv(variable.url)
  const fallbackImage =
    readEnv(variable.image) ?? (name === 'postgres' ? DEFAULT_POSTGRES_IMAGE : DEFAULT_REDIS_IMAGE)
  const given = value ?? {}
  if (!isRecord(given)) {
    problems.push(`\`${name}\` must be an object such as { url } or { image }`)
    return { url: envUrl, image: fallbackImage }
  }
  checkKeys(given, 'store', `${name}.`, problems)
  const { url, image } = given as StoreOptions
  for (const [key, v] of [
    ['url', url],
    ['image', image],
  ] as const) {
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) {
      problems.push(`\`${name}.${key}\` must be a non-empty string`)
    } else if (v !== undefined) {
      checkStoreInput(key, v, name, `\`${name}.${key}\``, problems)
    }
  }
  // Values from the environment are checked too, and named by their variable.
  if (url === undefined && envUrl) checkStoreInput('url', envUrl, name, variable.url, problems)
  if (image === undefined) checkStoreInput('image', fallbackImage, name, variable.image, problems)
  return { url: url ?? envUrl, image: image ?? fallbackImage }
}

function checkStoreInput(
  key: 'url' | 'image',
  value: string,
  name: 'postgres' | 'redis',
  source: string,
  problems: Problems,
): void {
  if (key === 'url') checkStoreUrl(value, name, source, problems)
  else checkImage(value, source, problems)
}

/** Whether the family can write the scenarios asked for, in a window long enough for them. */
function checkScenariosFit(
  account: ResolvedAccount,
  window: DataWindow,
  app: AppContract,
  problems: Problems,
): void {
  const unsupported = account.scenarios.filter((name) => !app.supportedScenarios.includes(name))
  if (unsupported.length > 0) {
    problems.push(
      app.mode === 'client'
        ? `\`scenario\` is not available with \`appMode: 'client'\`: the app's client mode has no login, accounts or rate limits (asked for ${unsupported.map((s) => `'${s}'`).join(', ')})`
        : `\`scenario\` ${unsupported.map((s) => `'${s}'`).join(', ')} cannot be seeded for this release`,
    )
  }
  if (account.scenarios.includes('gaps') && account.email === DEFAULT_EMAIL) {
    problems.push(
      `\`scenario\` 'gaps' cannot be seeded for ${DEFAULT_EMAIL}: the app makes up the demo account's missing days itself and caches them, so its gaps would be gone after one request; give another \`email\``,
    )
  }
  if (account.scenarios.includes('gaps') && window.days < MIN_DAYS_FOR_GAPS) {
    problems.push(
      `\`scenario\` 'gaps' needs \`days\` of at least ${MIN_DAYS_FOR_GAPS} (a missing day is never the first or last of the window), got ${window.days}`,
    )
  }
}

/**
 * Checks every option and fills in the defaults. Throws one `INVALID_OPTION` DemoAccountError
 * listing every problem, before anything is started or written. `accountIndex` (internal, for
 * `med-demo seed --index`) makes the account the one `addAccount({ index })` would seed: its
 * email and PDL ids derive from the index, checked as `addAccount` checks it.
 */
export function resolveDemoAccountOptions(
  options: DemoAccountOptions = {},
  accountIndex?: number,
): ResolvedOptions {
  const problems: Problems = []
  if (!isRecord(options)) throwIfInvalid(['options must be an object'])
  checkKeys(options as Record<string, unknown>, 'demoAccount', '', problems)
  const app = resolveAppRelease(options, problems)
  if (accountIndex !== undefined && app.appMode === 'client') {
    problems.push(
      "`index` is not available with `appMode: 'client'`: the app's client mode has one local user (local@localhost), which holds every meter; give it its meters in `pdls` instead",
    )
  }
  const account = resolveAccount(
    options,
    accountIndex === undefined ? 0 : checkAccountIndex(accountIndex, problems),
    problems,
  )
  const window = resolveWindow(options, app, problems)
  checkScenariosFit(account, window, app.contract, problems)
  const secretKey = resolveSecretKey(
    options.secretKey,
    options.allowWeakSecretKey,
    problems,
    app.contract,
  )
  const bcryptRounds = options.bcryptRounds ?? DEFAULT_BCRYPT_ROUNDS
  if (!integerIn(bcryptRounds, 4, 31))
    problems.push(
      `\`bcryptRounds\` must be a whole number from 4 to 31, got ${String(bcryptRounds)}`,
    )
  const cacheTtlSeconds = options.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS
  if (!integerIn(cacheTtlSeconds, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(
      `\`cacheTtlSeconds\` must be a whole number of seconds, 0 for no expiry, got ${String(cacheTtlSeconds)}`,
    )
  }
  const allowRemote = options.allowRemote ?? false
  if (typeof allowRemote !== 'boolean') problems.push('`allowRemote` must be a boolean')
  const startupTimeoutMs =
    options.startupTimeoutMs ??
    readMillisecondsEnv(ENV.startupTimeout) ??
    DEFAULT_STARTUP_TIMEOUT_MS
  if (!integerIn(startupTimeoutMs, 1, Number.MAX_SAFE_INTEGER))
    problems.push(
      `\`startupTimeoutMs\` must be a whole number of milliseconds, got ${String(startupTimeoutMs)}`,
    )
  const postgres = resolveStore(options.postgres, 'postgres', problems)
  const redis = resolveStore(options.redis, 'redis', problems)
  const reuse = resolveReuse(options.reuse, problems)
  const engine = resolveEngine(options.engine, problems)
  throwIfInvalid(problems)
  return {
    app,
    account,
    window,
    secretKey,
    bcryptRounds,
    cacheTtlSeconds,
    allowRemote,
    startupTimeoutMs,
    postgres,
    redis,
    reuse,
    engine,
  }
}

/** Whether these options keep and reuse stores: `reuse` is set and a store is to be started (given URLs are used as they are). */
export function reusesStores(resolved: ResolvedOptions): boolean {
  return resolved.reuse !== undefined && !resolved.postgres.url && !resolved.redis.url
}

/** A name of a set of reused stores: letters, digits, `.`, `_` and `-`. */
const REUSE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/

/**
 * `reuse`, else `MED_DEMO_REUSE`: the name of the set of reused stores (`true` and `1` name the
 * default set), or `undefined` for none.
 */
function resolveReuse(value: unknown, problems: Problems): string | undefined {
  if (value === undefined) {
    const flag = readEnv(ENV.reuse)
    if (flag === undefined || /^(0|false)$/i.test(flag)) return undefined
    if (/^(1|true)$/i.test(flag)) return DEFAULT_REUSE_NAME
    if (REUSE_NAME.test(flag)) return flag
    problems.push(
      `${ENV.reuse} must be 1 or 0 (true or false), or the name of a set of reused stores (letters, digits, ".", "_", "-"), got "${flag}"`,
    )
    return undefined
  }
  if (value === false) return undefined
  if (value === true) return DEFAULT_REUSE_NAME
  if (typeof value === 'string' && REUSE_NAME.test(value)) return value
  problems.push(
    `\`reuse\` must be a boolean or the name of a set of reused stores (letters, digits, ".", "_", "-", at most 63), got ${JSON.stringify(value)}`,
  )
  return undefined
}

const ENGINES: readonly EngineOption[] = ['container', 'local', 'auto']

/** `engine`, else `MED_DEMO_ENGINE`, else `'auto'`; a message names where a wrong value came from. */
function resolveEngine(value: unknown, problems: Problems): EngineOption {
  const fromEnv = readEnv(ENV.engine)
  const engine = value ?? fromEnv ?? 'auto'
  if (ENGINES.includes(engine as EngineOption)) return engine as EngineOption
  const source = value === undefined ? ENV.engine : '`engine`'
  problems.push(
    `${source} must be one of ${ENGINES.map((e) => `'${e}'`).join(', ')}, got ${JSON.stringify(engine)}`,
  )
  return 'auto'
}

/** A stable account index for an email given without one, so its PDL ids differ from other accounts'. */
function indexFromEmail(email: string): number {
  const digest = createHash('sha256').update(email.toLowerCase()).digest()
  return 1 + (digest.readUInt32BE(0) % MAX_ACCOUNT_INDEX)
}

/** A further account's index, 1 to 99999 (0 is the demo account); 1 stands in for a wrong one. */
function checkAccountIndex(index: unknown, problems: Problems): number {
  if (integerIn(index, 1, MAX_ACCOUNT_INDEX)) return index
  problems.push(
    `\`index\` must be a whole number from 1 to ${MAX_ACCOUNT_INDEX} (0 is the demo account), got ${String(index)}`,
  )
  return 1
}

/** Checks an email as the app's login would accept it and lower-cases its domain. */
export function resolveEmail(email: unknown): string {
  const problems: Problems = []
  const normalised = normaliseEmail(email, problems)
  throwIfInvalid(problems)
  return normalised
}

/**
 * Checks the options of a further account; `seed` is the first account's, and `into` the
 * environment's window and release, which its scenarios must fit.
 */
export function resolveAddAccountOptions(
  options: AddAccountOptions,
  seed: string,
  into?: { readonly window: DataWindow; readonly app: AppContract },
): ResolvedAccount {
  const problems: Problems = []
  if (!isRecord(options)) throwIfInvalid(['options must be an object'], 'addAccount() options')
  checkKeys(options as Record<string, unknown>, 'addAccount', '', problems)
  if (options.index === undefined && options.email === undefined) {
    problems.push(
      'give `index` (a distinct email and PDL ids derive from it) or `email`, so that the new account does not collide with the first one',
    )
  }
  const index = checkAccountIndex(
    options.index ?? (typeof options.email === 'string' ? indexFromEmail(options.email) : 1),
    problems,
  )
  const account = resolveAccount({ ...options, seed }, index, problems)
  if (into) checkScenariosFit(account, into.window, into.app, problems)
  throwIfInvalid(problems, 'addAccount() options')
  return account
}
