import type { AppContract, AppMode } from './app-contract.ts'
import { release10, release140 } from './release-1.0/index.ts'
import { release15 } from './release-1.5/index.ts'
import {
  appMigratesVariant,
  release19Client,
  release19Server,
  release121Client,
  release121Server,
} from './release-1.9/index.ts'

/** The release the library seeds for when none is named. */
export const DEFAULT_APP_VERSION = '1.5.0'

/**
 * Which schema a 1.9+ server-mode family creates in an empty database: `'head'`, the schema at the
 * release's own head, stamped with it (the app's migrations have nothing to do); or
 * `'app-migrates'`, 1.5.0's schema stamped `007`, which the backend's start-up migrates. Releases
 * before 1.9.0 create their own head either way.
 */
export type SchemaChoice = 'head' | 'app-migrates'

/** What picks a family besides the release. */
export interface FamilyChoice {
  readonly mode?: AppMode
  readonly schema?: SchemaChoice
}

/** Every family of releases this library can seed for, oldest first. A new family is added here. */
const FAMILIES: readonly AppContract[] = [
  release10,
  release140,
  release15,
  release19Server,
  release19Client,
  release121Server,
  release121Client,
]

const APP_MIGRATES = new Map(
  [release19Server, release121Server].map((family) => [family, appMigratesVariant(family)]),
)

/** The releases of every family, oldest first, each once, for messages and validation. */
export const KNOWN_RELEASES: readonly string[] = [
  ...new Set(FAMILIES.flatMap((family) => family.releases)),
]

/**
 * The contract of the family a release belongs to in a mode (`'server'` by default);
 * `undefined` for a release none covers in that mode (client mode before 1.9.1, an unknown
 * release, `'app-migrates'` in client mode).
 */
export function appContractFor(
  version: string = DEFAULT_APP_VERSION,
  { mode = 'server', schema = 'head' }: FamilyChoice = {},
): AppContract | undefined {
  const family = FAMILIES.find((f) => f.mode === mode && f.releases.includes(version))
  if (!family || schema === 'head') return family
  if (mode === 'client') return undefined
  return APP_MIGRATES.get(family) ?? family
}

/**
 * The family of a database the app (or this library) already migrated, from its
 * `alembic_version`: the newest family in the mode whose schema has that head (`007` is both
 * 1.4.0 and 1.4.1-1.8.0, which the database cannot tell apart: the newer, cookie, family);
 * `undefined` for a head no family has.
 */
export function appContractForHead(
  head: string,
  mode: AppMode = 'server',
): AppContract | undefined {
  return FAMILIES.filter((f) => f.mode === mode && f.alembicHead === head).at(-1)
}

/** The contract of the default release. */
export const defaultAppContract = release15

/**
 * The contract of an environment's settings, whose release was checked when they were made (by
 * the options, or when a description was read); `'auto'` must have been settled first.
 */
export function appContractOf(settings: {
  readonly appVersion: string
  readonly appMode: AppMode
  readonly appSchema: SchemaChoice
}): AppContract {
  const contract = appContractFor(settings.appVersion, {
    mode: settings.appMode,
    schema: settings.appSchema,
  })
  if (!contract) {
    throw new TypeError(
      `no app contract for ${settings.appVersion} (${settings.appMode}, ${settings.appSchema})`,
    )
  }
  return contract
}
