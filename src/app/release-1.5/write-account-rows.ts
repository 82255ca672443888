import type pg from 'pg'
import { DemoAccountError } from '../../errors.ts'
import type { AccountPlan } from '../../model/account.ts'
import { camelCaseRow, type PdlRow, type UserRow } from '../../model/account-rows.ts'
import { sqlState } from '../../postgres/sql-state.ts'
import { parisMidnightUtc } from '../../readings/calendar.ts'
import type { WrittenRows } from '../app-contract.ts'
import { DEFAULT_PERMISSIONS, DEFAULT_ROLES } from './default-roles.ts'
import { deriveEmailVerificationToken, derivePdlRowId, deriveUuid } from './identity.ts'
import type { FamilySchema } from './schema.ts'

/** The global Enedis token the app needs to serve the cache to any account but the demo one. */
const GLOBAL_TOKEN_USAGE_POINT = '__global__'
const GLOBAL_TOKEN_EXPIRY = '2099-12-31T23:59:59Z'
/** Roles and the global token are shared by every account, so their ids do not depend on a seed. */
const SHARED_IDS = 'myelectricaldata-shared'

async function assertColumns(client: pg.Client, schema: FamilySchema): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY($1)`,
    [Object.keys(schema.requiredColumns)],
  )
  const present = new Set(rows.map((row) => `${row.table_name}.${row.column_name}`))
  const missing = Object.entries(schema.requiredColumns).flatMap(([table, columns]) =>
    columns.map((column) => `${table}.${column}`).filter((name) => !present.has(name)),
  )
  if (missing.length > 0) {
    throw new DemoAccountError(
      'SCHEMA_MISMATCH',
      `The database already has a \`users\` table, but not the columns MyElectricalData ${schema.releases} reads: missing ${missing.join(', ')}. ` +
        `Point this library at an empty database, or at one the app (${schema.releases}) migrated to its head (\`alembic upgrade head\`).`,
    )
  }
}

/**
 * Creates the family's schema when it is absent (no `users` table); when the app's migrations or
 * an earlier seeding already created one, only checks the columns this library writes.
 */
export async function ensureSchema(client: pg.Client, schema: FamilySchema): Promise<void> {
  const { rows } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('users') IS NOT NULL AS present",
  )
  if (rows[0]?.present) {
    await assertColumns(client, schema)
    return
  }
  try {
    await client.query(schema.sql)
  } catch (error) {
    if (sqlState(error) === '42501') {
      throw new DemoAccountError(
        'STORE_PERMISSION_DENIED',
        "The database user may not create the app's tables (permission denied). Connect as the database owner, grant CREATE on the schema, or create the schema first with the app's own `alembic upgrade head`.",
        { cause: error },
      )
    }
    throw error
  }
}

/** The roles and permissions the app creates at start-up, when `permissions` is empty (as the app decides). */
export async function ensureDefaultRoles(client: pg.Client): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM permissions LIMIT 1')
  if (rowCount) return
  const permissionIds = new Map(
    DEFAULT_PERMISSIONS.map(([name]) => [name, deriveUuid(SHARED_IDS, `permission:${name}`)]),
  )
  await client.query(
    `INSERT INTO permissions (id, name, display_name, description, resource)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
     ON CONFLICT (name) DO NOTHING`,
    [
      DEFAULT_PERMISSIONS.map(([name]) => permissionIds.get(name)),
      DEFAULT_PERMISSIONS.map(([name]) => name),
      DEFAULT_PERMISSIONS.map(([, displayName]) => displayName),
      DEFAULT_PERMISSIONS.map(([, , description]) => description),
      DEFAULT_PERMISSIONS.map(([, , , resource]) => resource),
    ],
  )
  for (const role of DEFAULT_ROLES) {
    const roleId = deriveUuid(SHARED_IDS, `role:${role.name}`)
    await client.query(
      `INSERT INTO roles (id, name, display_name, description, is_system) VALUES ($1, $2, $3, $4, true)
       ON CONFLICT (name) DO NOTHING`,
      [roleId, role.name, role.displayName, role.description],
    )
    await client.query(
      `INSERT INTO role_permissions (role_id, permission_id)
       SELECT r.id, p.id FROM roles r JOIN permissions p ON p.name = ANY($2) WHERE r.name = $1
       ON CONFLICT DO NOTHING`,
      [role.name, [...role.permissions]],
    )
  }
}

