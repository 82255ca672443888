import type { Redis } from 'ioredis'
import type { CacheWrite } from '../model/account.ts'
import {
  type AppliedCacheChange,
  applyCacheChangeIfNew,
  type CacheChange,
  type Snapshot,
  snapshot,
} from '../redis/cache-transaction.ts'
import { storeFaultOf } from '../stores/store-fault.ts'
import { leftBehindError } from './seed-transaction.ts'

/** The plan's cache keys as they were, and the change that wrote them if it was written early. */
export interface EarlyCache {
  readonly written: Snapshot
  readonly change?: AppliedCacheChange
}

/**
 * Under the seeding lock, while Postgres writes the account's rows: when none of the plan's cache
 * keys exist (a first seed of these meters), writes them (their SET commands are most of a
 * seed's time, and need nothing of the rows); otherwise only reads them, and the cache is written
 * after the rows as before (an existing key may be another account's, whose cache a failing seed
 * must not touch even for a moment). The caller undoes the change if the rows then fail.
 */
export async function writeNewCacheEarly(
  redis: Redis,
  redisUrl: string,
  writes: readonly CacheWrite[],
  ttlSeconds: number,
  encoded: CacheChange['encoded'],
): Promise<EarlyCache> {
  const early = await applyCacheChangeIfNew(redisUrl, {
    set: writes,
    delete: [],
    ttlSeconds,
    encoded,
  })
  if (early) return { written: early.before, change: early.change }
  return {
    written: await snapshot(
      redis,
      writes.map((write) => write.key),
    ),
  }
}

/**
 * The early change settled after a failure elsewhere (`failure`, `error`): undone if it was made.
 * Returns the error to throw: the early change's own when Redis may still apply it (its outcome
 * is unknown, which the caller's message must say), else `error`, or the left-behind error when
 * the undo fails too.
 */
export async function settleEarlyAfter(
  early: Promise<EarlyCache> | undefined,
  redisUrl: string,
  cleanup: string,
  failure: string,
  error: unknown,
): Promise<unknown> {
  if (!early) return error
  const settled = await early.then(
    (done) => ({ done }),
    (earlyError: unknown) => ({ earlyError }),
  )
  if ('earlyError' in settled) {
    return storeFaultOf(settled.earlyError)?.outcomeUnknown ? settled.earlyError : error
  }
  const { change } = settled.done
  if (!change) return error
  try {
    await change.undo()
    return error
  } catch (undoError) {
    return leftBehindError(redisUrl, change, cleanup, failure, error, undoError)
  }
}

/** Two changes as one: undone last first. */
export function joinChanges(
  first: AppliedCacheChange,
  second: AppliedCacheChange,
): AppliedCacheChange {
  return {
    written: first.written + second.written,
    replaced: first.replaced + second.replaced,
    deleted: first.deleted + second.deleted,
    undo: async () => {
      await second.undo()
      await first.undo()
    },
  }
}

/** Merges two snapshots of different keys. */
export function mergeSnapshots(first: Snapshot, second: Snapshot): Snapshot {
  return {
    keys: [...first.keys, ...second.keys],
    existing: new Map([...first.existing, ...second.existing]),
  }
}
