import { appContractFor, appContractOf } from '../app/releases.ts'
import type { SeededAccount } from '../demo-account.ts'
import { DemoAccountError } from '../errors.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import type { MeterSpec } from '../readings/types.ts'
import { dataWindow } from './data-window.ts'
import type { EnvironmentSettings, StoreUrls } from './environment.ts'
import { withoutReadings } from './lazy-readings.ts'
import { type MeterGaps, SCENARIOS, type Scenario } from './scenario.ts'

/**
 * The one description of a seeded environment that crosses a process boundary: from a Vitest
 * global setup to its workers, and from `med-demo up` to Playwright workers and to other languages
 * (`--json`, `--port`, `--state-file`). Plain JSON, versioned, and checked when read. Readings are
 * left out: they derive from the seed, the window and the meters, so the reader regenerates them,
 * byte for byte.
 */
export interface DemoEnvironmentDescriptor {
  readonly version: typeof DESCRIPTOR_VERSION
  readonly appVersion: string
  readonly appMode: EnvironmentSettings['appMode']
  readonly appSchema: EnvironmentSettings['appSchema']
  readonly stores: StoreUrls
  /** What a backend needs to run against the stores (derived; not read back). */
  readonly env: Readonly<Record<string, string>>
  readonly settings: {
    readonly seed: string
    readonly referenceDate: string
    readonly days: number
    readonly secretKey: string
    readonly bcryptRounds: number
    readonly cacheTtlSeconds: number
  }
  readonly account: DescribedAccount
}

/**
 * An account as JSON carries it: its rows (timestamps as ISO strings), its credentials, its
 * `scenarios` and `gaps` (days missing from each meter's cache), and its meters.
 */
export interface DescribedAccount extends Omit<SeededAccount, 'readings' | 'user' | 'pdls'> {
  readonly user: Readonly<Record<string, unknown>>
  readonly pdls: readonly Readonly<Record<string, unknown>>[]
  /** The meters the readings follow. */
  readonly meters: readonly MeterSpec[]
}

/** A seeded environment read back: its settings, stores, and the account with its readings. */
export interface DescribedEnvironment {
  readonly settings: EnvironmentSettings
  readonly stores: StoreUrls
  readonly account: SeededAccount
  /** The meters the account's readings follow. */
  readonly meters: readonly MeterSpec[]
}

export const DESCRIPTOR_VERSION = 1

/** Columns that hold timestamps: strings in JSON, `Date` in rows. */
const TIMESTAMP_COLUMNS = ['createdAt', 'updatedAt', 'adminDataSharingEnabledAt']

function jsonRow(row: object): Readonly<Record<string, unknown>> {
  const entries = Object.entries(row).map(([key, value]) => [
    key,
    value instanceof Date ? value.toISOString() : value,
  ])
  return Object.fromEntries(entries)
}

function revivedRow<T>(row: Readonly<Record<string, unknown>>): T {
  const revived: Record<string, unknown> = { ...row }
  for (const column of TIMESTAMP_COLUMNS) {
    const value = revived[column]
    if (typeof value === 'string') revived[column] = new Date(value)
  }
  return revived as T
}

/** The description of an environment and one of its accounts. */
export function describeEnvironment(
  settings: EnvironmentSettings,
  stores: StoreUrls,
  account: SeededAccount,
  meters: readonly MeterSpec[],
): DemoEnvironmentDescriptor {
  const app = appContractOf(settings)
  const { user, pdls, ...credentials } = withoutReadings(account)
  return {
    version: DESCRIPTOR_VERSION,
    appVersion: settings.appVersion,
    appMode: settings.appMode,
    appSchema: settings.appSchema,
    stores: { postgresUrl: stores.postgresUrl, redisUrl: stores.redisUrl },
    env: { ...app?.backendEnv(stores, settings.secretKey) },
    settings: {
      seed: settings.seed,
      referenceDate: settings.window.referenceDate,
      days: settings.window.days,
      secretKey: settings.secretKey,
      bcryptRounds: settings.bcryptRounds,
      cacheTtlSeconds: settings.cacheTtlSeconds,
    },
    account: {
      ...credentials,
      user: jsonRow(user),
      pdls: pdls.map(jsonRow),
      meters: meters.map((meter) => ({ ...meter, offpeakHours: [...meter.offpeakHours] })),
    },
  }
}

