import { DemoAccountError } from '../../errors.ts'
import type { ServedDataReader, ServedQuery, ServedValue, StoreAccess } from '../app-contract.ts'

type Table = 'consumption_data' | 'production_data'

/**
 * Rows of a local data table as `services/local_data.py` formats them: daily rows by date, 30-minute
 * rows at `{date} {interval_start}:00`, in date and interval order. Both ends included.
 */
async function localRows(
  stores: StoreAccess,
  table: Table,
  granularity: 'daily' | 'detailed',
  query: ServedQuery,
): Promise<ServedValue[]> {
  const client = await stores.postgres()
  const { rows } = await client.query<ServedValue>(
    `SELECT CASE WHEN interval_start IS NULL THEN to_char(date, 'YYYY-MM-DD')
                 ELSE to_char(date, 'YYYY-MM-DD') || ' ' || interval_start || ':00' END AS date,
            value
       FROM ${table}
      WHERE usage_point_id = $1 AND granularity = $2::datagranularity AND date BETWEEN $3 AND $4
      ORDER BY date, interval_start`,
    [query.usagePointId, granularity, query.from, query.to],
  )
  return rows
}

/**
 * Reads the local tables client mode (1.9.1 and later) serves its data from: `consumption_data`
 * and `production_data`. Max power has no table there (the app always asks the gateway for it),
 * so asking for it is refused.
 */
export const servedTables: ServedDataReader = {
  daily: (stores, query) => localRows(stores, 'consumption_data', 'daily', query),
  loadCurve: (stores, query, direction) =>
    localRows(stores, `${direction}_data`, 'detailed', query),
  maxPower: async () => {
    throw new DemoAccountError(
      'INVALID_OPTION',
      "Max power is not stored in client mode (`appMode: 'client'`): the app always asks the gateway for it, so there is nothing to read back.",
    )
  },
  production: async (stores, query) => {
    const rows = await localRows(stores, 'production_data', 'daily', query)
    return rows.length > 0 ? rows : undefined
  },
}
