import {
  alembicStampSql,
  appTablesSql,
  type FamilySchema,
  REQUIRED_COLUMNS,
} from '../release-1.5/schema.ts'

/** The head of 1.9.0 to 1.20.0. */
export const HEAD_1_9 = 'a1b2c3d4e5f6'
/** The head of 1.21.0 and 1.22.0: a data-only migration (offer names) on top of 1.9's head. */
export const HEAD_1_21 = 'b2c3d4e5f6g7'

/**
 * What the migrations after 007 change in the tables of 1.5.0, written as the statements that
 * bring them there: `ed8dbde4cf0a` (json instead of jsonb, unique indexes of the `ix_` names in
 * place of inline UNIQUE constraints, `ix_ecowatt_id`, no `ix_contribution_messages_contribution_id`,
 * `offer_contributions.power_variants`) and `8bd437e7efe0` (`offer_contributions.valid_from`).
 * Run right after the tables are created, on empty tables, in the same transaction.
 */
const CHANGES_TO_1_5_TABLES = `
DROP INDEX ix_contribution_messages_contribution_id;
CREATE INDEX ix_ecowatt_id ON ecowatt (id);
ALTER TABLE ecowatt ALTER COLUMN "values" TYPE json;
ALTER TABLE energy_offers ALTER COLUMN hc_schedules TYPE json;
ALTER TABLE energy_providers ALTER COLUMN scraper_urls TYPE json;
ALTER TABLE pdls ALTER COLUMN offpeak_hours TYPE json;
ALTER TABLE offer_contributions
  ALTER COLUMN hc_schedules TYPE json,
  ALTER COLUMN pricing_data TYPE json,
  ALTER COLUMN pricing_data DROP NOT NULL,
  ADD COLUMN power_variants json,
  ADD COLUMN valid_from timestamptz;
${[
  ['email_verification_tokens', 'token'],
  ['password_reset_tokens', 'token'],
  ['pdls', 'usage_point_id'],
  ['permissions', 'name'],
  ['refresh_tracker', 'cache_type'],
  ['roles', 'name'],
  ['tempo_days', 'date'],
  ['users', 'email'],
  ['users', 'client_id'],
]
  .map(
    ([table, column]) =>
      `ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_key;
DROP INDEX ix_${table}_${column};
CREATE UNIQUE INDEX ix_${table}_${column} ON ${table} (${column});`,
  )
  .join('\n')}
`

const TIMESTAMPS = `
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`

/** The readings of one direction, as migration 008 creates them. */
function energyDataTable(table: 'consumption' | 'production'): string {
  return `
CREATE TABLE ${table}_data (
  id varchar(36) PRIMARY KEY,
  usage_point_id varchar(14) NOT NULL,
  date date NOT NULL,
  granularity datagranularity NOT NULL,
  interval_start varchar(5),
  value integer NOT NULL,
  source varchar(50) DEFAULT 'myelectricaldata',
  raw_data jsonb,${TIMESTAMPS},
  CONSTRAINT uq_${table}_data UNIQUE (usage_point_id, date, granularity, interval_start)
);
CREATE INDEX ix_${table}_usage_point_date ON ${table}_data (usage_point_id, date);
CREATE INDEX ix_${table}_granularity_date ON ${table}_data (granularity, date);`
}

/** The national series of `048bdc8487a5`: timestamps without time zone, and no defaults. */
function nationalSeriesTable(table: string, kindColumns: string, kindIndex: string): string {
  return `
CREATE TABLE ${table} (
  id serial PRIMARY KEY,
  ${kindColumns},
  start_date timestamp NOT NULL,
  end_date timestamp NOT NULL,
  value double precision NOT NULL,
  updated_date timestamp,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL
);
CREATE INDEX ix_${table}_id ON ${table} (id);
CREATE INDEX idx_${table}_start ON ${table} (start_date);
CREATE INDEX ${kindIndex};`
}

