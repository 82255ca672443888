import type { EnvironmentSettings } from '../model/environment.ts'
import type { ResolvedOptions } from '../options/resolve-options.ts'

/** The settings every account of an environment shares, from its resolved options. */
export function settingsOf(resolved: ResolvedOptions): EnvironmentSettings {
  return {
    appVersion: resolved.app.appVersion,
    appMode: resolved.app.appMode,
    appSchema: resolved.app.appSchema,
    seed: resolved.account.seed,
    window: resolved.window,
    secretKey: resolved.secretKey,
    bcryptRounds: resolved.bcryptRounds,
    cacheTtlSeconds: resolved.cacheTtlSeconds,
  }
}
