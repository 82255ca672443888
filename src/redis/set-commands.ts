import type { CacheWrite, EncodedCacheWrites } from '../model/account.ts'

/** SET commands in Redis's wire format (RESP), one after the other in one buffer. */
export interface EncodedSets {
  readonly keys: readonly string[]
  readonly bytes: Buffer<ArrayBuffer>
  /** Value `i` lies at `valueStarts[i]` to `valueEnds[i]` in `bytes`. */
  readonly valueStarts: Uint32Array<ArrayBuffer>
  readonly valueEnds: Uint32Array<ArrayBuffer>
  /** `EX` of every command; 0 for none. */
  readonly ttlSeconds: number
}

/**
 * `SET key value [EX ttlSeconds]` for each key, in one buffer of exactly their size: value `i` is
 * `valueLengths[i]` bytes, which `writeValue(i, bytes, offset)` writes at `offset`, in order. The
 * buffer is the start of `memory` when it is large enough (megabytes of fresh memory cost more
 * in page faults than the encoding), else new, with room to spare for the next time.
 */
export function encodeSets(
  keys: readonly string[],
  valueLengths: ArrayLike<number>,
  ttlSeconds: number,
  writeValue: (index: number, bytes: Buffer, offset: number) => void,
  memory?: ArrayBuffer,
): EncodedSets {
  const expiry =
    ttlSeconds > 0 ? `$2\r\nEX\r\n$${String(ttlSeconds).length}\r\n${ttlSeconds}\r\n` : ''
  const head = `*${expiry ? 5 : 3}\r\n$3\r\nSET\r\n`
  const heads = keys.map(
    (key, i) => `${head}$${Buffer.byteLength(key)}\r\n${key}\r\n$${valueLengths[i]}\r\n`,
  )
  let size = 0
  for (let i = 0; i < keys.length; i++) {
    size += Buffer.byteLength(heads[i]!) + valueLengths[i]! + 2 + expiry.length
  }
  const bytes =
    memory && memory.byteLength >= size
      ? Buffer.from(memory, 0, size)
      : Buffer.from(new ArrayBuffer(size + (size >> 4)), 0, size)
  const valueStarts = new Uint32Array(keys.length)
  const valueEnds = new Uint32Array(keys.length)
  let offset = 0
  for (let i = 0; i < keys.length; i++) {
    offset += bytes.write(heads[i]!, offset)
    valueStarts[i] = offset
    writeValue(i, bytes, offset)
    offset += valueLengths[i]!
    valueEnds[i] = offset
    offset += bytes.write(`\r\n${expiry}`, offset, 'latin1')
  }
  return { keys, bytes, valueStarts, valueEnds, ttlSeconds }
}

/** The cache writes of encoded SETs, each value a view of their buffer (nothing is copied). */
export function cacheWritesOf(sets: EncodedSets): {
  cacheWrites: CacheWrite[]
  encoded: EncodedCacheWrites
} {
  const { keys, bytes, valueStarts, valueEnds, ttlSeconds } = sets
  const cacheWrites = keys.map((key, i) => ({
    key,
    token: bytes.subarray(valueStarts[i], valueEnds[i]),
  }))
  return { cacheWrites, encoded: { bytes, count: keys.length, ttlSeconds } }
}
