import type pg from 'pg'
import { DemoAccountError } from '../errors.ts'
import { sqlState } from '../postgres/connect-postgres.ts'
import { redactUrl } from '../stores/store-url.ts'

/**
 * The advisory-lock class of worker slots (two-key form: class, slot). The seeders' lock uses the
 * one-key form, which Postgres keeps apart from this one.
 */
const SLOT_LOCK_CLASS = 0x4d454453 // "MEDS"
const LOCK_NOT_AVAILABLE = '55P03'
/** How long a worker waits for the worker before it to let go of its slot. */
export const SLOT_WAIT_MS = 60_000

/** A worker's hold on its slot: a Postgres advisory lock on the connection it keeps open. */
export interface SlotLease {
  /**
   * Whether this connection still holds the slot. Redis has no lock of its own, so every change
   * to the slot's Redis databases asks first: a worker whose connection dropped (and so lost the
   * slot to the next worker) must not flush or overwrite the next worker's copy.
   */
  held(): Promise<boolean>
}

/**
 * Takes the slot for the life of `client`'s connection, waiting (up to {@link SLOT_WAIT_MS}) for
 * the worker that had it: Vitest may start the next worker on the same `VITEST_POOL_ID` while the
 * previous one is still dropping its copy. The lock goes with the connection, so a worker that
 * dies frees its slot.
 */
export async function takeSlotLease(
  client: pg.Client,
  slot: number,
  postgresUrl: string,
  waitMs = SLOT_WAIT_MS,
): Promise<SlotLease> {
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.round(waitMs))}`)
    await client.query('SELECT pg_advisory_lock($1, $2)', [SLOT_LOCK_CLASS, slot])
  } catch (error) {
    if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error
    throw new DemoAccountError(
      'FIXTURE_MISCONFIGURED',
      `Worker slot ${slot} of the stores at ${redactUrl(postgresUrl)} is still held by another live worker after ${Math.round(waitMs / 1000)} s: is another Vitest run using the same stores? ` +
        'Give each run stores of its own (or let the global setup start them), or run one at a time.',
      { cause: error },
    )
  } finally {
    await client.query('SET lock_timeout = 0').catch(() => {})
  }
  return {
    async held() {
      try {
        const { rows } = await client.query<{ held: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
             AND classid = $1 AND objid = $2 AND objsubid = 2 AND pid = pg_backend_pid()) AS held`,
          [SLOT_LOCK_CLASS, slot],
        )
        return rows[0]?.held === true
      } catch {
        return false // The connection is gone, and the lock with it.
      }
    },
  }
}
