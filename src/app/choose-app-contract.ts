import type { AppContract, AppMode } from './app-contract.ts'
import { appContractFor, KNOWN_RELEASES, type SchemaChoice } from './releases.ts'

/** The first release whose client mode this library seeds (1.9.0's cannot serve local data). */
export const FIRST_CLIENT_RELEASE = '1.9.1'

/** A contract, or what is wrong with the choice, in the words of the options. */
export type ContractChoice =
  | { readonly contract: AppContract; readonly problem?: undefined }
  | { readonly contract?: undefined; readonly problem: string }

/**
 * The contract for `appVersion`, `appMode` and `schema`, or the problem with them: an unknown
 * release, client mode before 1.9.1, `'app-migrates'` in client mode (the client tables must
 * exist before the backend starts).
 */
export function chooseAppContract(
  version: string,
  mode: AppMode = 'server',
  schema: SchemaChoice = 'head',
): ContractChoice {
  if (!KNOWN_RELEASES.includes(version)) {
    return {
      problem: `\`appVersion\` must be a release of MyElectricalData from ${KNOWN_RELEASES[0]} to ${KNOWN_RELEASES.at(-1)} (or 'auto'), got ${JSON.stringify(version)}`,
    }
  }
  const contract = appContractFor(version, { mode, schema })
  if (contract) return { contract }
  if (mode === 'client' && appContractFor(version, { mode })) {
    return {
      problem:
        "`appSchema: 'app-migrates'` is for server mode: client mode reads its tables before the backend could migrate, so leave `appSchema` out (the head schema is created)",
    }
  }
  return {
    problem: `\`appMode: 'client'\` needs \`appVersion\` ${FIRST_CLIENT_RELEASE} or later, got ${version}: ${
      version === '1.9.0'
        ? "1.9.0's client mode cannot read its own local tables (fixed in 1.9.1)"
        : 'releases before 1.9.0 have no client mode'
    }. Use \`appMode: 'server'\`, or a later release`,
  }
}
