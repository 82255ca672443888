import type { AppContract } from './app-contract.ts'
import { release15 } from './release-1.5/index.ts'

/** The release the library seeds for when none is named. */
export const DEFAULT_APP_VERSION = '1.5.0'

/** Every family of releases this library can seed for, oldest first. */
const FAMILIES: readonly AppContract[] = [release15]

/** The releases of every family, for messages and validation. */
export const KNOWN_RELEASES: readonly string[] = FAMILIES.flatMap((family) => family.releases)

/** The contract of the family a release belongs to; `undefined` for a release none covers. */
export function appContractFor(version: string = DEFAULT_APP_VERSION): AppContract | undefined {
  return FAMILIES.find((family) => family.releases.includes(version))
}

/** The contract of the default release. */
export const defaultAppContract: AppContract = appContractFor()!
