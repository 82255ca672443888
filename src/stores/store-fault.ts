import { DemoAccountError, describeError } from '../errors.ts'
import { sqlState } from '../postgres/sql-state.ts'
import { redactUrl } from './store-url.ts'

export type StoreKind = 'Postgres' | 'Redis'

/** A store that did not answer in time or dropped the connection, raised by this library's own clients. */
export class StoreFault extends Error {
  override name = 'StoreFault'
  readonly store: StoreKind
  readonly fault: 'timeout' | 'closed'
  /** The write was sent before the store stopped answering: it may still be applied. */
  readonly outcomeUnknown: boolean

  constructor(
    store: StoreKind,
    fault: 'timeout' | 'closed',
    message: string,
    options: { outcomeUnknown?: boolean } = {},
  ) {
    super(message)
    this.store = store
    this.fault = fault
    this.outcomeUnknown = options.outcomeUnknown ?? false
  }
}

/** SQLSTATE classes and codes of a connection the server ended or lost. */
const POSTGRES_GONE = /^(08|57P0[1-3])/

/**
 * Which store failed, and how, when `error` is a store that stopped answering or dropped the
 * connection (as `pg`, ioredis and this library's RESP client report it); undefined otherwise.
 */
export function storeFaultOf(
  error: unknown,
): Pick<StoreFault, 'store' | 'fault' | 'outcomeUnknown'> | undefined {
  if (error instanceof StoreFault) return error
  if (!(error instanceof Error)) return undefined
  const message = error.message
  if (
    /^Query read timeout$|timeout expired|Connection terminated due to connection timeout/.test(
      message,
    )
  )
    return { store: 'Postgres', fault: 'timeout', outcomeUnknown: false }
  if (
    /Connection terminated|not queryable|terminating connection/.test(message) ||
    POSTGRES_GONE.test(sqlState(error) ?? '')
  )
    return { store: 'Postgres', fault: 'closed', outcomeUnknown: false }
  if (/^Command timed out$/.test(message))
    return { store: 'Redis', fault: 'timeout', outcomeUnknown: false }
  if (/^Connection is closed\.$|max retries per request|Stream isn't writeable/i.test(message))
    return { store: 'Redis', fault: 'closed', outcomeUnknown: false }
  return undefined
}

/** STORE_UNREACHABLE for a store that stopped answering or dropped the connection while `step`. */
export function storeUnreachable(
  fault: Pick<StoreFault, 'store' | 'fault'>,
  url: string,
  step: string,
  timeoutMs: number,
  error: unknown,
  outcome: string,
): DemoAccountError {
  const what =
    fault.fault === 'timeout'
      ? `did not answer within ${timeoutMs / 1000} s`
      : `dropped the connection (${describeError(error)})`
  return new DemoAccountError(
    'STORE_UNREACHABLE',
    `${fault.store} at ${redactUrl(url)} ${what} while ${step}. ${outcome} ` +
      `Check that the server runs and is not paused or overloaded, then try again (MED_DEMO_STORE_TIMEOUT, in milliseconds, sets the time limit of each store operation).`,
    { cause: error },
  )
}
