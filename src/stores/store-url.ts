import { DemoAccountError } from '../errors.ts'

const POSTGRES_SCHEMES = ['postgres:', 'postgresql:', 'postgresql+asyncpg:', 'postgres+asyncpg:']
const REDIS_SCHEMES = ['redis:', 'rediss:', 'unix:', 'redis+unix:']

/**
 * A URL with no host (`postgres://user@/db?host=/var/run/postgresql`, or `postgres://user@/db`,
 * which means PGHOST or localhost) is valid for `pg`, which parses it with a dummy host, but not
 * for `URL`: checked the same way here. Where it connects is judged from `pg`'s own parsing.
 */
function parse(url: string, kind: string): URL {
  try {
    try {
      return new URL(url)
    } catch {
      return new URL(
        url.replace('@/', '@localhost/').replace(/^([a-z+]+):\/\/\//i, '$1://localhost/'),
      )
    }
  } catch {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `The ${kind} URL ${redactUrl(url)} cannot be parsed; use a URL such as ${
        kind === 'Postgres'
          ? 'postgres://user:password@localhost:5432/myelectricaldata'
          : 'redis://localhost:6379/0'
      }.`,
    )
  }
}

/**
 * The URL `pg` connects with, from any of the forms people pass: `postgres://`, `postgresql://`
 * or the app's own `postgresql+asyncpg://`.
 */
export function toPostgresUrl(url: string): string {
  const parsed = parse(url, 'Postgres')
  if (!POSTGRES_SCHEMES.includes(parsed.protocol)) {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `The Postgres URL ${redactUrl(url)} has the scheme "${parsed.protocol}"; use postgres://, postgresql:// or postgresql+asyncpg://.`,
    )
  }
  return `postgres:${url.slice(url.indexOf('//'))}`
}

/** `DATABASE_URL` as the app's settings expect it: `postgresql+asyncpg://…`. */
export function toAsyncpgUrl(url: string): string {
  return `postgresql+asyncpg:${toPostgresUrl(url).slice('postgres:'.length)}`
}

/** Checks a Redis URL's form and returns it. */
export function toRedisUrl(url: string): string {
  const parsed = parse(url, 'Redis')
  if (!REDIS_SCHEMES.includes(parsed.protocol)) {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `The Redis URL ${redactUrl(url)} has the scheme "${parsed.protocol}"; use redis://host:port/db.`,
    )
  }
  return url
}

/** The URL without its passwords (in the user part and in `?password=`-like parameters), for messages. */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@')
    .replace(/([?&;](?:ssl)?pass(?:word)?=)[^&#;]*/gi, '$1***')
}
