import { DemoAccountError } from '../errors.ts'
import { ENV, readEnv } from '../internal/environment.ts'

/** How long one store operation (a connection, a query, a Redis command) may take by default. */
export const DEFAULT_STORE_TIMEOUT_MS = 30_000

/** How long a container may take to start by default (the Postgres and Redis modules' own). */
export const DEFAULT_STARTUP_TIMEOUT_MS = 120_000

/**
 * A whole number of milliseconds from an environment variable, or undefined when it is unset.
 * Anything else is refused, naming the variable: a typo must not silently mean "no limit".
 */
export function readMillisecondsEnv(name: string): number | undefined {
  const value = readEnv(name)
  if (value === undefined) return undefined
  const ms = Number(value)
  if (!/^\d+$/.test(value) || ms < 1 || !Number.isSafeInteger(ms)) {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `${name} is "${value}"; it must be a whole number of milliseconds, such as 60000.`,
    )
  }
  return ms
}

/**
 * The time limit of one store operation: `MED_DEMO_STORE_TIMEOUT` (milliseconds) or 30 s. A
 * paused or unreachable store fails with STORE_UNREACHABLE after it instead of blocking forever.
 */
export function storeTimeoutMs(): number {
  return readMillisecondsEnv(ENV.storeTimeout) ?? DEFAULT_STORE_TIMEOUT_MS
}

/**
 * How long a seeder waits for the seeding lock another seeder holds: four store operations, so
 * that a holder stuck on a store (whose own operations time out) lets go before its waiters give up.
 */
export function seedLockTimeoutMs(): number {
  return 4 * storeTimeoutMs()
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`; the timer never keeps the process up. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
    timer.unref()
  })
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer))
}
