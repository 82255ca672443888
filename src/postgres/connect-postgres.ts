import pg from 'pg'
import { DemoAccountError, describeError } from '../errors.ts'
import { storeTimeoutMs } from '../stores/store-timeouts.ts'
import { redactUrl, toPostgresUrl } from '../stores/store-url.ts'
import { sqlState } from './sql-state.ts'

export { sqlState }

const DATE_OID = 1082

/** `date` columns stay `YYYY-MM-DD` strings: `pg` would turn them into local-midnight Dates. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === DATE_OID
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

const STARTING_UP = '57P03'
const STARTUP_GRACE_MS = 30_000

/** A client for `url`, not connected yet: every query has the store time limit. */
function postgresClient(url: string, timeoutMs: number): pg.Client {
  return new pg.Client({
    connectionString: toPostgresUrl(url),
    connectionTimeoutMillis: timeoutMs,
    // Client-side: a paused server never answers, so only the client can give up waiting.
    query_timeout: timeoutMs,
    types,
  })
}

/**
 * Where `pg` will really connect for `url`, after its own parsing (`?host=`, `?port=`, a socket
 * directory, PGHOST and PGPORT when the URL names no host): a host name, an address or a socket
 * directory, and a port. Nothing is connected.
 */
export function postgresTarget(url: string): { host: string; port: number } {
  const { host, port } = (postgresClient(url, 1) as unknown as PgInternals).connectionParameters
  return { host, port }
}

interface PgInternals {
  readonly connectionParameters: { readonly host: string; readonly port: number }
  readonly connection: { readonly stream: { destroy(): void } }
}

/**
 * A connected client, or a STORE_UNREACHABLE error that says what to check. A server that
 * answers "the database system is starting up" is tried again for a while; anything else fails
 * at once. Connecting and every query are limited to the store time limit.
 */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const timeoutMs = storeTimeoutMs()
  const deadline = performance.now() + STARTUP_GRACE_MS
  for (;;) {
    const client = postgresClient(url, timeoutMs)
    client.on('error', () => {
      // A dropped connection surfaces as the failure of the query in flight; nothing else to do.
    })
    try {
      await client.connect()
      return client
    } catch (error) {
      await closePostgres(client)
      if (sqlState(error) === STARTING_UP && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        continue
      }
      const timedOut = /timeout/i.test(describeError(error))
      throw new DemoAccountError(
        'STORE_UNREACHABLE',
        `Cannot connect to Postgres at ${redactUrl(url)}: ${
          timedOut ? `no answer within ${timeoutMs / 1000} s` : describeError(error)
        }. Check that the server runs (and is not paused), the host and port, the user and password, and that the database exists.`,
        { cause: error },
      )
    }
  }
}

/** How long a polite close may take before the socket is destroyed. */
const CLOSE_GRACE_MS = 1_000

/**
 * Closes a client whatever state its server is in: `end()` waits for the server to close its side,
 * which a paused server never does, so after a moment the socket is destroyed. Never throws.
 */
export async function closePostgres(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const ended = client.end().then(
    () => true,
    () => true,
  )
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS)
  })
  const closed = await Promise.race([ended, late])
  clearTimeout(timer)
  if (!closed) (client as unknown as PgInternals).connection.stream.destroy()
}
