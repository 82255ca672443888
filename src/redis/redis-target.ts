import { Redis, type RedisOptions } from 'ioredis'
import { DemoAccountError } from '../errors.ts'
import { redactUrl, toRedisUrl } from '../stores/store-url.ts'

/** Where and how a Redis URL connects, as ioredis itself reads it. */
export interface RedisTarget {
  /** ioredis's options for the URL (host, port, path, tls, username, password, query options). */
  readonly options: RedisOptions
  /** A unix socket path, when the URL names one (ioredis then ignores host and port). */
  readonly path: string | undefined
  readonly host: string
  readonly port: number
  /** The logical database the URL selects. */
  readonly db: number
}

/** The database part of a Redis URL as written: its path for redis(s)://, else `?db=`. */
function writtenDatabase(url: string): string | undefined {
  const parsed = new URL(url)
  const path = /^rediss?:$/.test(parsed.protocol) ? parsed.pathname.slice(1) : ''
  return path || (parsed.searchParams.get('db') ?? undefined)
}

/**
 * Reads a Redis URL with ioredis's own parser (which honours `?host=` when the URL has no host,
 * `?port=`, `?path=` for a unix socket, `?db=`...), so that the safety check and every connection
 * judge the same address. A database that is not a whole number is refused: ioredis would send
 * `SELECT NaN` (or read `/2x` as 2).
 */
export function redisTarget(url: string): RedisTarget {
  toRedisUrl(url)
  const written = writtenDatabase(url)
  if (written !== undefined && !/^\d+$/.test(written)) {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `The Redis URL ${redactUrl(url)} selects the database "${written}"; a Redis database is a whole number, such as redis://localhost:6379/0.`,
    )
  }
  let options: RedisOptions
  try {
    // Parses only: a lazy client opens no connection until asked to.
    options = new Redis(url, { lazyConnect: true }).options
  } catch {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `The Redis URL ${redactUrl(url)} cannot be parsed; use a URL such as redis://localhost:6379/0.`,
    )
  }
  return {
    options,
    path: options.path,
    host: options.host ?? 'localhost',
    port: options.port ?? 6379,
    db: options.db ?? 0,
  }
}
