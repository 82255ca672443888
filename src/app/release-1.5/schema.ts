/**
 * The Postgres schema of MyElectricalData 1.5.0 (and, with or without migration 007's columns, of
 * every family up to 1.8.0; later families start from it): what `alembic upgrade head` (migrations 001 to
 * 007) leaves, which the app's start-up `create_all` then finds complete. Column types, defaults,
 * constraint and index names follow the app; `pdls.offpeak_hours` is JSONB as migration 001
 * creates it. The `alembic_version` row `007` tells the app's own migrations that there is nothing
 * left to do: migrations 006 and 007 add columns without checking first and would fail otherwise.
 */
export const ALEMBIC_REVISION = '007'

/** The columns this library writes, which an existing schema must have. */
export const REQUIRED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  users: [
    'id',
    'email',
    'hashed_password',
    'client_id',
    'client_secret',
    'is_active',
    'is_admin',
    'email_verified',
    'debug_mode',
    'created_at',
    'updated_at',
  ],
  pdls: [
    'id',
    'usage_point_id',
    'user_id',
    'name',
    'display_order',
    'subscribed_power',
    'offpeak_hours',
    'pricing_option',
    'has_consumption',
    'has_production',
    'is_active',
    'activation_date',
    'created_at',
    'updated_at',
  ],
  tokens: ['id', 'user_id', 'usage_point_id', 'access_token', 'token_type', 'expires_at'],
  roles: ['id', 'name', 'display_name', 'description', 'is_system'],
  permissions: ['id', 'name', 'display_name', 'description', 'resource'],
  role_permissions: ['role_id', 'permission_id'],
}

const TIMESTAMPS = `
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`

/** The two columns migration 007 (first in 1.4.0) adds to `users`. */
const ADMIN_DATA_SHARING = `,
  admin_data_sharing boolean NOT NULL DEFAULT false,
  admin_data_sharing_enabled_at timestamptz`

/**
 * The tables and indexes of migrations 001 to 006, or to 007 with `adminDataSharing`, without the
 * `alembic_version` stamp: the base every later family's schema starts from.
 */
