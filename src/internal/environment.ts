/** The environment variables this library reads, in one place. */
export const ENV = {
  databaseUrl: 'MED_DEMO_DATABASE_URL',
  redisUrl: 'MED_DEMO_REDIS_URL',
  postgresImage: 'MED_DEMO_POSTGRES_IMAGE',
  redisImage: 'MED_DEMO_REDIS_IMAGE',
  allowHosts: 'MED_DEMO_ALLOW_HOSTS',
  debug: 'MED_DEMO_DEBUG',
  startupTimeout: 'MED_DEMO_STARTUP_TIMEOUT',
  storeTimeout: 'MED_DEMO_STORE_TIMEOUT',
  appVersion: 'MED_DEMO_APP_VERSION',
  reuse: 'MED_DEMO_REUSE',
  engine: 'MED_DEMO_ENGINE',
} as const

/** A non-empty environment variable, or undefined. */
export function readEnv(name: string): string | undefined {
  const value = process.env[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
