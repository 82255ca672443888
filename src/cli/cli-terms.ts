import { ENV } from '../internal/environment.ts'

/**
 * The library's messages name options as the API spells them, in backticks (`referenceDate`,
 * `postgres.url`, `allowRemote: true`). In the CLI the user typed flags, so messages are
 * rendered in those terms: one table, used for every error the CLI prints.
 */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  'postgres.url': '--database-url',
  'postgres: { url }': '--database-url',
  postgresUrl: '--database-url',
  'redis.url': '--redis-url',
  'redis: { url }': '--redis-url',
  redisUrl: '--redis-url',
  secretKey: '--secret-key',
  allowWeakSecretKey: '--allow-weak-secret-key',
  'allowWeakSecretKey: true': '--allow-weak-secret-key',
  seed: '--seed',
  referenceDate: '--reference-date',
  days: '--days',
  cacheTtlSeconds: '--ttl',
  email: '--email',
  password: '--password',
  allowRemote: '--allow-remote',
  debugMode: '--debug-mode',
  scenario: '--scenario',
  dailyLimits: '--daily-limit-with-cache and --daily-limit-no-cache',
  'dailyLimits.withCache': '--daily-limit-with-cache',
  'dailyLimits.noCache': '--daily-limit-no-cache',
  'allowRemote: true': '--allow-remote',
  appVersion: '--app-version',
  "appVersion: 'auto'": '--app-version auto',
  appMode: '--app-mode',
  "appMode: 'client'": '--app-mode client',
  "appMode: 'server'": '--app-mode server',
  appSchema: '--app-schema',
  "appSchema: 'app-migrates'": '--app-schema app-migrates',
  "appSchema: 'head'": '--app-schema head',
  // `med-demo seed --index N --pdl ID…` seeds the account `addAccount()` would.
  index: '--index',
  'addAccount({ index })': '--index N',
  pdls: '--pdl',
  reuse: '--reuse',
  engine: '--engine',
  "engine: 'local'": '--engine local',
  "engine: 'container'": '--engine container',
  // No flags for these: the CLI takes them from the environment.
  'postgres.image': ENV.postgresImage,
  'redis.image': ENV.redisImage,
  startupTimeoutMs: ENV.startupTimeout,
}

/** API prose that has no word-for-word CLI equivalent, replaced before the terms. */
const CLI_PHRASES: readonly (readonly [RegExp, string])[] = [
  // "the `postgres.image` option": the CLI has a variable, not an option.
  [/the `(postgres\.image|redis\.image)` option/g, '`$1`'],
  // The option and its variable: the CLI has the variable only.
  [new RegExp(`the \`startupTimeoutMs\` option or ${ENV.startupTimeout}`, 'g'), ENV.startupTimeout],
]

/** `pdls[0].profile` and the like: the CLI's `preview --profiles` list. */
const PDL_PROFILE = /^pdls\[\d+\]\.profile$/
/** `pdls[0].usagePointId` and the like: `seed --pdl`, given once per meter. */
const PDL_ID = /^pdls\[\d+\]\.usagePointId$/

/** A library message in the CLI's terms: flags for options, no "(CLI: …)" asides. */
export function inCliTerms(message: string): string {
  const phrased = CLI_PHRASES.reduce((text, [api, cli]) => text.replace(api, cli), message)
  return phrased
    .replace(/`([^`]+)`/g, (quoted, name: string) => {
      if (PDL_PROFILE.test(name)) return '--profiles'
      if (PDL_ID.test(name)) return '--pdl'
      return FLAG_OF_OPTION[name] ?? quoted
    })
    .replace(/ \(CLI: [^)]*\)/g, '')
    .replace(/^\[demo-account\] /, '')
}