export function appTablesSql({ adminDataSharing }: { adminDataSharing: boolean }): string {
  return `
CREATE TABLE IF NOT EXISTS roles (
  id varchar(36) PRIMARY KEY,
  name varchar(50) NOT NULL UNIQUE,
  display_name varchar(100) NOT NULL,
  description varchar(255),
  is_system boolean NOT NULL DEFAULT false,${TIMESTAMPS}
);
CREATE TABLE IF NOT EXISTS permissions (
  id varchar(36) PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE,
  display_name varchar(100) NOT NULL,
  description varchar(255),
  resource varchar(50) NOT NULL,${TIMESTAMPS}
);
CREATE TABLE IF NOT EXISTS role_permissions (
  role_id varchar(36) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  permission_id varchar(36) NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
  PRIMARY KEY (role_id, permission_id)
);
CREATE TABLE IF NOT EXISTS users (
  id varchar(36) PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  hashed_password varchar(255) NOT NULL,
  client_id varchar(64) NOT NULL UNIQUE,
  client_secret varchar(128) NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  is_admin boolean NOT NULL DEFAULT false,
  email_verified boolean NOT NULL DEFAULT false,
  debug_mode boolean NOT NULL DEFAULT false,
  enedis_customer_id varchar(64),
  role_id varchar(36) REFERENCES roles (id),${TIMESTAMPS}${adminDataSharing ? ADMIN_DATA_SHARING : ''}
);
CREATE TABLE IF NOT EXISTS energy_providers (
  id varchar(36) PRIMARY KEY,
  name varchar(255) NOT NULL UNIQUE,
  logo_url varchar(512),
  website varchar(512),
  scraper_urls jsonb,
  is_active boolean NOT NULL DEFAULT true,${TIMESTAMPS}
);
CREATE TABLE IF NOT EXISTS energy_offers (
  id varchar(36) PRIMARY KEY,
  provider_id varchar(36) NOT NULL REFERENCES energy_providers (id) ON DELETE CASCADE,
  name varchar(255) NOT NULL,
  offer_type varchar(50) NOT NULL,
  description text,
  subscription_price numeric(10, 5) NOT NULL,
  base_price numeric(10, 5), hc_price numeric(10, 5), hp_price numeric(10, 5),
  base_price_weekend numeric(10, 5), hp_price_weekend numeric(10, 5), hc_price_weekend numeric(10, 5),
  tempo_blue_hc numeric(10, 5), tempo_blue_hp numeric(10, 5),
  tempo_white_hc numeric(10, 5), tempo_white_hp numeric(10, 5),
  tempo_red_hc numeric(10, 5), tempo_red_hp numeric(10, 5),
  ejp_normal numeric(10, 5), ejp_peak numeric(10, 5),
  hc_price_winter numeric(10, 5), hp_price_winter numeric(10, 5),
  hc_price_summer numeric(10, 5), hp_price_summer numeric(10, 5),
  peak_day_price numeric(10, 5),
  hc_schedules jsonb,
  power_kva integer,
  price_updated_at timestamptz,
  valid_from timestamptz,
  valid_to timestamptz,
  is_active boolean NOT NULL DEFAULT true,${TIMESTAMPS},
  offer_url varchar(1024)
);
CREATE TABLE IF NOT EXISTS pdls (
  id varchar(36) PRIMARY KEY,
  usage_point_id varchar(14) NOT NULL UNIQUE,
  user_id varchar(36) NOT NULL REFERENCES users (id),
  name varchar(100),
  display_order integer,
  subscribed_power integer,
  offpeak_hours jsonb,
  pricing_option varchar(50),
  has_consumption boolean NOT NULL DEFAULT true,
  has_production boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  oldest_available_data_date date,
  activation_date date,
  linked_production_pdl_id varchar(36)
    CONSTRAINT pdls_linked_production_pdl_id_fkey REFERENCES pdls (id) ON DELETE SET NULL,${TIMESTAMPS},
  selected_offer_id varchar(36)
    CONSTRAINT fk_pdls_selected_offer_id REFERENCES energy_offers (id) ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  id varchar(36) PRIMARY KEY,
  user_id varchar(36) REFERENCES users (id),
  usage_point_id varchar(14) NOT NULL,
  access_token text NOT NULL,
  refresh_token text,
  token_type varchar(50) NOT NULL,
  expires_at timestamptz NOT NULL,
  scope text,${TIMESTAMPS},
  CONSTRAINT uq_user_usage_point UNIQUE (user_id, usage_point_id)
);
CREATE TABLE IF NOT EXISTS email_verification_tokens (
  id varchar(36) PRIMARY KEY,
  user_id varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token varchar(64) NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS password_reset_tokens (
  id varchar(36) PRIMARY KEY,
  user_id varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token varchar(64) NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS offer_contributions (
  id varchar(36) PRIMARY KEY,
  contributor_user_id varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  contribution_type varchar(50) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'pending',
  provider_name varchar(255),
  provider_website varchar(512),
  existing_provider_id varchar(36) REFERENCES energy_providers (id) ON DELETE SET NULL,
  existing_offer_id varchar(36) REFERENCES energy_offers (id) ON DELETE SET NULL,
  offer_name varchar(255) NOT NULL,
  offer_type varchar(50) NOT NULL,
  description text,
  pricing_data jsonb NOT NULL,
  hc_schedules jsonb,
  power_kva integer,
  price_sheet_url varchar(1024) NOT NULL,
  screenshot_url varchar(1024),
  reviewed_by varchar(36) REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at timestamptz,
  review_comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS contribution_messages (
  id varchar(36) PRIMARY KEY,
  contribution_id varchar(36) NOT NULL REFERENCES offer_contributions (id) ON DELETE CASCADE,
  sender_user_id varchar(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message_type varchar(50) NOT NULL,
  content text NOT NULL,
  is_from_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS tempo_days (
  id varchar PRIMARY KEY,
  date timestamptz NOT NULL UNIQUE,
  color varchar(10) NOT NULL,
  updated_at timestamptz DEFAULT now(),
  rte_updated_date timestamptz
);
CREATE TABLE IF NOT EXISTS ecowatt (
  id serial PRIMARY KEY,
  generation_datetime timestamp NOT NULL,
  periode timestamp NOT NULL,
  hdebut integer NOT NULL,
  hfin integer NOT NULL,
  pas integer DEFAULT 60,
  dvalue integer NOT NULL,
  message varchar,
  "values" jsonb NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(),
  updated_at timestamp NOT NULL DEFAULT now(),
  CONSTRAINT unique_ecowatt_periode UNIQUE (periode)
);
CREATE TABLE IF NOT EXISTS refresh_tracker (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cache_type varchar NOT NULL UNIQUE,
  last_refresh timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_users_email ON users (email);
CREATE INDEX IF NOT EXISTS ix_users_client_id ON users (client_id);
CREATE INDEX IF NOT EXISTS ix_users_enedis_customer_id ON users (enedis_customer_id);
CREATE INDEX IF NOT EXISTS ix_pdls_usage_point_id ON pdls (usage_point_id);
CREATE INDEX IF NOT EXISTS ix_tokens_usage_point_id ON tokens (usage_point_id);
CREATE INDEX IF NOT EXISTS ix_roles_name ON roles (name);
CREATE INDEX IF NOT EXISTS ix_permissions_name ON permissions (name);
CREATE INDEX IF NOT EXISTS ix_email_verification_tokens_token ON email_verification_tokens (token);
CREATE INDEX IF NOT EXISTS ix_password_reset_tokens_token ON password_reset_tokens (token);
CREATE INDEX IF NOT EXISTS ix_tempo_days_date ON tempo_days (date);
CREATE INDEX IF NOT EXISTS idx_ecowatt_periode ON ecowatt (periode);
CREATE INDEX IF NOT EXISTS ix_refresh_tracker_cache_type ON refresh_tracker (cache_type);
CREATE INDEX IF NOT EXISTS ix_contribution_messages_contribution_id ON contribution_messages (contribution_id);
`
}