/** Account rows are dated from the first day of data, so that seeding again changes nothing. */
function createdAt(plan: AccountPlan): string {
  return new Date(parisMidnightUtc(plan.window.firstDate)).toISOString()
}

/** The admin role's id, looked up by name as the app's `ADMIN_EMAILS` sync does (its ids are random). */
async function adminRoleId(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>("SELECT id FROM roles WHERE name = 'admin'")
  const id = rows[0]?.id
  if (!id) {
    throw new DemoAccountError(
      'SCHEMA_MISMATCH',
      "`scenario: 'admin'` needs the app's `admin` role, and the database's `roles` table has none though its permissions exist. " +
        'Seed a database the app created its roles in (its start-up does), or an empty one.',
    )
  }
  return id
}

/**
 * The user, in the states its scenarios ask for: `inactive` clears `is_active`, `unverified`
 * `email_verified`, and `admin` sets `is_admin` and the admin role, as the app's start-up
 * `ADMIN_EMAILS` sync does (without one, `role_id` is NULL: the app's "visitor").
 */
async function upsertUser(client: pg.Client, plan: AccountPlan): Promise<UserRow> {
  const { identity, account, passwordHash } = plan
  const admin = account.scenarios.includes('admin')
  const { rows } = await client.query(
    `INSERT INTO users (id, email, hashed_password, client_id, client_secret, is_active, is_admin,
                        email_verified, debug_mode, role_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $8, $9, $10, $7, $11, $6, $6)
     ON CONFLICT (email) DO UPDATE SET
       hashed_password = EXCLUDED.hashed_password, client_id = EXCLUDED.client_id,
       client_secret = EXCLUDED.client_secret, is_active = EXCLUDED.is_active,
       is_admin = EXCLUDED.is_admin, email_verified = EXCLUDED.email_verified,
       role_id = EXCLUDED.role_id, debug_mode = EXCLUDED.debug_mode,
       updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [
      identity.userId,
      account.email,
      passwordHash,
      identity.clientId,
      identity.clientSecret,
      createdAt(plan),
      account.debugMode,
      !account.scenarios.includes('inactive'),
      admin,
      !account.scenarios.includes('unverified'),
      admin ? await adminRoleId(client) : null,
    ],
  )
  return camelCaseRow<UserRow>(rows[0])
}

/**
 * The pending email verification the app leaves at sign-up for `unverified` (one row, valid 24
 * hours from now, which `GET /accounts/verify-email?token=…` consumes); none otherwise.
 */
async function writeEmailVerification(
  client: pg.Client,
  plan: AccountPlan,
  user: UserRow,
): Promise<string | undefined> {
  const unverified = plan.account.scenarios.includes('unverified')
  const { rows } = await client.query<{ present: boolean }>(
    "SELECT to_regclass('email_verification_tokens') IS NOT NULL AS present",
  )
  if (!rows[0]?.present) {
    if (!unverified) return undefined
    throw new DemoAccountError(
      'SCHEMA_MISMATCH',
      "`scenario: 'unverified'` writes the app's `email_verification_tokens` row, and this database has no such table. Seed an empty database, or one the app migrated to its head.",
    )
  }
  await client.query('DELETE FROM email_verification_tokens WHERE user_id = $1', [user.id])
  if (!unverified) return undefined
  const token = deriveEmailVerificationToken(plan.account.seed, plan.account.email)
  await client.query(
    `INSERT INTO email_verification_tokens (id, user_id, token, expires_at, created_at)
     VALUES ($1, $2, $3, now() + interval '24 hours', now())`,
    [
      deriveUuid(plan.account.seed, `email-verification\u001f${plan.account.email}`),
      user.id,
      token,
    ],
  )
  return token
}

async function upsertPdl(client: pg.Client, plan: AccountPlan, userId: string, index: number) {
  const pdl = plan.account.pdls[index]!
  const { rows } = await client.query(
    `INSERT INTO pdls (id, usage_point_id, user_id, name, display_order, subscribed_power,
                       offpeak_hours, pricing_option, has_consumption, has_production, is_active,
                       activation_date, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11, $12, $12)
     ON CONFLICT (usage_point_id) DO UPDATE SET
       name = EXCLUDED.name, display_order = EXCLUDED.display_order,
       subscribed_power = EXCLUDED.subscribed_power, offpeak_hours = EXCLUDED.offpeak_hours,
       pricing_option = EXCLUDED.pricing_option, has_consumption = EXCLUDED.has_consumption,
       has_production = EXCLUDED.has_production, is_active = true,
       activation_date = EXCLUDED.activation_date, updated_at = EXCLUDED.updated_at
     WHERE pdls.user_id = EXCLUDED.user_id
     RETURNING *`,
    [
      derivePdlRowId(plan.account.seed, pdl.usagePointId),
      pdl.usagePointId,
      userId,
      pdl.name,
      pdl.displayOrder,
      pdl.subscribedPower,
      // The shape `POST /pdl` writes, which the app's API and frontend both parse.
      JSON.stringify({ ranges: pdl.offpeakHours }),
      pdl.offpeakHours.length > 0 ? 'HC_HP' : 'BASE',
      pdl.hasConsumption,
      pdl.hasProduction,
      plan.window.firstDate,
      createdAt(plan),
    ],
  )
  if (rows[0]) return camelCaseRow<PdlRow>(rows[0])
  const owner = await client.query<{ email: string }>(
    'SELECT u.email FROM pdls p JOIN users u ON u.id = p.user_id WHERE p.usage_point_id = $1',
    [pdl.usagePointId],
  )
  throw pdlConflict(pdl.usagePointId, owner.rows[0]?.email)
}

/** A meter another user of the stores owns: usage point ids are unique across all users. */
export function pdlConflict(usagePointId: string, owner: string | undefined): DemoAccountError {
  return new DemoAccountError(
    'PDL_CONFLICT',
    `PDL ${usagePointId} already belongs to ${owner ?? 'another user'}; usage point ids are unique across all users. ` +
      'Give this account other ids in `pdls`, or use `addAccount({ index })`, which derives distinct ones.',
  )
}

/** Inserts or updates the user's PDLs, and removes PDLs of the user that are not in the plan. */
export async function upsertPdls(
  client: pg.Client,
  plan: AccountPlan,
  user: UserRow,
): Promise<WrittenRows> {
  const pdls: PdlRow[] = []
  for (let index = 0; index < plan.account.pdls.length; index++) {
    pdls.push(await upsertPdl(client, plan, user.id, index))
  }
  const removed = await client.query<{ usage_point_id: string }>(
    'DELETE FROM pdls WHERE user_id = $1 AND NOT (usage_point_id = ANY($2)) RETURNING usage_point_id',
    [user.id, pdls.map((pdl) => pdl.usagePointId)],
  )
  return { user, pdls, removedUsagePointIds: removed.rows.map((row) => row.usage_point_id) }
}

/**
 * The global token's row while an account's `enedis-unavailable` holds it expired: its id names
 * the account, its access token (which the app never sends once the token has expired: it asks
 * Enedis for a new one) says it is this library's.
 */
const EXPIRED_TOKEN = 'med-demo-expired-token'
function unavailableTokenId(userId: string): string {
  return deriveUuid(SHARED_IDS, `global-enedis-token-expired\u001f${userId}`)
}

/** Makes the global token valid: the existing row gets a far-future expiry, or one is inserted. */
async function validateGlobalToken(client: pg.Client, existingId: string | undefined) {
  if (existingId) {
    await client.query(
      "UPDATE tokens SET expires_at = $2, access_token = 'med-demo-offline-token', updated_at = now() WHERE id = $1",
      [existingId, GLOBAL_TOKEN_EXPIRY],
    )
    return
  }
  await client.query(
    `INSERT INTO tokens (id, user_id, usage_point_id, access_token, token_type, expires_at)
     VALUES ($1, NULL, $2, 'med-demo-offline-token', 'Bearer', $3)`,
    [deriveUuid(SHARED_IDS, 'global-enedis-token'), GLOBAL_TOKEN_USAGE_POINT, GLOBAL_TOKEN_EXPIRY],
  )
}

/**
 * The global client-credentials token (`user_id` NULL, usage point `__global__`), which the app
 * needs before it serves the cache to any account but the demo one.
 *
 * With `enedis-unavailable` it is left expired (since the start of the first seeded day), as the
 * app leaves it when it cannot reach Enedis to renew it: one row, whose id names the account that
 * asked, so that removing that account or seeding it again without the scenario makes the token
 * valid again. The token is shared by every account of the stores: other accounts' seeds leave
 * such a row alone; without one they make sure a valid token exists.
 */
async function writeGlobalEnedisToken(
  client: pg.Client,
  plan: AccountPlan,
  user: UserRow,
): Promise<void> {
  const mine = unavailableTokenId(user.id)
  if (plan.account.scenarios.includes('enedis-unavailable')) {
    await client.query(
      'DELETE FROM tokens WHERE user_id IS NULL AND usage_point_id = $1 AND id <> $2',
      [GLOBAL_TOKEN_USAGE_POINT, mine],
    )
    await client.query(
      `INSERT INTO tokens (id, user_id, usage_point_id, access_token, token_type, expires_at)
       VALUES ($1, NULL, $2, $3, 'Bearer', $4)
       ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [mine, GLOBAL_TOKEN_USAGE_POINT, EXPIRED_TOKEN, createdAt(plan)],
    )
    return
  }
  const { rows } = await client.query<{ id: string; valid: boolean; held: boolean }>(
    `SELECT id, expires_at > now() + interval '1 day' AS valid, access_token = $2 AS held
     FROM tokens WHERE user_id IS NULL AND usage_point_id = $1 ORDER BY expires_at DESC LIMIT 1`,
    [GLOBAL_TOKEN_USAGE_POINT, EXPIRED_TOKEN],
  )
  const existing = rows[0]
  if (existing?.valid) return
  if (existing?.held && existing.id !== mine) return
  await validateGlobalToken(client, existing?.id)
}

/**
 * After an account is removed: the global token its `enedis-unavailable` held expired is made
 * valid again (the other accounts of the stores get their data back).
 */
export async function releaseGlobalEnedisToken(client: pg.Client, userId: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM tokens WHERE id = $1', [
    unavailableTokenId(userId),
  ])
  if (rowCount) await validateGlobalToken(client, unavailableTokenId(userId))
}

/**
 * The writer of a server-mode family: in the caller's transaction, the family's schema and the
 * app's start-up roles when absent, the user in its scenarios' states, its PDLs (removing those it
 * no longer has), its pending email verification (`unverified`), and the global Enedis token.
 */
export function serverAccountRowsWriter(schema: FamilySchema) {
  return async (client: pg.Client, plan: AccountPlan): Promise<WrittenRows> => {
    await ensureSchema(client, schema)
    await ensureDefaultRoles(client)
    const user = await upsertUser(client, plan)
    const rows = await upsertPdls(client, plan, user)
    const emailVerificationToken = await writeEmailVerification(client, plan, user)
    await writeGlobalEnedisToken(client, plan, user)
    return emailVerificationToken ? { ...rows, emailVerificationToken } : rows
  }
}
