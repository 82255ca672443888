import { appContractOf } from '../app/releases.ts'
import type { SeededAccount } from '../demo-account.ts'
import type { ResolvedAccount, ResolvedPdl } from '../model/account.ts'
import type { EnvironmentSettings, StoreUrls } from '../model/environment.ts'
import type { MeterSpec } from '../readings/types.ts'
import type { StoresInProgress } from '../stores/acquire-stores.ts'
import { startPasswordHash, startPlanning } from './account-plan.ts'
import { describeSeededAccount } from './describe-account.ts'
import {
  type SeedMode,
  scenarioWrites,
  seedAccountWhenPlanned,
  seedNewStores,
} from './seed-account.ts'

/**
 * Where an account is seeded: stores this call is starting, which nothing else uses yet (each is
 * written as soon as it is up, Redis usually seconds before Postgres), or stores that exist (one
 * transaction that takes the seeding lock and undoes Redis if Postgres fails).
 */
export type SeedTarget =
  | { readonly kind: 'new'; readonly stores: StoresInProgress }
  | ({ readonly kind: 'existing'; readonly stores: StoreUrls | Promise<StoreUrls> } & SeedMode)

/** A seeded account, with the meters its readings follow. */
export interface SeededResult {
  readonly account: SeededAccount
  readonly meters: readonly MeterSpec[]
}

/**
 * The one seeding pipeline every entry point runs (`withDemoAccount`, the Vitest template,
 * `addAccount`): hashes the password, generates and encrypts the cache (on the next turn of the
 * event loop, so that container requests go out first, and without waiting for bcrypt), writes
 * both stores through the release's contract, and describes the account.
 */
export async function seedAccountInto(
  settings: EnvironmentSettings,
  account: ResolvedAccount,
  target: SeedTarget,
): Promise<SeededResult> {
  const app = appContractOf(settings)
  const passwordHash = startPasswordHash(account.password, settings.bcryptRounds, app)
  const { cache, plan } = startPlanning(
    account,
    settings.window,
    passwordHash,
    app,
    settings.cacheTtlSeconds,
  )
  const rows =
    target.kind === 'new'
      ? seedNewStores(
          target.stores,
          plan,
          // New stores hold no user yet: the planned id is the one the rows get.
          cache.then((parts) => ({
            writes: [...parts.cacheWrites, ...scenarioWrites(app, parts.identity.userId, account)],
            encoded: parts.encoded,
          })),
          settings.cacheTtlSeconds,
          app,
        )
      : Promise.resolve(target.stores).then((stores) =>
          seedAccountWhenPlanned(stores, plan, settings.cacheTtlSeconds, app, {
            replace: target.replace,
          }),
        )
  // Both settle before the result or the first error is given: nothing is left running.
  const [seeded, planned] = await Promise.allSettled([rows, plan])
  if (seeded.status === 'rejected') throw seeded.reason
  if (planned.status === 'rejected') throw planned.reason
  return {
    account: describeSeededAccount(planned.value, seeded.value, settings.secretKey, app),
    meters: planned.value.account.pdls.map(meterOf),
  }
}

/** The meter a PDL's readings follow. */
export function meterOf(pdl: ResolvedPdl): MeterSpec {
  return {
    usagePointId: pdl.usagePointId,
    profile: pdl.profile,
    subscribedPower: pdl.subscribedPower,
    hasConsumption: pdl.hasConsumption,
    hasProduction: pdl.hasProduction,
    offpeakHours: pdl.offpeakHours,
  }
}
