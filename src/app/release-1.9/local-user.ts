import type pg from 'pg'
import type { AccountIdentity } from '../../model/account.ts'
import { camelCaseRow, type UserRow } from '../../model/account-rows.ts'

/** The local user of client mode, as `services/client_auth.py` names it (1.9.0 to 1.22.0). */
export const LOCAL_USER_EMAIL = 'local@localhost'
export const LOCAL_USER_ID = 'local-client-user'

/**
 * The local user, as the app's `get_or_create_local_user` creates it when no row has its email:
 * no password, admin, verified. The app looks it up by email on every request, so a row that
 * already exists (made by the app, perhaps with another id) is kept as it is and used.
 */
export async function ensureLocalUser(
  client: pg.Client,
  identity: AccountIdentity,
): Promise<UserRow> {
  await client.query(
    `INSERT INTO users (id, email, hashed_password, client_id, client_secret, is_active, is_admin,
                        email_verified)
     VALUES ($1, $2, '', $3, $4, true, true, true)
     ON CONFLICT (email) DO NOTHING`,
    [LOCAL_USER_ID, LOCAL_USER_EMAIL, identity.clientId, identity.clientSecret],
  )
  const { rows } = await client.query('SELECT * FROM users WHERE email = $1', [LOCAL_USER_EMAIL])
  return camelCaseRow<UserRow>(rows[0])
}
