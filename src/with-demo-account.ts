import { defaultAppContract } from './app/releases.ts'
import { type DemoAccount, describeSeededAccount, type SeededAccount } from './demo-account.ts'
import { debug } from './internal/log.ts'
import type { DataWindow } from './model/account.ts'
import type { AddAccountOptions, DemoAccountOptions } from './options/demo-account-options.ts'
import { resolveAddAccountOptions, resolveDemoAccountOptions } from './options/resolve-options.ts'
import { planAccount, startPasswordHash, startPlanning } from './seed/account-plan.ts'
import { type StoreUrls, seedAccount, seedNewStores } from './seed/seed-account.ts'
import { type AcquiredStores, acquireStoresInProgress } from './stores/acquire-stores.ts'

/** Internal knobs the runner adapters use. */
export interface WithDemoAccountInternals {
  /** @internal */
  readonly redisDatabases?: number
  /** @internal Told when the stores are ready (ms since the call) and when seeding ends (ms since the stores were ready). */
  readonly onPhase?: (phase: 'stores' | 'seed', ms: number) => void
}

/**
 * Starts Postgres and Redis in containers (or uses the URLs you give), creates the app's schema,
 * and seeds the demo user, its PDLs and three years of cached readings in the app's own formats.
 *
 * @example
 * ```ts
 * import { withDemoAccount } from '@myelectricaldata/demo-account'
 *
 * await using demo = await withDemoAccount()
 * const response = await fetch(`${api}/pdl`, { headers: { Authorization: `Bearer ${demo.jwt}` } })
 * ```
 */
export async function withDemoAccount(
  options: DemoAccountOptions = {},
  internals: WithDemoAccountInternals = {},
): Promise<DemoAccount> {
  const resolved = resolveDemoAccountOptions(options)
  const started = performance.now()
  // The slow parts overlap: containers start while bcrypt hashes and the readings are generated.
  const stores = acquireStoresInProgress(resolved, internals)
  let storesReadyAt = started
  stores.ready.then(
    () => {
      storesReadyAt = performance.now()
      internals.onPhase?.('stores', storesReadyAt - started)
    },
    () => {},
  )
  const passwordHash = startPasswordHash(resolved.account.password, resolved.bcryptRounds)
  const { cache, plan } = startPlanning(resolved.account, resolved.window, passwordHash)
  const fresh = !resolved.postgres.url && !resolved.redis.url
  const rows = fresh
    ? seedNewStores(
        stores,
        plan,
        cache.then((parts) => parts.cacheWrites),
        resolved.cacheTtlSeconds,
      )
    : Promise.all([stores.ready, plan]).then(([ready, planned]) =>
        seedAccount(ready, planned, resolved.cacheTtlSeconds),
      )
  const [ready, seeded, planned] = await Promise.allSettled([stores.ready, rows, plan])
  if (ready.status === 'rejected') throw ready.reason
  if (seeded.status === 'rejected' || planned.status === 'rejected') {
    await ready.value.stop().catch(() => {})
    throw seeded.status === 'rejected' ? seeded.reason : (planned as PromiseRejectedResult).reason
  }
  // What seeding adds once both stores are up (Redis is often seeded before Postgres is).
  internals.onPhase?.('seed', performance.now() - storesReadyAt)
  debug(`demo account seeded (${Math.round(performance.now() - started)} ms)`)
  return demoAccountOf(
    ready.value,
    describeSeededAccount(planned.value, seeded.value, resolved.secretKey),
    {
      secretKey: resolved.secretKey,
      seed: resolved.account.seed,
      referenceDate: resolved.window.referenceDate,
      days: resolved.window.days,
      cacheTtlSeconds: resolved.cacheTtlSeconds,
      addAccount: accountAdder(ready.value, resolved),
    },
  )
}

/** The settings further accounts share with the first one. */
export interface SharedAccountSettings {
  readonly account: { readonly seed: string }
  readonly window: DataWindow
  readonly secretKey: string
  readonly bcryptRounds: number
  readonly cacheTtlSeconds: number
}

/** `addAccount()` for accounts seeded into these stores with these settings. */
export function accountAdder(
  stores: StoreUrls,
  settings: SharedAccountSettings,
): (options: AddAccountOptions) => Promise<SeededAccount> {
  return async (options) => {
    const account = resolveAddAccountOptions(options, settings.account.seed)
    const passwordHash = startPasswordHash(account.password, settings.bcryptRounds)
    const plan = await planAccount(account, settings.window, passwordHash)
    const rows = await seedAccount(stores, plan, settings.cacheTtlSeconds)
    return describeSeededAccount(plan, rows, settings.secretKey)
  }
}

interface AccountContext {
  readonly secretKey: string
  readonly seed: string
  readonly referenceDate: string
  readonly days: number
  readonly cacheTtlSeconds: number
  readonly addAccount: (options: AddAccountOptions) => Promise<SeededAccount>
}

/** Assembles the value users get; `stop()` is idempotent. */
export function demoAccountOf(
  stores: StoreUrls & Pick<AcquiredStores, 'stop'>,
  account: SeededAccount,
  context: AccountContext,
): DemoAccount {
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= stores.stop()
    return stopping
  }
  return {
    ...account,
    ...context,
    postgres: { url: stores.postgresUrl },
    redis: { url: stores.redisUrl },
    env: defaultAppContract.backendEnv(stores, context.secretKey),
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
