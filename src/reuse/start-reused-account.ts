import { appContractOf } from '../app/releases.ts'
import type { DemoAccount } from '../demo-account.ts'
import { debug } from '../internal/log.ts'
import type { DataWindow } from '../model/account.ts'
import { describeEnvironment, readEnvironmentDescriptor } from '../model/environment-descriptor.ts'
import type { ResolvedOptions } from '../options/resolve-options.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import type { MeterSpec, PdlReadings } from '../readings/types.ts'
import { demoAccountOf } from '../seed/assemble-account.ts'
import { seedAccountInto } from '../seed/seed-pipeline.ts'
import { settingsOf } from '../seed/settings-of.ts'
import { settleAppVersion } from '../seed/settle-app-version.ts'
import type { StartInternals } from '../seed/start-demo-account.ts'
import { openReusedStores } from './reused-stores.ts'
import { withoutSecrets } from './run-secrets.ts'

/** Redis databases of an account's reused container, as of a container started without reuse. */
const DEFAULT_REDIS_DATABASES = 16

/**
 * Makes `demo.readings` on first use: they derive from the seed, the window and the meters (byte
 * for byte what was seeded), and making them is most of a warm start's time, which a test that
 * never reads them need not pay.
 */
function withReadingsOnFirstUse(
  demo: DemoAccount,
  meters: readonly MeterSpec[],
  window: DataWindow,
): void {
  let readings: PdlReadings[] | undefined
  Object.defineProperty(demo, 'readings', {
    enumerable: true,
    configurable: true,
    get: () =>
      (readings ??= generateReadings({
        seed: demo.seed,
        firstDate: window.firstDate,
        lastDate: window.lastDate,
        loadCurveFrom: window.loadCurveFrom,
        meters,
      })),
  })
}

/**
 * `withDemoAccount({ reuse: true })` with containers: the stores of an earlier run with the same
 * options when they still hold its seed (nothing is seeded, the account is read back from the
 * marker and its JWT signed with this run's key), else stores seeded now and kept. `undefined`
 * when reused stores that changed are in use by another run: the caller starts stores of its own.
 */
export async function startReusedDemoAccount(
  resolved: ResolvedOptions,
  internals: StartInternals,
): Promise<DemoAccount | undefined> {
  const started = performance.now()
  const layout = {
    kind: 'account',
    redisDatabases: internals.redisDatabases ?? DEFAULT_REDIS_DATABASES,
  } as const
  const session = await openReusedStores(resolved, layout)
  if (!session) return undefined
  try {
    const storesAt = performance.now()
    internals.onPhase?.('stores', storesAt - started)
    const urls = session.stores
    if (session.reused !== undefined) {
      const read = readEnvironmentDescriptor(
        { ...(session.reused as object), stores: urls },
        'the marker of the reused stores',
        false,
      )
      const settings = { ...read.settings, secretKey: resolved.secretKey }
      const jwt = appContractOf(settings).signAccessToken(read.account.user.id, settings.secretKey)
      const stores = await session.ready()
      const demo = demoAccountOf(stores, { ...read.account, jwt }, read.meters, settings)
      withReadingsOnFirstUse(demo, read.meters, settings.window)
      internals.onPhase?.('reused', performance.now() - storesAt)
      debug(`demo account reused (${Math.round(performance.now() - started)} ms)`)
      return demo
    }
    // New or wiped stores: 'auto' gets the default of the mode.
    const settings = await settleAppVersion(settingsOf(resolved), undefined)
    const seeded = await seedAccountInto(settings, resolved.account, {
      kind: 'existing',
      stores: urls,
    })
    await session.markSeeded(
      withoutSecrets(describeEnvironment(settings, urls, seeded.account, seeded.meters)),
    )
    const stores = await session.ready()
    internals.onPhase?.('seed', performance.now() - storesAt)
    debug(`demo account seeded into reused stores (${Math.round(performance.now() - started)} ms)`)
    return demoAccountOf(stores, seeded.account, seeded.meters, settings)
  } catch (error) {
    await session.abandon()
    throw error
  }
}
