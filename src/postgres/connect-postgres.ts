import pg from 'pg'
import { DemoAccountError, describeError } from '../errors.ts'
import { redactUrl, toPostgresUrl } from '../stores/store-url.ts'

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

/**
 * A connected client, or a STORE_UNREACHABLE error that says what to check. A server that
 * answers "the database system is starting up" is tried again for a while; anything else fails
 * at once.
 */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const deadline = performance.now() + STARTUP_GRACE_MS
  for (;;) {
    const client = new pg.Client({
      connectionString: toPostgresUrl(url),
      connectionTimeoutMillis: 15_000,
      types,
    })
    client.on('error', () => {
      // A dropped connection surfaces as the failure of the query in flight; nothing else to do.
    })
    try {
      await client.connect()
      return client
    } catch (error) {
      await client.end().catch(() => {})
      if (sqlState(error) === STARTING_UP && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        continue
      }
      throw new DemoAccountError(
        'STORE_UNREACHABLE',
        `Cannot connect to Postgres at ${redactUrl(url)}: ${describeError(error)}. Check that the server runs, the host and port, the user and password, and that the database exists.`,
        { cause: error },
      )
    }
  }
}

/** The SQLSTATE of a Postgres error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined
}
