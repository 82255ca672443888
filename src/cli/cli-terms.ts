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
  'allowRemote: true': '--allow-remote',
  appVersion: '--app-version',
  "appVersion: 'auto'": '--app-version auto',
  appMode: '--app-mode',
  "appMode: 'client'": '--app-mode client',
  "appMode: 'server'": '--app-mode server',
  appSchema: '--app-schema',
  "appSchema: 'app-migrates'": '--app-schema app-migrates',
  engine: '--engine',
  "engine: 'local'": '--engine local',
  "engine: 'container'": '--engine container',
  // No flags for these: the CLI takes them from the environment.
  'postgres.image': ENV.postgresImage,
  'redis.image': ENV.redisImage,
}

/** `pdls[0].profile` and the like: the CLI's `preview --profiles` list. */
const PDL_PROFILE = /^pdls\[\d+\]\.profile$/

/** A library message in the CLI's terms: flags for options, no "(CLI: …)" asides. */
export function inCliTerms(message: string): string {
  return message
    .replace(/`([^`]+)`/g, (quoted, name: string) => {
      if (PDL_PROFILE.test(name)) return '--profiles'
      return FLAG_OF_OPTION[name] ?? quoted
    })
    .replace(/ \(CLI: [^)]*\)/g, '')
    .replace(/^\[demo-account\] /, '')
}
