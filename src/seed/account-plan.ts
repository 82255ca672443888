import { type AccountIdentity, deriveAccountIdentity } from '../account/identity.ts'
import { hashPassword } from '../account/password.ts'
import { type DateRange, frontendDailyRanges } from '../app/frontend-requests.ts'
import { buildCacheEntries } from '../cache/cache-entries.ts'
import { fernetEncrypt, fernetKeyFromClientSecret } from '../cache/fernet.ts'
import type { DataWindow, ResolvedAccount } from '../options/resolve-options.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import type { PdlReadings } from '../readings/types.ts'

/** An encrypted cache entry, ready to write. */
export interface CacheWrite {
  readonly key: string
  readonly token: string
}

/** Everything to write for one account, computed before touching a store. */
export interface AccountPlan {
  readonly account: ResolvedAccount
  readonly identity: AccountIdentity
  readonly passwordHash: string
  readonly window: DataWindow
  readonly readings: readonly PdlReadings[]
  readonly cacheWrites: readonly CacheWrite[]
}

/**
 * The ranges range keys are written for: every range the app's frontend asks for on the reference
 * date, and the seeded days, each once. A range that reaches past the seeded days holds the
 * seeded part, as the app would have cached what Enedis had.
 */
export function rangeWindows(window: DataWindow): DateRange[] {
  const ranges = [...frontendDailyRanges(window.referenceDate)]
  const seeded = { start: window.firstDate, end: window.lastDate }
  if (!ranges.some((range) => range.start === seeded.start && range.end === seeded.end)) {
    ranges.push(seeded)
  }
  return ranges
}

/** The parts of a plan that do not depend on the password. */
type CachePlan = Pick<AccountPlan, 'identity' | 'readings' | 'cacheWrites'>

/**
 * The last plan made in this process: test processes often seed the same account several times
 * (a store per file, say), and the readings and their encryption are the same each time (their
 * Fernet timestamps only need to be in the past). One plan is kept, about 15 MB.
 */
let lastPlan: { key: string; plan: CachePlan } | undefined

/** {@link computeCachePlan}, reusing the last plan of this process when the inputs are the same. */
export function planCache(account: ResolvedAccount, window: DataWindow): CachePlan {
  const key = JSON.stringify([account, window])
  if (lastPlan?.key !== key) lastPlan = { key, plan: computeCachePlan(account, window) }
  return lastPlan.plan
}

/** Generates the readings of an account and encrypts its cache entries with its client secret. */
export function computeCachePlan(account: ResolvedAccount, window: DataWindow): CachePlan {
  const identity = deriveAccountIdentity(account.seed, account.email)
  const readings = generateReadings({
    seed: account.seed,
    firstDate: window.firstDate,
    lastDate: window.lastDate,
    loadCurveFrom: window.loadCurveFrom,
    meters: account.pdls,
  })
  const fernetKey = fernetKeyFromClientSecret(identity.clientSecret)
  const now = Math.floor(Date.now() / 1000)
  const cacheWrites = buildCacheEntries(readings, rangeWindows(window)).map((entry) => ({
    key: entry.key,
    token: fernetEncrypt(fernetKey, entry.json, now),
  }))
  return { identity, readings, cacheWrites }
}

/**
 * Plans an account. The password hash is the slow part (bcrypt at the app's cost of 12); pass a
 * promise of it to overlap it with other work, such as containers starting.
 */
export function planAccount(
  account: ResolvedAccount,
  window: DataWindow,
  passwordHash: Promise<string> | string,
): Promise<AccountPlan> {
  return startPlanning(account, window, passwordHash).plan
}

/**
 * Plans an account in two parts that finish separately: the cache entries (CPU, on the next turn
 * of the event loop, so that requests already started, such as container starts, go out first)
 * and the whole plan, which also waits for the password hash. Redis can be written as soon as the
 * first part is ready, without waiting for bcrypt.
 */
export function startPlanning(
  account: ResolvedAccount,
  window: DataWindow,
  passwordHash: Promise<string> | string,
): { cache: Promise<CachePlan>; plan: Promise<AccountPlan> } {
  const cache = new Promise<CachePlan>((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(planCache(account, window))
      } catch (error) {
        reject(error)
      }
    })
  })
  const plan = cache.then(async (parts) => ({
    account,
    window,
    passwordHash: await passwordHash,
    ...parts,
  }))
  return { cache, plan }
}

/**
 * Starts hashing a password, once per process; bcrypt yields between rounds, so other work (such
 * as containers starting) goes on meanwhile.
 */
export function startPasswordHash(password: string, rounds: number): Promise<string> {
  const key = `${rounds}\u0000${password}`
  let hash = passwordHashes.get(key)
  if (!hash) {
    hash = hashPassword(password, rounds)
    passwordHashes.set(key, hash)
    hash.catch(() => passwordHashes.delete(key))
  }
  return hash
}

/** One bcrypt hash per password and cost in a process: at cost 12 each takes ~0.3 s of CPU. */
const passwordHashes = new Map<string, Promise<string>>()