/** The tables migrations 008, `5f1308fff153` and `048bdc8487a5` add (1.9.0 and later). */
const TABLES_SINCE_1_9 = `
CREATE TYPE datagranularity AS ENUM ('daily', 'detailed');
CREATE TYPE syncstatustype AS ENUM ('pending', 'running', 'success', 'failed', 'partial');
CREATE TYPE exporttype AS ENUM ('home_assistant', 'mqtt', 'victoriametrics');
${energyDataTable('consumption')}
${energyDataTable('production')}
CREATE TABLE sync_status (
  id varchar(36) PRIMARY KEY,
  usage_point_id varchar(14) NOT NULL,
  data_type varchar(20) NOT NULL,
  granularity datagranularity NOT NULL,
  status syncstatustype DEFAULT 'pending',
  last_sync_at timestamptz,
  next_sync_at timestamptz,
  oldest_data_date date,
  newest_data_date date,
  total_records integer DEFAULT 0,
  records_synced_last_run integer DEFAULT 0,
  error_message text,
  error_count integer DEFAULT 0,
  last_error_at timestamptz,${TIMESTAMPS},
  CONSTRAINT uq_sync_status UNIQUE (usage_point_id, data_type, granularity)
);
CREATE INDEX ix_sync_status_usage_point_id ON sync_status (usage_point_id);
CREATE TABLE export_configs (
  id varchar(36) PRIMARY KEY,
  name varchar(100) NOT NULL,
  export_type exporttype NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  usage_point_ids jsonb,
  is_enabled boolean DEFAULT true,
  export_consumption boolean DEFAULT true,
  export_production boolean DEFAULT true,
  export_detailed boolean DEFAULT false,
  last_export_at timestamptz,
  last_export_status varchar(20),
  last_export_error text,
  export_count integer DEFAULT 0,${TIMESTAMPS},
  export_interval_minutes integer,
  next_export_at timestamptz
);
CREATE TABLE contract_data (
  id varchar(36) PRIMARY KEY,
  usage_point_id varchar(14) NOT NULL UNIQUE,
  subscribed_power integer,
  pricing_option varchar(50),
  offpeak_hours jsonb,
  segment varchar(50),
  reading_type varchar(50),
  address jsonb,
  raw_data jsonb,
  last_sync_at timestamptz,${TIMESTAMPS}
);
CREATE INDEX ix_contract_data_usage_point_id ON contract_data (usage_point_id);
CREATE TABLE address_data (
  id varchar(36) PRIMARY KEY,
  usage_point_id varchar(14) NOT NULL UNIQUE,
  street varchar(200),
  postal_code varchar(10),
  city varchar(100),
  country varchar(50),
  insee_code varchar(10),
  latitude double precision,
  longitude double precision,
  raw_data jsonb,
  last_sync_at timestamptz,${TIMESTAMPS}
);
CREATE INDEX ix_address_data_usage_point_id ON address_data (usage_point_id);
${nationalSeriesTable('consumption_france', 'type varchar(20) NOT NULL', 'idx_consumption_france_type_start ON consumption_france (type, start_date)')}
${nationalSeriesTable(
  'generation_forecast',
  'production_type varchar(50) NOT NULL,\n  forecast_type varchar(20) NOT NULL',
  'idx_generation_forecast_prod_type ON generation_forecast (production_type, forecast_type, start_date)',
)}
`

/** The columns client mode writes, on top of those of server mode. */
const CLIENT_MODE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  consumption_data: ['id', 'usage_point_id', 'date', 'granularity', 'interval_start', 'value'],
  production_data: ['id', 'usage_point_id', 'date', 'granularity', 'interval_start', 'value'],
  contract_data: ['id', 'usage_point_id', 'subscribed_power', 'pricing_option', 'offpeak_hours'],
  address_data: ['id', 'usage_point_id', 'street', 'postal_code', 'city', 'latitude', 'longitude'],
}

/**
 * The schema at the head of 1.9.0 and later, which their migrations make from an empty database
 * (24 tables): nothing is left for the app's `alembic upgrade head` to do. `a1b2c3d4e5f6` and
 * `b2c3d4e5f6g7` have the same tables; the stamp tells the app which head it is at.
 */
export function headSchema(
  head: string,
  releases: string,
  mode: 'server' | 'client',
): FamilySchema {
  return {
    alembicHead: head,
    sql:
      appTablesSql({ adminDataSharing: true }) +
      CHANGES_TO_1_5_TABLES +
      TABLES_SINCE_1_9 +
      alembicStampSql(head),
    requiredColumns:
      mode === 'client' ? { ...REQUIRED_COLUMNS, ...CLIENT_MODE_COLUMNS } : REQUIRED_COLUMNS,
    releases,
  }
}