type Problems = string[]

function record(value: unknown, path: string, problems: Problems): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>
  }
  problems.push(`\`${path}\` is not an object`)
  return {}
}

function text(parent: Record<string, unknown>, key: string, path: string, problems: Problems) {
  const value = parent[key]
  if (typeof value !== 'string') problems.push(`\`${path}.${key}\` is not a string`)
  return String(value)
}

function whole(parent: Record<string, unknown>, key: string, path: string, problems: Problems) {
  const value = parent[key]
  if (!Number.isInteger(value)) problems.push(`\`${path}.${key}\` is not a whole number`)
  return Number(value)
}

/** One of `values`; the first when absent (a description written before the field existed). */
function oneOf<T extends string>(
  parent: Record<string, unknown>,
  key: string,
  values: readonly [T, ...T[]],
  problems: Problems,
): T {
  const value = parent[key]
  if (value === undefined) return values[0]
  if (values.includes(value as T)) return value as T
  problems.push(
    `\`${key}\` is ${JSON.stringify(value)}, not one of ${values.map((v) => `"${v}"`).join(', ')}`,
  )
  return values[0]
}

function list(value: unknown, path: string, problems: Problems): unknown[] {
  if (Array.isArray(value)) return value
  problems.push(`\`${path}\` is not a list`)
  return []
}

function readMeter(value: unknown, path: string, problems: Problems): MeterSpec {
  const meter = record(value, path, problems)
  for (const key of ['hasConsumption', 'hasProduction']) {
    if (typeof meter[key] !== 'boolean') problems.push(`\`${path}.${key}\` is not a boolean`)
  }
  return {
    usagePointId: text(meter, 'usagePointId', path, problems),
    profile: text(meter, 'profile', path, problems) as MeterSpec['profile'],
    subscribedPower: whole(meter, 'subscribedPower', path, problems),
    hasConsumption: meter.hasConsumption === true,
    hasProduction: meter.hasProduction === true,
    offpeakHours: list(meter.offpeakHours, `${path}.offpeakHours`, problems).map(String),
  }
}

/** The account's scenarios: names this library knows; none in a description written without them. */
function readScenarios(value: unknown, problems: Problems): Scenario[] {
  if (value === undefined) return []
  const names = list(value, 'account.scenarios', problems)
  const unknown = names.filter((name) => !SCENARIOS.includes(name as Scenario))
  if (unknown.length > 0) {
    problems.push(`\`account.scenarios\` has unknown scenarios ${JSON.stringify(unknown)}`)
  }
  return SCENARIOS.filter((name) => names.includes(name))
}

/** The days missing from each meter's cache (`gaps`); none in a description written without them. */
function readGaps(value: unknown, problems: Problems): MeterGaps[] {
  if (value === undefined) return []
  return list(value, 'account.gaps', problems).map((item, i) => {
    const path = `account.gaps[${i}]`
    const gap = record(item, path, problems)
    const days = list(gap.days, `${path}.days`, problems)
    if (days.some((day) => typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day))) {
      problems.push(`\`${path}.days\` holds something that is not a YYYY-MM-DD date`)
    }
    return { usagePointId: text(gap, 'usagePointId', path, problems), days: days.map(String) }
  })
}

/** The account's own fields of a description: what it carries but the rows, meters and readings. */
function credentialsOf(account: Record<string, unknown>, problems: Problems) {
  const { user: _user, pdls: _pdls, meters: _meters, ...credentials } = account
  if (account.emailVerificationToken !== undefined) {
    text(account, 'emailVerificationToken', 'account', problems)
  }
  return {
    ...(credentials as unknown as Omit<SeededAccount, 'readings' | 'user' | 'pdls'>),
    scenarios: readScenarios(account.scenarios, problems),
    gaps: readGaps(account.gaps, problems),
  }
}

/**
 * Reads a description back, checking its version and shape, and regenerates the account's
 * readings (unless `regenerate` is false: then `readings` is empty, for a caller that makes them
 * later). `source` names where it came from, for the error.
 */
