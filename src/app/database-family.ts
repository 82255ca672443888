import type pg from 'pg'
import { DemoAccountError } from '../errors.ts'
import type { AppContract, AppMode } from './app-contract.ts'
import { appContractForHead } from './releases.ts'

/** The `alembic_version` of a database; `undefined` when it has none (an empty database). */
export async function alembicHeadOf(client: pg.Client): Promise<string | undefined> {
  const { rows } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('alembic_version') IS NOT NULL AS present",
  )
  if (!rows[0]?.present) return undefined
  const stamp = await client.query<{ version_num: string }>(
    'SELECT version_num FROM alembic_version LIMIT 1',
  )
  return stamp.rows[0]?.version_num
}

/**
 * The family of an existing database, for `appVersion: 'auto'`: from its `alembic_version`
 * (the mode is not recorded in the database, so it is the caller's); `undefined` for a database
 * with no stamp yet. A head this library has no family for is a `SCHEMA_MISMATCH`.
 */
export async function familyOfDatabase(
  client: pg.Client,
  mode: AppMode,
): Promise<AppContract | undefined> {
  const head = await alembicHeadOf(client)
  if (head === undefined) return undefined
  const family = appContractForHead(head, mode)
  if (family) return family
  const known = appContractForHead(head, 'server')
  throw new DemoAccountError(
    'SCHEMA_MISMATCH',
    known
      ? `\`appVersion: 'auto'\` found alembic head ${head} (MyElectricalData ${known.releases[0]}-${known.releases.at(-1)}), which has no client mode. Use \`appMode: 'server'\`, or let a 1.9.1+ backend migrate the database first.`
      : `\`appVersion: 'auto'\` found alembic head ${JSON.stringify(head)}, which is no release from 1.0.0 to 1.22.0 this library knows (006, 007, a1b2c3d4e5f6, b2c3d4e5f6g7). Name the release with \`appVersion\`, or migrate the database to a known head.`,
  )
}
