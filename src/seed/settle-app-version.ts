import { familyOfDatabase } from '../app/database-family.ts'
import type { EnvironmentSettings } from '../model/environment.ts'
import { AUTO_APP_VERSION, AUTO_EMPTY_DATABASE_VERSION } from '../options/app-release-option.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'

/**
 * The settings with `appVersion: 'auto'` replaced by a release: the newest release of the family
 * the database's `alembic_version` names, or for an empty database (`postgresUrl` undefined, or
 * no stamp) the default of the mode. Other settings are returned as they are, without reading.
 */
export async function settleAppVersion(
  settings: EnvironmentSettings,
  postgresUrl: (() => Promise<string>) | undefined,
): Promise<EnvironmentSettings> {
  if (settings.appVersion !== AUTO_APP_VERSION) return settings
  let family: Awaited<ReturnType<typeof familyOfDatabase>>
  if (postgresUrl) {
    const client = await connectPostgres(await postgresUrl())
    try {
      family = await familyOfDatabase(client, settings.appMode)
    } finally {
      await closePostgres(client)
    }
  }
  const appVersion = family?.releases.at(-1) ?? AUTO_EMPTY_DATABASE_VERSION[settings.appMode]
  return { ...settings, appVersion }
}
