import type { CacheEntry } from '../app/app-contract.ts'
import { type FernetKey, fernetBatch, writeFernetText } from '../cache/fernet.ts'
import { type EncodedSets, encodeSets } from '../redis/set-commands.ts'

/**
 * The SET commands of an account's cache entries, each value the Fernet token of the entry's
 * JSON under the account's key, encrypted and encoded in one pass into one buffer (the start of
 * `memory` when it is large enough): no token is held as a string of its own, which spared a load
 * test most of its garbage collection.
 */
export function encryptCacheEntries(
  entries: readonly CacheEntry[],
  key: FernetKey,
  ttlSeconds: number,
  memory?: ArrayBuffer,
): EncodedSets {
  const batch = fernetBatch(
    key,
    entries.map((entry) => entry.json),
  )
  return encodeSets(
    entries.map((entry) => entry.key),
    Array.from(entries, (_entry, i) => batch.textLength(i)),
    ttlSeconds,
    (_i, bytes, offset) => writeFernetText(batch.next(), bytes, offset),
    memory,
  )
}