/** The `alembic_version` table as alembic creates it, stamped with `head` unless already stamped. */
export function alembicStampSql(head: string): string {
  return `
CREATE TABLE IF NOT EXISTS alembic_version (
  version_num varchar(32) NOT NULL,
  CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) SELECT '${head}'
  WHERE NOT EXISTS (SELECT 1 FROM alembic_version);
`
}

/**
 * What a family's schema is: the script that creates it (one script, run in the seeding
 * transaction, so a failure leaves nothing behind), the stamp it leaves, and the columns this
 * library writes, which a schema someone else created must have.
 */
export interface FamilySchema {
  readonly alembicHead: string
  readonly sql: string
  readonly requiredColumns: Readonly<Record<string, readonly string[]>>
  /** The releases whose migrations make this schema, for messages: `'1.4.0-1.8.0'`. */
  readonly releases: string
}

/** The schema of migrations 001 to 007: releases 1.4.0 to 1.8.0. */
export const SCHEMA_007: FamilySchema = {
  alembicHead: ALEMBIC_REVISION,
  sql: appTablesSql({ adminDataSharing: true }) + alembicStampSql(ALEMBIC_REVISION),
  requiredColumns: REQUIRED_COLUMNS,
  releases: '1.4.0-1.8.0',
}

/** The schema of migrations 001 to 006: releases 1.0.0 to 1.3.0, without `users.admin_data_sharing*`. */
export const SCHEMA_006: FamilySchema = {
  alembicHead: '006',
  sql: appTablesSql({ adminDataSharing: false }) + alembicStampSql('006'),
  requiredColumns: REQUIRED_COLUMNS,
  releases: '1.0.0-1.3.0',
}
