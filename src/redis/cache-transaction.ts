import type { Redis } from 'ioredis'
import type { EncodedCacheWrites } from '../model/account.ts'
import {
  execTransaction,
  execTransactionIf,
  RespError,
  type RespValue,
} from './resp-transaction.ts'

/** What to change in Redis: keys to set (with their values) and keys to delete. */
export interface CacheChange {
  /** `ttlSeconds` on a key replaces the change's own (the rate-limit counters end at UTC midnight). */
  readonly set: readonly {
    readonly key: string
    readonly token: string | Buffer
    readonly ttlSeconds?: number
  }[]
  readonly delete: readonly string[]
  /** 0 = no expiry. */
  readonly ttlSeconds: number
  /**
   * The SET commands of the first `count` entries of `set`, already encoded (by a planning
   * worker) with `ttlSeconds`: sent as they are, when that is the change's TTL.
   */
  readonly encoded?: EncodedCacheWrites
}

/** A change {@link applyCacheChange} made, and how to put back what it replaced. */
export interface AppliedCacheChange {
  /** Keys written, of which `replaced` held a value before; keys deleted that existed. */
  readonly written: number
  readonly replaced: number
  readonly deleted: number
  undo(): Promise<void>
}

const NOTHING: AppliedCacheChange = { written: 0, replaced: 0, deleted: 0, undo: async () => {} }

const SCAN_BATCH = 5000

/** Every key matching any of the patterns (glob `*` and `?`), read with one SCAN pass. */
export async function scanKeys(redis: Redis, patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) return []
  const matchers = patterns.map(globToRegExp)
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', SCAN_BATCH)
    cursor = next
    for (const key of batch) if (matchers.some((matcher) => matcher.test(key))) keys.push(key)
  } while (cursor !== '0')
  return keys
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}

/**
 * KEYS: keys. Returns `index, dump, pttl` for each key that exists (1-based index). Most
 * snapshots are of keys that do not exist yet (a first seed): one EXISTS per thousand keys says
 * so at a fraction of a DUMP each (\`unpack\` takes a few thousand values at most).
 */
const SNAPSHOT_SCRIPT = `
local any = false
for first = 1, #KEYS, 1000 do
  if redis.call('EXISTS', unpack(KEYS, first, math.min(first + 999, #KEYS))) > 0 then
    any = true
    break
  end
end
if not any then return {} end
local found = {}
for i = 1, #KEYS do
  local dump = redis.call('DUMP', KEYS[i])
  if dump then
    table.insert(found, i)
    table.insert(found, dump)
    table.insert(found, redis.call('PTTL', KEYS[i]))
  end
end
return found
`

/** Keys as they were: the value (DUMP) and TTL of those that existed. */
export interface Snapshot {
  readonly keys: readonly string[]
  readonly existing: ReadonlyMap<string, { dump: Buffer; pttl: number }>
}

/** Reads the keys as they are now, to put them back later. */
export async function snapshot(redis: Redis, keys: readonly string[]): Promise<Snapshot> {
  if (keys.length === 0) return { keys, existing: new Map() }
  const reply = (await redis.callBuffer('EVAL', SNAPSHOT_SCRIPT, keys.length, ...keys)) as (
    | number
    | Buffer
  )[]
  const existing = new Map<string, { dump: Buffer; pttl: number }>()
  for (let i = 0; i < reply.length; i += 3) {
    existing.set(keys[Number(reply[i]) - 1]!, {
      dump: reply[i + 1] as Buffer,
      pttl: Number(reply[i + 2]),
    })
  }
  return { keys, existing }
}

/** A snapshot of `keys`, reading only those that `taken` (read earlier, under the same lock) lacks. */
async function snapshotOf(
  redis: Redis,
  keys: readonly string[],
  taken: Snapshot | undefined,
): Promise<Snapshot> {
  if (!taken) return snapshot(redis, keys)
  const known = new Set(taken.keys)
  const rest = await snapshot(
    redis,
    keys.filter((key) => !known.has(key)),
  )
  return { keys, existing: new Map([...taken.existing, ...rest.existing]) }
}

/** Puts every key of the snapshot back as it was, in one transaction. */
async function restore(redisUrl: string, before: Snapshot): Promise<void> {
  const commands = before.keys.map((key) => {
    const previous = before.existing.get(key)
    return previous
      ? ['RESTORE', key, String(Math.max(previous.pttl, 0)), previous.dump, 'REPLACE']
      : ['DEL', key]
  })
  await execTransaction(redisUrl, commands)
}

/**
 * Applies the change in one MULTI/EXEC (all of it or none of it: if a command fails while the
 * transaction runs, out of memory say, everything is put back) and returns how to undo it
 * exactly, previous values and TTLs included. The keys' previous values are read just before,
 * under the seeding lock.
 */
export async function applyCacheChange(
  redis: Redis,
  redisUrl: string,
  change: CacheChange,
  taken?: Snapshot,
): Promise<AppliedCacheChange> {
  const keys = keysOf(change)
  if (keys.length === 0) return NOTHING
  const before = await snapshotOf(redis, keys, taken)
  return appliedAfter(redisUrl, change, before, await execTransaction(redisUrl, commandsOf(change)))
}

/**
 * {@link applyCacheChange} when none of the change's keys exists (a first seed), checked and
 * written on one connection, so the check costs no round trip of its own; otherwise writes
 * nothing and returns `undefined` (read the keys with {@link snapshot} then: their values can be
 * megabytes, which ioredis's parser reads best).
 */
export async function applyCacheChangeIfNew(
  redisUrl: string,
  change: CacheChange,
): Promise<{ readonly before: Snapshot; readonly change: AppliedCacheChange } | undefined> {
  const keys = keysOf(change)
  const before: Snapshot = { keys, existing: new Map() }
  if (keys.length === 0) return { before, change: NOTHING }
  const { replies } = await execTransactionIf(
    redisUrl,
    { command: ['EXISTS', ...keys], proceed: (count) => count === 0 },
    commandsOf(change),
  )
  if (!replies) return undefined
  return { before, change: await appliedAfter(redisUrl, change, before, replies) }
}

function keysOf(change: CacheChange): string[] {
  return [...change.delete, ...change.set.map((write) => write.key)]
}

/** The change's commands: the deletions, the SET commands already encoded, then the others. */
function commandsOf(change: CacheChange) {
  const ttl = String(change.ttlSeconds)
  const encoded = change.encoded?.ttlSeconds === change.ttlSeconds ? change.encoded : undefined
  return [
    ...(change.delete.length > 0 ? [['DEL', ...change.delete]] : []),
    ...(encoded ? [encoded] : []),
    ...change.set.slice(encoded?.count ?? 0).map(({ key, token, ttlSeconds }) => {
      // Most keys take the change's TTL, whose string is made once.
      if (ttlSeconds !== undefined) return ['SET', key, token, 'EX', String(ttlSeconds)]
      return change.ttlSeconds > 0 ? ['SET', key, token, 'EX', ttl] : ['SET', key, token]
    }),
  ]
}

/** The change as EXEC's replies say it went: put back and thrown if a command failed. */
async function appliedAfter(
  redisUrl: string,
  change: CacheChange,
  before: Snapshot,
  replies: readonly RespValue[],
): Promise<AppliedCacheChange> {
  const failed = replies.find((reply) => reply instanceof RespError)
  if (failed) {
    await restore(redisUrl, before)
    throw failed
  }
  return {
    written: change.set.length,
    replaced: change.set.filter((write) => before.existing.has(write.key)).length,
    deleted: change.delete.filter((key) => before.existing.has(key)).length,
    undo: () => restore(redisUrl, before),
  }
}
