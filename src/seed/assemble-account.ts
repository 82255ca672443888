import { appContractOf } from '../app/releases.ts'
import type { DemoAccount, SeededAccount } from '../demo-account.ts'
import { DemoAccountError } from '../errors.ts'
import type { EnvironmentSettings, StoreUrls } from '../model/environment.ts'
import {
  type DemoEnvironmentDescriptor,
  type DescribedEnvironment,
  describeEnvironment,
} from '../model/environment-descriptor.ts'
import { defineLazyReadings, shareReadings, withoutReadings } from '../model/lazy-readings.ts'
import { type AddAccountsOptions, resolveAddAccounts } from '../options/add-accounts-options.ts'
import type { AddAccountOptions } from '../options/demo-account-options.ts'
import { resolveAddAccountOptions } from '../options/resolve-options.ts'
import type { MeterSpec } from '../readings/types.ts'
import { generateAccountReadings } from './account-plan.ts'
import type { SeedMode } from './seed-account.ts'
import { seedAccounts } from './seed-accounts.ts'
import { meterOf, seedAccountInto } from './seed-pipeline.ts'

/** What the library keeps about each account it hands out, to describe it later. */
const descriptions = new WeakMap<DemoAccount, DemoEnvironmentDescriptor>()
/** The stores and settings of each account it hands out, to seed more accounts like it. */
const environments = new WeakMap<
  DemoAccount,
  { stores: StoreUrls; settings: EnvironmentSettings }
>()

/**
 * `addAccount()` for accounts seeded into these stores with these settings; with `replace`, an
 * account of the same email is removed first, in the same transaction (back to the seeded state).
 */
export function accountAdder(
  stores: StoreUrls,
  settings: EnvironmentSettings,
  mode: SeedMode = {},
): (options: AddAccountOptions) => Promise<DemoAccount> {
  return async (options) => {
    if (settings.appMode === 'client') {
      throw new DemoAccountError(
        'INVALID_OPTION',
        "`addAccount()` is not available with `appMode: 'client'`: the app's client mode has one local user (local@localhost), which already holds the meters. Give that account every meter in `pdls`, or use `appMode: 'server'` for several accounts.",
      )
    }
    const account = resolveAddAccountOptions(options, settings.seed, {
      window: settings.window,
      app: appContractOf(settings),
    })
    const seeded = await seedAccountInto(settings, account, { kind: 'existing', stores, ...mode })
    return demoAccountOf(
      { ...stores, stop: async () => {} },
      seeded.account,
      seeded.meters,
      settings,
    )
  }
}

/** `addAccounts()` for accounts seeded into these stores with these settings. */
export function accountsAdder(
  stores: StoreUrls,
  settings: EnvironmentSettings,
): (count: number, options?: AddAccountsOptions) => Promise<DemoAccount[]> {
  return async (count, options) => {
    if (settings.appMode === 'client') {
      throw new DemoAccountError(
        'INVALID_OPTION',
        "`addAccounts()` is not available with `appMode: 'client'`: the app's client mode has one local user (local@localhost). Use `appMode: 'server'` for several accounts.",
      )
    }
    const accounts = resolveAddAccounts(count, options, settings.seed)
    const added: DemoAccount[] = []
    await seedAccounts(stores, settings, accounts, (seeded, position) => {
      const resolved = accounts[position]!
      const meters = resolved.pdls.map(meterOf)
      const demo = demoAccountOf({ ...stores, stop: async () => {} }, seeded, meters, settings)
      // Regenerated when read, so that a hundred accounts do not hold a hundred years of curves.
      added.push(
        defineLazyReadings(demo, () => generateAccountReadings(resolved, settings.window), false),
      )
    })
    return added
  }
}

/**
 * The value users get, the same shape in every runner: the account, its environment's settings
 * and stores, the env a backend needs, `addAccount()`, and `stop()` (idempotent), which stops
 * what `stores.stop` owns.
 */
export function demoAccountOf(
  stores: StoreUrls & { stop(): Promise<void> },
  account: SeededAccount,
  meters: readonly MeterSpec[],
  settings: EnvironmentSettings,
): DemoAccount {
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= stores.stop()
    return stopping
  }
  const urls = { postgresUrl: stores.postgresUrl, redisUrl: stores.redisUrl }
  const demo: DemoAccount = {
    ...(withoutReadings(account) as SeededAccount),
    secretKey: settings.secretKey,
    seed: settings.seed,
    referenceDate: settings.window.referenceDate,
    days: settings.window.days,
    cacheTtlSeconds: settings.cacheTtlSeconds,
    postgres: { url: stores.postgresUrl },
    redis: { url: stores.redisUrl },
    env: appContractOf(settings).backendEnv(urls, settings.secretKey),
    addAccount: accountAdder(urls, settings),
    addAccounts: accountsAdder(urls, settings),
    stop,
    [Symbol.asyncDispose]: stop,
  }
  shareReadings(demo, account)
  descriptions.set(demo, describeEnvironment(settings, urls, account, meters))
  environments.set(demo, { stores: urls, settings })
  return demo
}

/**
 * `addAccount()` of this account's environment that removes an account of the same email first,
 * in the same transaction: the account as seeded, whatever was done to it since.
 */
export function accountReseeder(
  demo: DemoAccount,
): (options: AddAccountOptions) => Promise<DemoAccount> {
  const environment = environments.get(demo)
  if (!environment) throw new TypeError('not a DemoAccount this library made')
  return accountAdder(environment.stores, environment.settings, { replace: true })
}

/** An account read back from a description, in its stores (which `stop` leaves running). */
export function demoAccountFromDescription(described: DescribedEnvironment): DemoAccount {
  const stores = { ...described.stores, stop: async () => {} }
  return demoAccountOf(stores, described.account, described.meters, described.settings)
}

/**
 * The account with more fields (a runner's `slot` and `reset`, say), still known to the library as
 * the same account: a plain spread would lose its description, which the readers and
 * `describeDemoAccount` look up.
 */
export function extendDemoAccount<T extends object>(demo: DemoAccount, extra: T): DemoAccount & T {
  const extended = { ...demo, ...extra }
  const description = descriptions.get(demo)
  if (description) descriptions.set(extended, description)
  return extended
}

/** The description of an account the library handed out, for another process to read back. */
export function describeDemoAccount(demo: DemoAccount): DemoEnvironmentDescriptor {
  const description = descriptions.get(demo)
  if (!description) throw new TypeError('not a DemoAccount this library made')
  return description
}
