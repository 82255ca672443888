import { type DemoAccount, describeSeededAccount, type SeededAccount } from './demo-account.ts'
import { debug } from './internal/log.ts'
import type { AddAccountOptions, DemoAccountOptions } from './options/demo-account-options.ts'
import {
  type DataWindow,
  resolveAddAccountOptions,
  resolveDemoAccountOptions,
} from './options/resolve-options.ts'
import { planAccount, startPasswordHash } from './seed/account-plan.ts'
import { type StoreUrls, seedAccount } from './seed/seed-account.ts'
import { type AcquiredStores, acquireStores } from './stores/acquire-stores.ts'
import { toAsyncpgUrl } from './stores/store-url.ts'

/** Internal knobs the runner adapters use. */
export interface WithDemoAccountInternals {
  /** @internal */
  readonly redisDatabases?: number
  /** @internal Told when each phase ends, with its duration in ms. */
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
  const passwordHash = startPasswordHash(resolved.account.password, resolved.bcryptRounds)
  const storesPromise = acquireStores(resolved, internals).then((stores) => {
    internals.onPhase?.('stores', performance.now() - started)
    return stores
  })
  const planPromise = planAccount(resolved.account, resolved.window, passwordHash)
  const [stores, plan] = await Promise.allSettled([storesPromise, planPromise])
  if (stores.status === 'rejected') throw stores.reason
  if (plan.status === 'rejected') {
    await stores.value.stop().catch(() => {})
    throw plan.reason
  }
  debug(`stores and plan ready (${Math.round(performance.now() - started)} ms)`)
  try {
    const seeding = performance.now()
    const rows = await seedAccount(stores.value, plan.value, resolved.cacheTtlSeconds)
    internals.onPhase?.('seed', performance.now() - seeding)
    debug(`demo account seeded (${Math.round(performance.now() - started)} ms)`)
    return demoAccountOf(
      stores.value,
      describeSeededAccount(plan.value, rows, resolved.secretKey),
      {
        secretKey: resolved.secretKey,
        seed: resolved.account.seed,
        referenceDate: resolved.window.referenceDate,
        days: resolved.window.days,
        cacheTtlSeconds: resolved.cacheTtlSeconds,
        addAccount: accountAdder(stores.value, resolved),
      },
    )
  } catch (error) {
    await stores.value.stop().catch(() => {})
    throw error
  }
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
    env: {
      DATABASE_URL: toAsyncpgUrl(stores.postgresUrl),
      REDIS_URL: stores.redisUrl,
      SECRET_KEY: context.secretKey,
    },
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
