import { toPostgresUrl } from './store-url.ts'

/** The same Postgres URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(toPostgresUrl(url))
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

/** The same Redis URL selecting another logical database. */
export function withRedisDatabase(url: string, database: number): string {
  const parsed = new URL(url)
  if (parsed.protocol === 'unix:' || parsed.protocol === 'redis+unix:') {
    parsed.searchParams.set('db', String(database))
  } else {
    parsed.pathname = `/${database}`
  }
  return parsed.toString()
}

/** The logical database a Redis URL selects (0 when it names none). */
export function redisDatabaseOf(url: string): number {
  const parsed = new URL(url)
  const value =
    parsed.protocol === 'unix:' || parsed.protocol === 'redis+unix:'
      ? parsed.searchParams.get('db')
      : parsed.pathname.replace(/^\//, '')
  return value ? Number(value) : 0
}

/** Identifiers this library interpolates into SQL are checked first. */
export function assertSqlIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new RangeError(`not a safe SQL identifier: ${name}`)
  return name
}