export function readEnvironmentDescriptor(
  value: unknown,
  source: string,
  regenerate = true,
): DescribedEnvironment {
  const problems: Problems = []
  const root = record(value, 'description', problems)
  if (problems.length === 0 && root.version !== DESCRIPTOR_VERSION) {
    throw new DemoAccountError(
      'FIXTURE_MISCONFIGURED',
      `The demo environment in ${source} has version ${JSON.stringify(root.version)}, and this library reads version ${DESCRIPTOR_VERSION}: it was written by another version of @myelectricaldata/demo-account. Start the environment again with this one.`,
    )
  }
  const appVersion = text(root, 'appVersion', 'description', problems)
  const appMode = oneOf(root, 'appMode', ['server', 'client'] as const, problems)
  const appSchema = oneOf(root, 'appSchema', ['head', 'app-migrates'] as const, problems)
  const stores = record(root.stores, 'stores', problems)
  const settings = record(root.settings, 'settings', problems)
  const account = record(root.account, 'account', problems)
  const user = record(account.user, 'account.user', problems)
  text(user, 'id', 'account.user', problems)
  for (const key of ['email', 'password', 'jwt', 'clientId', 'clientSecret']) {
    text(account, key, 'account', problems)
  }
  const pdls = list(account.pdls, 'account.pdls', problems).map((pdl, i) =>
    record(pdl, `account.pdls[${i}]`, problems),
  )
  for (const [i, pdl] of pdls.entries()) text(pdl, 'usagePointId', `account.pdls[${i}]`, problems)
  const meters = list(account.meters, 'account.meters', problems).map((meter, i) =>
    readMeter(meter, `account.meters[${i}]`, problems),
  )
  const read = {
    seed: text(settings, 'seed', 'settings', problems),
    referenceDate: text(settings, 'referenceDate', 'settings', problems),
    days: whole(settings, 'days', 'settings', problems),
    secretKey: text(settings, 'secretKey', 'settings', problems),
    bcryptRounds: whole(settings, 'bcryptRounds', 'settings', problems),
    cacheTtlSeconds: whole(settings, 'cacheTtlSeconds', 'settings', problems),
    postgresUrl: text(stores, 'postgresUrl', 'stores', problems),
    redisUrl: text(stores, 'redisUrl', 'stores', problems),
  }
  const credentials = credentialsOf(account, problems)
  const app = appContractFor(appVersion, { mode: appMode, schema: appSchema })
  if (problems.length === 0 && !app) {
    problems.push(
      `\`appVersion\` "${appVersion}" (${appMode} mode) is not a release this library knows`,
    )
  }
  if (problems.length > 0) {
    throw new DemoAccountError(
      'FIXTURE_MISCONFIGURED',
      `The demo environment in ${source} is not one this library wrote: ${problems.join('; ')}. Start it again with \`med-demo up\` of this version.`,
      { problems },
    )
  }
  const window = dataWindow(read.referenceDate, read.days, app!.loadCurveFrom(read.referenceDate))
  const readings = regenerate
    ? generateReadings({
        seed: read.seed,
        firstDate: window.firstDate,
        lastDate: window.lastDate,
        loadCurveFrom: window.loadCurveFrom,
        meters,
      })
    : []
  const profiles = new Map(meters.map((meter) => [meter.usagePointId, meter.profile]))
  return {
    settings: {
      appVersion,
      appMode,
      appSchema,
      seed: read.seed,
      window,
      secretKey: read.secretKey,
      bcryptRounds: read.bcryptRounds,
      cacheTtlSeconds: read.cacheTtlSeconds,
    },
    stores: { postgresUrl: read.postgresUrl, redisUrl: read.redisUrl },
    account: {
      ...credentials,
      user: revivedRow(user),
      pdls: pdls.map((pdl) => ({
        ...revivedRow<SeededAccount['pdls'][number]>(pdl),
        profile: profiles.get(String(pdl.usagePointId)) ?? (pdl.profile as MeterSpec['profile']),
      })),
      readings,
    },
    meters,
  }
}
