import type { IsoDate } from '../readings/calendar.ts'
import type { MeterSpec, PdlReadings } from '../readings/types.ts'
import type { MeterGaps, Scenario } from './scenario.ts'

/**
 * The domain model every part of the library shares: an account and its meters with every option
 * decided, the days its data covers, and the plan of what to write. Nothing here names a store
 * format or a release of the app: those are the app contract's (`src/app/`).
 */

/** A meter with every field decided. */
export interface ResolvedPdl extends MeterSpec {
  readonly name: string
  /** 1-based, the order `GET /pdl` lists meters in. */
  readonly displayOrder: number
}

/** An account with every field decided. */
export interface ResolvedAccount {
  readonly seed: string
  readonly email: string
  readonly password: string
  readonly pdls: readonly ResolvedPdl[]
  /** The user's `debug_mode` flag. */
  readonly debugMode: boolean
  /** The states the account is seeded in (`scenario`), each once, in `SCENARIOS` order. */
  readonly scenarios: readonly Scenario[]
  /** The backend's daily limits the rate-limit scenarios fill, where they are not the app's defaults. */
  readonly dailyLimits?: DailyLimits
}

/** A backend's daily request limits per user; either may be left to the app's default. */
export interface DailyLimits {
  readonly withCache?: number
  readonly noCache?: number
}

/** The days the data covers, all Europe/Paris calendar days. */
export interface DataWindow {
  readonly referenceDate: IsoDate
  readonly days: number
  readonly firstDate: IsoDate
  /** The day before `referenceDate`. */
  readonly lastDate: IsoDate
  /** First day with a load curve: what the app's load-curve endpoint serves. */
  readonly loadCurveFrom: IsoDate
}

/** The ids and API credentials of an account, the same for the same seed and email. */
export interface AccountIdentity {
  readonly userId: string
  readonly clientId: string
  readonly clientSecret: string
}

/** An encrypted cache entry, ready to write: the token as text, or its ASCII bytes. */
export interface CacheWrite {
  readonly key: string
  readonly token: string | Buffer
}

/** Everything to write for one account, computed before touching a store. */
export interface AccountPlan {
  readonly account: ResolvedAccount
  readonly identity: AccountIdentity
  readonly passwordHash: string
  readonly window: DataWindow
  readonly readings: readonly PdlReadings[]
  readonly cacheWrites: readonly CacheWrite[]
  /** Days left out of each meter's cache (the `gaps` scenario); empty without it. */
  readonly gaps: readonly MeterGaps[]
  /** The SET commands of `cacheWrites`, when they were planned encoded. */
  readonly encoded?: EncodedCacheWrites
}

/**
 * The SET commands of an account's cache writes, in their order, already in Redis's wire format
 * (RESP, with `EX ttlSeconds`): sent as they are when the seed's TTL is that one.
 */
export interface EncodedCacheWrites {
  readonly bytes: Buffer
  readonly count: number
  readonly ttlSeconds: number
}

/** What removing an account removed. */
export interface RemovedAccount {
  /** `null` when there was no such account. */
  readonly userId: string | null
  readonly usagePointIds: readonly string[]
  /** Cache and rate-limit keys deleted. */
  readonly cacheKeys: number
}
