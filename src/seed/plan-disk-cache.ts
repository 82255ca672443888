import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppContract } from '../app/app-contract.ts'
import { debug } from '../internal/log.ts'
import type {
  AccountPlan,
  DataWindow,
  EncodedCacheWrites,
  ResolvedAccount,
} from '../model/account.ts'
import { defineLazyReadings } from '../model/lazy-readings.ts'
import { cacheWritesOf } from '../redis/set-commands.ts'

/** The parts of a plan that do not depend on the password; its cache writes are encoded. */
export type CachePlan = Pick<AccountPlan, 'identity' | 'readings' | 'cacheWrites' | 'gaps'> & {
  readonly encoded: EncodedCacheWrites
}

/**
 * Plans kept on disk across processes, for `med-demo seed`: each run is a new process, and
 * generating and encrypting three years of readings is most of a seed into running stores. A
 * plan is found by a fingerprint of everything it derives from: the account (not its password,
 * which the plan does not hold), the window, the release family and this library's own code (a
 * changed file makes every earlier plan unused). Files hold the client-secret-encrypted cache and
 * the readings, in a folder only this user may read (0700, files 0600, checked before use), and
 * are written to a temporary name then renamed, so concurrent seeders never read half a file.
 */
const FORMAT = 5
const KEPT = 6
const SUFFIX = '.plan'

let folder: string | undefined

/**
 * Keeps plans on disk in this process: in `dir`, else `MED_DEMO_PLAN_CACHE_DIR` (`off` for none),
 * else `med-demo-plans-<uid>` in the system's temporary folder.
 */
export function keepPlansOnDisk(dir = process.env.MED_DEMO_PLAN_CACHE_DIR): void {
  if (dir === 'off') return
  folder = privateFolder(dir || join(tmpdir(), `med-demo-plans-${process.getuid?.() ?? 'user'}`))
}

/** Stops keeping plans on disk (for the bench, which compares both). */
export function forgetPlansOnDisk(): void {
  folder = undefined
}

/** The folder, created 0700 if absent; undefined when it is not this user's alone. */
function privateFolder(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const stat = lstatSync(dir)
    const mine = process.getuid === undefined || stat.uid === process.getuid()
    if (stat.isDirectory() && mine && (stat.mode & 0o077) === 0) return dir
    debug(`plan cache not used: ${dir} is not a folder only this user can read`)
  } catch (error) {
    debug(`plan cache not used: ${String(error)}`)
  }
  return undefined
}

let stamp: string | undefined

/** Sizes and times of this library's own files: any change gives other fingerprints. */
function codeStamp(): string {
  if (stamp) return stamp
  const root = fileURLToPath(new URL('..', import.meta.url))
  const hash = createHash('sha256')
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
  for (const file of files) {
    const stat = statSync(file)
    hash.update(`${file}\u0000${stat.size}\u0000${stat.mtimeMs}\n`)
  }
  stamp = hash.digest('hex')
  return stamp
}

function fileOf(dir: string, account: ResolvedAccount, window: DataWindow, app: AppContract) {
  const { password: _password, ...rest } = account
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([FORMAT, codeStamp(), app.family, rest, window]))
    .digest('hex')
  return join(dir, `${fingerprint}${SUFFIX}`)
}

/** The plan kept for these inputs, or undefined (none, keeping is off, or an unreadable file). */
export function loadPlan(
  account: ResolvedAccount,
  window: DataWindow,
  app: AppContract,
): CachePlan | undefined {
  if (!folder) return undefined
  const file = fileOf(folder, account, window, app)
  try {
    const data = readFileSync(file)
    const headerLength = data.readUInt32BE(0)
    const readingsLength = data.readUInt32BE(4)
    const header = JSON.parse(data.toString('utf8', 8, 8 + headerLength)) as StoredHeader
    const readingsStart = 8 + headerLength
    const bytes = data.subarray(readingsStart + readingsLength)
    if (header.size !== bytes.length) return undefined
    const writes = cacheWritesOf({
      keys: header.keys,
      bytes,
      valueStarts: Uint32Array.from(header.starts),
      valueEnds: Uint32Array.from(header.ends),
      ttlSeconds: header.ttlSeconds,
    })
    // Parsed when first read: `med-demo seed` never reads them.
    const readingsText = data.subarray(readingsStart, readingsStart + readingsLength)
    return defineLazyReadings({ identity: header.identity, gaps: header.gaps, ...writes }, () =>
      JSON.parse(readingsText.toString('utf8')),
    )
  } catch {
    return undefined
  }
}

interface StoredHeader {
  readonly identity: CachePlan['identity']
  readonly gaps: CachePlan['gaps']
  readonly keys: readonly string[]
  /** Where each token lies in the last part of the file: the SET commands, `size` bytes long. */
  readonly starts: readonly number[]
  readonly ends: readonly number[]
  readonly size: number
  /** The commands' `EX`; 0 for none. */
  readonly ttlSeconds: number
}

/** Keeps a plan (best effort: a failure to write only costs the next run its time). */
export function storePlan(
  account: ResolvedAccount,
  window: DataWindow,
  app: AppContract,
  plan: CachePlan,
): void {
  if (!folder) return
  const file = fileOf(folder, account, window, app)
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const { bytes, ttlSeconds } = plan.encoded
    // Each token is a view of the commands' buffer.
    const offsets = plan.cacheWrites.map(
      (write) => (write.token as Buffer).byteOffset - bytes.byteOffset,
    )
    const header: StoredHeader = {
      identity: plan.identity,
      gaps: plan.gaps,
      keys: plan.cacheWrites.map((write) => write.key),
      starts: offsets,
      ends: plan.cacheWrites.map((write, i) => offsets[i]! + write.token.length),
      size: bytes.length,
      ttlSeconds,
    }
    const headerBytes = Buffer.from(JSON.stringify(header))
    const readingsBytes = Buffer.from(JSON.stringify(plan.readings))
    // Two lengths, the header, the readings, then the tokens.
    const prefix = Buffer.alloc(8)
    prefix.writeUInt32BE(headerBytes.length, 0)
    prefix.writeUInt32BE(readingsBytes.length, 4)
    const fd = openSync(temporary, 'wx', 0o600)
    try {
      for (const part of [prefix, headerBytes, readingsBytes, bytes]) writeSync(fd, part)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, file)
    prune(folder)
  } catch (error) {
    debug(`plan not kept: ${String(error)}`)
    try {
      unlinkSync(temporary)
    } catch {}
  }
}

/** Keeps the newest plans only: each holds megabytes. */
function prune(dir: string): void {
  const plans = readdirSync(dir)
    .filter((name) => name.endsWith(SUFFIX))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
  for (const old of plans.slice(KEPT)) unlinkSync(old.path)
}
