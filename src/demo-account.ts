import type { PdlRow, UserRow } from './model/account-rows.ts'
import type { BackendEnv } from './model/environment.ts'
import type { MeterGaps, Scenario } from './model/scenario.ts'
import type { AddAccountsOptions } from './options/add-accounts-options.ts'
import type { AddAccountOptions } from './options/demo-account-options.ts'
import type { PdlProfile, PdlReadings } from './readings/types.ts'

/** A seeded PDL: its `pdls` row, camelCased, plus the profile its readings follow (not a column). */
export interface DemoPdl extends PdlRow {
  readonly profile: PdlProfile
}

/** One account in the stores, with everything a test needs to act as it. */
export interface SeededAccount {
  /** The `users` row, camelCased. */
  readonly user: UserRow
  readonly email: string
  readonly password: string
  /** An access token the app accepts (HS256, `{ sub, exp }`, 30 days), signed with the secret key. */
  readonly jwt: string
  readonly clientId: string
  /** Works as `Authorization: Bearer <clientSecret>`; the cache is encrypted with it. */
  readonly clientSecret: string
  readonly pdls: readonly DemoPdl[]
  /** The meters' readings, per PDL, in the order of `pdls` (the `gaps` days included). */
  readonly readings: readonly PdlReadings[]
  /** The states the account was seeded in (the `scenario` option), in `SCENARIOS` order. */
  readonly scenarios: readonly Scenario[]
  /**
   * With `scenario: 'gaps'`: per PDL, the days (Europe/Paris, ascending) whose per-day cache
   * entries were left out, so the app asks Enedis for them; empty otherwise.
   */
  readonly gaps: readonly MeterGaps[]
  /**
   * With `scenario: 'unverified'`: the token of the user's pending email verification, for
   * `GET /api/accounts/verify-email?token=…`.
   */
  readonly emailVerificationToken?: string
}

/** What the app's backend needs to run against these stores. */
export type DemoAccountEnv = BackendEnv

/** The demo account and the stores it lives in. Stop it (or `await using` it) when done. */
export interface DemoAccount extends SeededAccount, AsyncDisposable {
  /** The app's `SECRET_KEY` the JWT is signed with. */
  readonly secretKey: string
  readonly seed: string
  /** Readings end the day before it. */
  readonly referenceDate: string
  /** Days of daily readings. */
  readonly days: number
  /** TTL of the cache entries, 0 for none. */
  readonly cacheTtlSeconds: number
  readonly postgres: { readonly url: string }
  readonly redis: { readonly url: string }
  readonly env: DemoAccountEnv
  /**
   * Seeds another account into the same stores. Usage point ids are unique across users and the
   * app's cache keys carry no account prefix, so accounts must not share PDL ids: `index` derives
   * a distinct email and distinct ids.
   *
   * @example
   * ```ts
   * const writer = await demo.addAccount({ index: 1 }) // demo-1@example.com
   * ```
   */
  addAccount(options: AddAccountOptions): Promise<DemoAccount>
  /**
   * Seeds `count` accounts for a load test, `demo-<index>@example.com` from `startIndex` (1 by
   * default) on, each with PDL ids of its own. Each account is all or nothing; on a failure the
   * accounts before it stay and the error names them. Their `readings` are regenerated each time
   * they are read (keep the value), so that many accounts do not hold their curves in memory.
   *
   * @example
   * ```ts
   * const accounts = await demo.addAccounts(100, { pdls: [{}, { profile: 'solar-home' }] })
   * ```
   */
  addAccounts(count: number, options?: AddAccountsOptions): Promise<DemoAccount[]>
  /** Stops the containers this library started. Idempotent. */
  stop(): Promise<void>
}
