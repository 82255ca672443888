import { type AccountIdentity, deriveAccountIdentity } from '../account/identity.ts'
import { hashPassword } from '../account/password.ts'
import { buildCacheEntries, type DateWindow, frontendDailyWindow } from '../cache/cache-entries.ts'
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

/** The windows range keys are written for: the seeded days, and what the app's frontend asks. */
export function rangeWindows(window: DataWindow): DateWindow[] {
  const seeded = { start: window.firstDate, end: window.lastDate }
  const frontend = frontendDailyWindow(window.referenceDate)
  const same = seeded.start === frontend.start && seeded.end === frontend.end
  return same ? [seeded] : [seeded, frontend]
}

/** Generates the readings of an account and encrypts its cache entries with its client secret. */
export function planCache(
  account: ResolvedAccount,
  window: DataWindow,
): Pick<AccountPlan, 'identity' | 'readings' | 'cacheWrites'> {
  const identity = deriveAccountIdentity(account.seed, account.email)
  const readings = generateReadings({
    seed: account.seed,
    firstDate: window.firstDate,
    lastDate: window.lastDate,
    loadCurveFrom: window.loadCurveFrom,
    meters: account.pdls,
  })
  const key = fernetKeyFromClientSecret(identity.clientSecret)
  const now = Math.floor(Date.now() / 1000)
  const cacheWrites = buildCacheEntries(readings, rangeWindows(window)).map((entry) => ({
    key: entry.key,
    token: fernetEncrypt(key, entry.json, now),
  }))
  return { identity, readings, cacheWrites }
}

/**
 * Plans an account. The password hash is the slow part (bcrypt at the app's cost of 12); pass a
 * promise of it to overlap it with other work, such as containers starting.
 */
export async function planAccount(
  account: ResolvedAccount,
  window: DataWindow,
  passwordHash: Promise<string> | string,
): Promise<AccountPlan> {
  const cache = planCache(account, window)
  return { account, window, passwordHash: await passwordHash, ...cache }
}

/** Starts hashing a password; bcrypt yields between rounds, so other work goes on meanwhile. */
export function startPasswordHash(password: string, rounds: number): Promise<string> {
  return hashPassword(password, rounds)
}
