import type { DemoAccount } from '../demo-account.ts'
import { debug } from '../internal/log.ts'
import type { DemoAccountOptions } from '../options/demo-account-options.ts'
import { resolveDemoAccountOptions, reusesStores } from '../options/resolve-options.ts'
import { startReusedDemoAccount } from '../reuse/start-reused-account.ts'
import { acquireStoresInProgress } from '../stores/acquire-stores.ts'
import { demoAccountOf } from './assemble-account.ts'
import { seedAccountInto } from './seed-pipeline.ts'
import { settingsOf } from './settings-of.ts'
import { settleAppVersion } from './settle-app-version.ts'

/** Knobs the CLI, the runner adapters and the bench use; not part of the public API. */
export interface StartInternals {
  /** Logical Redis databases of a started Redis container. */
  readonly redisDatabases?: number
  /**
   * Told when the stores are ready (ms since the call) and when seeding ends (ms since the stores
   * were ready); `'reused'` instead of `'seed'` when reused stores already held the seed.
   */
  readonly onPhase?: (phase: 'stores' | 'seed' | 'reused', ms: number) => void
  /** In given stores, remove the account first, in the same transaction (`med-demo reset`). */
  readonly replace?: boolean
  /** Seed the account `addAccount({ index })` would (`med-demo seed --index`), not the demo account. */
  readonly accountIndex?: number
}

/** `withDemoAccount()`, with the internal knobs. */
export async function startDemoAccount(
  options: DemoAccountOptions = {},
  internals: StartInternals = {},
): Promise<DemoAccount> {
  const resolved = resolveDemoAccountOptions(options, internals.accountIndex)
  if (reusesStores(resolved)) {
    const reused = await startReusedDemoAccount(resolved, internals)
    if (reused) return reused
  }
  const given = settingsOf(resolved)
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
  const fresh = !resolved.postgres.url && !resolved.redis.url
  // 'auto' reads the release from a database that exists; new containers are empty.
  const settling = settleAppVersion(
    given,
    fresh ? undefined : () => stores.ready.then((ready) => ready.postgresUrl),
  )
  const seeding = settling.then((settings) =>
    seedAccountInto(
      settings,
      resolved.account,
      fresh
        ? { kind: 'new', stores }
        : { kind: 'existing', stores: stores.ready, replace: internals.replace ?? false },
    ),
  )
  const [ready, seeded] = await Promise.allSettled([stores.ready, seeding])
  if (ready.status === 'rejected') throw ready.reason
  if (seeded.status === 'rejected') {
    await ready.value.stop().catch(() => {})
    throw seeded.reason
  }
  // What seeding adds once both stores are up (Redis is often seeded before Postgres is).
  internals.onPhase?.('seed', performance.now() - storesReadyAt)
  debug(`demo account seeded (${Math.round(performance.now() - started)} ms)`)
  return demoAccountOf(ready.value, seeded.value.account, seeded.value.meters, await settling)
}
