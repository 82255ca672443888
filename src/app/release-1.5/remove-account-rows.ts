import type pg from 'pg'
import type { RemovedRows } from '../app-contract.ts'
import { releaseGlobalEnedisToken } from './write-account-rows.ts'

/**
 * Removes a user, its PDLs and its Enedis tokens, in the order the app's foreign keys require;
 * the shared rows (roles, the global token) stay, the global token made valid again when the
 * user's `enedis-unavailable` had left it expired. Its pending email verification goes with the
 * user (`ON DELETE CASCADE`). `undefined` when there is no such user, or no
 * schema at all.
 */
export async function removeAccountRows(
  client: pg.Client,
  email: string,
): Promise<RemovedRows | undefined> {
  const table = await client.query("SELECT to_regclass('users') IS NOT NULL AS present")
  if (!table.rows[0]?.present) return undefined
  const user = await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])
  const userId = user.rows[0]?.id
  if (!userId) return undefined
  const pdls = await client.query<{ usage_point_id: string }>(
    'DELETE FROM pdls WHERE user_id = $1 RETURNING usage_point_id',
    [userId],
  )
  await client.query('DELETE FROM tokens WHERE user_id = $1', [userId])
  await client.query('DELETE FROM users WHERE id = $1', [userId])
  await releaseGlobalEnedisToken(client, userId)
  return { userId, usagePointIds: pdls.rows.map((row) => row.usage_point_id) }
}
