import type { DemoAccount } from '../demo-account.ts'

// A file of its own: the adapters' public types name it, and must not pull in the template's
// internals (whose types need the Postgres driver's).
/** The demo account of one worker slot: the template's account, at the slot's own URLs. */
export interface SlotDemoAccount extends DemoAccount {
  /** The worker slot (1-based) whose database and Redis database these are. */
  readonly slot: number
  /**
   * Back to the seeded state, keeping the same URLs: the slot's database is dropped (closing open
   * connections) and cloned from the template again, and its Redis database is copied again.
   * Accounts added with `addAccount()` are gone afterwards.
   */
  reset(): Promise<void>
}
