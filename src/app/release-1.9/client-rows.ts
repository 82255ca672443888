import type pg from 'pg'
import type { AccountPlan } from '../../model/account.ts'
import type { PdlRow } from '../../model/account-rows.ts'
import type { PdlReadings } from '../../readings/types.ts'
import type { RemovedRows, WrittenRows } from '../app-contract.ts'
import { removeAccountRows } from '../release-1.5/remove-account-rows.ts'
import type { FamilySchema } from '../release-1.5/schema.ts'
import { ensureDefaultRoles, ensureSchema, upsertPdls } from '../release-1.5/write-account-rows.ts'
import { dailyRows, detailedRows, type EnergyRows } from './energy-rows.ts'
import { ensureLocalUser, LOCAL_USER_EMAIL } from './local-user.ts'
import { demoAddress, enedisOffpeakHours } from './meter-details.ts'

/** The tables client mode keeps a meter's data in, by `usage_point_id`. */
const LOCAL_DATA_TABLES = [
  'consumption_data',
  'production_data',
  'contract_data',
  'address_data',
  'sync_status',
] as const

/**
 * Removes the meters' rows from every local data table. Daily rows have `interval_start` NULL,
 * which the unique constraint treats as distinct, so they could never be upserted: re-seeding
 * deletes and inserts.
 */
async function deleteLocalData(client: pg.Client, usagePointIds: readonly string[]) {
  for (const table of LOCAL_DATA_TABLES) {
    await client.query(`DELETE FROM ${table} WHERE usage_point_id = ANY($1)`, [usagePointIds])
  }
}

async function insertEnergyRows(
  client: pg.Client,
  table: 'consumption_data' | 'production_data',
  usagePointId: string,
  granularity: 'daily' | 'detailed',
  rows: EnergyRows,
) {
  // Ids derived from the natural key, so that seeding again gives the same rows.
  await client.query(
    `INSERT INTO ${table} (id, usage_point_id, date, granularity, interval_start, value)
     SELECT md5($1 || d::text || $2 || coalesce(s, ''))::uuid::text, $1, d, $2::datagranularity, s, v
     FROM unnest($3::date[], $4::varchar[], $5::integer[]) AS r (d, s, v)`,
    [usagePointId, granularity, rows.dates, rows.intervalStarts, rows.values],
  )
}

async function insertReadings(client: pg.Client, meter: PdlReadings) {
  const pdl = meter.usagePointId
  for (const [table, readings] of [
    ['consumption_data', meter.consumption],
    ['production_data', meter.production],
  ] as const) {
    if (!readings) continue
    await insertEnergyRows(client, table, pdl, 'daily', dailyRows(readings.daily))
    await insertEnergyRows(client, table, pdl, 'detailed', detailedRows(readings.loadCurve))
  }
}

/** The contract and address the client-mode routes serve from Postgres (`services/local_data.py`). */
async function insertMeterDetails(client: pg.Client, plan: AccountPlan, pdl: PdlRow) {
  const meter = plan.account.pdls.find((spec) => spec.usagePointId === pdl.usagePointId)!
  await client.query(
    `INSERT INTO contract_data (id, usage_point_id, subscribed_power, pricing_option, offpeak_hours)
     VALUES (md5('contract' || $1)::uuid::text, $1, $2, $3, $4)`,
    [
      pdl.usagePointId,
      meter.subscribedPower,
      pdl.pricingOption,
      JSON.stringify(enedisOffpeakHours(meter.offpeakHours)),
    ],
  )
  const address = demoAddress(meter.displayOrder)
  await client.query(
    `INSERT INTO address_data (id, usage_point_id, street, postal_code, city, country, insee_code,
                               latitude, longitude)
     VALUES (md5('address' || $1)::uuid::text, $1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      pdl.usagePointId,
      address.street,
      address.postalCode,
      address.city,
      address.country,
      address.inseeCode,
      address.latitude,
      address.longitude,
    ],
  )
}

/**
 * The writer of a client-mode family: in the caller's transaction, the head schema and the app's
 * start-up roles when absent, the local user, its meters (`is_active`, else every data route
 * answers `ACCESS_DENIED`), and their data: daily and 30-minute readings, contract and address.
 * The meters' earlier data rows, and those of meters it no longer has, are deleted first.
 */
export function clientAccountRowsWriter(schema: FamilySchema) {
  return async (client: pg.Client, plan: AccountPlan): Promise<WrittenRows> => {
    await ensureSchema(client, schema)
    await ensureDefaultRoles(client)
    const rows = await upsertPdls(client, plan, await ensureLocalUser(client, plan.identity))
    await deleteLocalData(client, [
      ...rows.pdls.map((pdl) => pdl.usagePointId),
      ...rows.removedUsagePointIds,
    ])
    for (const meter of plan.readings) await insertReadings(client, meter)
    for (const pdl of rows.pdls) await insertMeterDetails(client, plan, pdl)
    return rows
  }
}

/** Removes the local user, its meters and their local data; the app recreates the user when it next runs. */
export async function removeClientAccountRows(client: pg.Client): Promise<RemovedRows | undefined> {
  const removed = await removeAccountRows(client, LOCAL_USER_EMAIL)
  if (!removed) return undefined
  const { rows } = await client.query(
    "SELECT to_regclass('consumption_data') IS NOT NULL AS present",
  )
  if (rows[0]?.present) await deleteLocalData(client, removed.usagePointIds)
  return removed
}
