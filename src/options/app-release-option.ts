import type { AppContract, AppMode } from '../app/app-contract.ts'
import { chooseAppContract } from '../app/choose-app-contract.ts'
import { appContractFor, DEFAULT_APP_VERSION, type SchemaChoice } from '../app/releases.ts'
import { ENV, readEnv } from '../internal/environment.ts'

/** `appVersion` as given: a release, or `'auto'`, read from an existing database. */
export const AUTO_APP_VERSION = 'auto'
/** What `'auto'` seeds for when the database is empty: the default release, or the newest in client mode. */
export const AUTO_EMPTY_DATABASE_VERSION: Readonly<Record<AppMode, string>> = {
  server: DEFAULT_APP_VERSION,
  client: '1.22.0',
}

/** The release the stores are seeded for, as decided from the options. */
export interface ResolvedAppRelease {
  /** A release, or `'auto'` until the database is read. */
  readonly appVersion: string
  readonly appMode: AppMode
  readonly appSchema: SchemaChoice
  /**
   * The contract, or for `'auto'` a contract of the mode that stands for every family of it
   * in the checks made before the stores are read (curve days, secret key words).
   */
  readonly contract: AppContract
}

function oneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  problems: string[],
): T {
  if (value === undefined) return allowed[0]!
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  problems.push(
    `\`${name}\` must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${JSON.stringify(value)}`,
  )
  return allowed[0]!
}

/**
 * `appVersion` (else `MED_DEMO_APP_VERSION`, else 1.5.0), `appMode` (`'server'`) and `appSchema`
 * (`'head'`), checked together: client mode needs 1.9.1 or later, `'app-migrates'` server mode.
 */
export function resolveAppRelease(
  options: { appVersion?: unknown; appMode?: unknown; appSchema?: unknown },
  problems: string[],
): ResolvedAppRelease {
  const appMode = oneOf<AppMode>(options.appMode, 'appMode', ['server', 'client'], problems)
  const appSchema = oneOf<SchemaChoice>(
    options.appSchema,
    'appSchema',
    ['head', 'app-migrates'],
    problems,
  )
  const given = options.appVersion ?? readEnv(ENV.appVersion) ?? DEFAULT_APP_VERSION
  const fallback = appContractFor(AUTO_EMPTY_DATABASE_VERSION[appMode], { mode: appMode })!
  if (given === AUTO_APP_VERSION) {
    if (appMode === 'client' && appSchema === 'app-migrates') {
      problems.push(chooseAppContract(fallback.releases.at(-1)!, appMode, appSchema).problem!)
    }
    return { appVersion: AUTO_APP_VERSION, appMode, appSchema, contract: fallback }
  }
  const choice = chooseAppContract(String(given), appMode, appSchema)
  if (choice.problem !== undefined) {
    problems.push(
      options.appVersion === undefined && readEnv(ENV.appVersion) !== undefined
        ? `${choice.problem} (from ${ENV.appVersion})`
        : choice.problem,
    )
    return { appVersion: DEFAULT_APP_VERSION, appMode: 'server', appSchema, contract: fallback }
  }
  return { appVersion: String(given), appMode, appSchema, contract: choice.contract }
}
