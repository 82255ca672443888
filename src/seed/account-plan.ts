import type { AppContract } from '../app/app-contract.ts'
import { defaultAppContract } from '../app/releases.ts'
import type { AccountPlan, DataWindow, ResolvedAccount } from '../model/account.ts'
import { shareReadings, withoutReadings } from '../model/lazy-readings.ts'
import { gapDays, type MeterGaps } from '../model/scenario.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import { cacheWritesOf, type EncodedSets } from '../redis/set-commands.ts'
import { encryptCacheEntries } from './encrypt-cache.ts'
import { type CachePlan, loadPlan, storePlan } from './plan-disk-cache.ts'

/** Forgets the plan kept in this process (for the bench, which measures a new process's seed). */
export function forgetLastPlan(): void {
  lastPlan = undefined
}

/**
 * The last plan made in this process (or read from disk, see `plan-disk-cache.ts`): test processes often seed the same account several times
 * (a store per file, say), and the readings and their encryption are the same each time (their
 * Fernet timestamps only need to be in the past). One plan is kept, about 15 MB.
 */
let lastPlan: { key: string; plan: CachePlan } | undefined

/**
 * {@link computeCachePlan}, reusing the last plan of this process when the inputs are the same.
 * A plan made here has its SET commands encoded with `ttlSeconds` (kept so on disk).
 */
function planCache(
  account: ResolvedAccount,
  window: DataWindow,
  app: AppContract,
  ttlSeconds: number,
): CachePlan {
  const key = JSON.stringify([app.family, account, window])
  if (lastPlan?.key !== key) {
    let plan = loadPlan(account, window, app)
    if (!plan) {
      plan = computeCachePlan(account, window, app, ttlSeconds)
      storePlan(account, window, app, plan)
    }
    lastPlan = { key, plan }
  }
  return lastPlan.plan
}

/**
 * Generates the readings of an account and encrypts its cache entries with its client secret,
 * as SET commands with `EX ttlSeconds` (none for 0), each token a view of them.
 */
export function computeCachePlan(
  account: ResolvedAccount,
  window: DataWindow,
  app: AppContract = defaultAppContract,
  ttlSeconds = 0,
): CachePlan {
  const { sets, ...rest } = computeCacheSets(account, window, app, ttlSeconds)
  return { ...rest, ...cacheWritesOf(sets) }
}

/**
 * {@link computeCachePlan}, its SET commands as one encoded buffer (what a worker hands over),
 * written into `memory` when it is large enough.
 */
export function computeCacheSets(
  account: ResolvedAccount,
  window: DataWindow,
  app: AppContract,
  ttlSeconds: number,
  memory?: ArrayBuffer,
): Pick<CachePlan, 'identity' | 'readings' | 'gaps'> & { sets: EncodedSets } {
  const identity = app.deriveIdentity(account.seed, account.email)
  const readings = generateAccountReadings(account, window)
  const gaps = planGaps(account, window)
  const sets = encryptCacheEntries(
    app.cacheEntries(readings, window, gaps),
    app.cacheKey(identity.clientSecret),
    ttlSeconds,
    memory,
  )
  return { identity, readings, gaps, sets }
}

/** The days the `gaps` scenario leaves out of each meter's cache; none without it. */
function planGaps(account: ResolvedAccount, window: DataWindow): MeterGaps[] {
  if (!account.scenarios.includes('gaps')) return []
  return account.pdls.map((pdl) => ({
    usagePointId: pdl.usagePointId,
    days: gapDays(account.seed, pdl.usagePointId, window),
  }))
}

/** The readings of an account's meters over the window: the same every time. */
export function generateAccountReadings(account: ResolvedAccount, window: DataWindow) {
  return generateReadings({
    seed: account.seed,
    firstDate: window.firstDate,
    lastDate: window.lastDate,
    loadCurveFrom: window.loadCurveFrom,
    meters: account.pdls,
  })
}

/**
 * Plans an account. The password hash is the slow part (bcrypt at the app's cost of 12); pass a
 * promise of it to overlap it with other work, such as containers starting.
 */
export function planAccount(
  account: ResolvedAccount,
  window: DataWindow,
  passwordHash: Promise<string> | string,
  app: AppContract = defaultAppContract,
): Promise<AccountPlan> {
  return startPlanning(account, window, passwordHash, app).plan
}

/**
 * Plans an account in two parts that finish separately: the cache entries (CPU, on the next turn
 * of the event loop, so that requests already started, such as container starts, go out first)
 * and the whole plan, which also waits for the password hash. Redis can be written as soon as the
 * first part is ready, without waiting for bcrypt. The cache's SET commands are encoded with
 * `ttlSeconds` (the seed's; 0 for no expiry), and kept so on disk for the next process.
 */
export function startPlanning(
  account: ResolvedAccount,
  window: DataWindow,
  passwordHash: Promise<string> | string,
  app: AppContract = defaultAppContract,
  ttlSeconds = 0,
): { cache: Promise<CachePlan>; plan: Promise<AccountPlan> } {
  const cache = new Promise<CachePlan>((resolve, reject) => {
    setImmediate(() => {
      try {
        resolve(planCache(account, window, app, ttlSeconds))
      } catch (error) {
        reject(error)
      }
    })
  })
  // The readings are shared as they are: a plan read back from disk parses them when first read.
  const plan = cache.then(async (parts) =>
    shareReadings(
      { account, window, passwordHash: await passwordHash, ...withoutReadings(parts) },
      parts,
    ),
  )
  return { cache, plan }
}

/**
 * Starts hashing a password, once per process; bcrypt yields between rounds, so other work (such
 * as containers starting) goes on meanwhile.
 */
export function startPasswordHash(
  password: string,
  rounds: number,
  app: AppContract = defaultAppContract,
): Promise<string> {
  const key = `${app.family}\u0000${rounds}\u0000${password}`
  let hash = passwordHashes.get(key)
  if (!hash) {
    hash = app.hashPassword(password, rounds)
    passwordHashes.set(key, hash)
    hash.catch(() => passwordHashes.delete(key))
  }
  return hash
}

/** One bcrypt hash per password and cost in a process: at cost 12 each takes ~0.3 s of CPU. */
const passwordHashes = new Map<string, Promise<string>>()
