import { DemoAccountError } from '../errors.ts'

const POSTGRES_SCHEMES = ['postgres:', 'postgresql:', 'postgresql+asyncpg:', 'postgres+asyncpg:']
const REDIS_SCHEMES = ['redis:', 'rediss:', 'unix:', 'redis+unix:']

/** libpq's socket form, `postgres://user@/db?host=/var/run/postgresql`, has no host for `URL`. */
const SOCKET_QUERY = /[?&]host=(\/|%2F)/i

function parse(url: string, kind: string): URL {
  try {
    return new URL(
      SOCKET_QUERY.test(url)
        ? url.replace(/@\//, '@localhost/').replace(/:\/\/\//, '://localhost/')
        : url,
    )
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

/** Where a store URL points: a host name or address (`unix` for a socket) and a port. */
export function storeAddress(url: string): { host: string; port: string } {
  if (/^(unix|redis\+unix):/i.test(url) || SOCKET_QUERY.test(url)) return { host: 'unix', port: '' }
  const parsed = new URL(url.replace(/^[a-z+]+:/i, 'http:'))
  const socketHost = parsed.searchParams.get('host')
  const host = decodeURIComponent(parsed.hostname)
  if (socketHost?.startsWith('/') || host.startsWith('/') || host === '')
    return { host: 'unix', port: '' }
  return { host: host.replace(/^\[|\]$/g, '').toLowerCase(), port: parsed.port }
}
