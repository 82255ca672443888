import { appContractOf } from '../app/releases.ts'
import type { SeededAccount } from '../demo-account.ts'
import { DemoAccountError, describeError } from '../errors.ts'
import type { AccountPlan, ResolvedAccount } from '../model/account.ts'
import type { EnvironmentSettings, StoreUrls } from '../model/environment.ts'
import { startPasswordHash } from './account-plan.ts'
import { describeSeededAccount } from './describe-account.ts'
import { acquirePlanPool, releasePlanPool } from './kept-plan-pools.ts'
import { type CachePart, planWorkers } from './plan-pool.ts'
import { accountWrites, seedingStep } from './seed-account.ts'
import { inSeedTransactionOn, withSeedConnections } from './seed-transaction.ts'

/** Plans asked for ahead of the account being written: enough to keep every worker busy. */
const AHEAD_PER_WORKER = 2

/**
 * Seeds many accounts into existing stores, one after the other, each in its own transaction (all
 * or nothing, under the seeding lock), on one pair of connections. Worker threads (kept between
 * calls) generate and encrypt the next accounts' caches while this thread writes the current one
 * (and plans one itself when no worker has taken it yet), and only a few plans are held at a
 * time: memory stays bounded whatever `count`. Each account is given to
 * `onSeeded` once committed, without its readings (`readings` is empty: they derive from the seed
 * and can be regenerated). On a failure, the accounts before it stay seeded, the failing one
 * leaves the stores as they were, and the error says which.
 */
export async function seedAccounts(
  stores: StoreUrls,
  settings: EnvironmentSettings,
  accounts: readonly ResolvedAccount[],
  onSeeded: (account: SeededAccount, position: number) => void,
): Promise<void> {
  const app = appContractOf(settings)
  // No more workers than accounts: each one starts the module graph.
  const pool = acquirePlanPool(settings, Math.min(planWorkers(), accounts.length))
  const planned: Promise<CachePart>[] = []
  const planUpTo = (last: number) => {
    for (let i = planned.length; i <= Math.min(last, accounts.length - 1); i++) {
      const part = pool.plan(accounts[i]!, settings.window, settings.cacheTtlSeconds)
      // Awaited in turn below; a plan that fails after an earlier account failed is not reported.
      part.catch(() => {})
      planned.push(part)
    }
  }
  let position = 0
  try {
    await withSeedConnections(stores, async (client, redis) => {
      for (; position < accounts.length; position++) {
        planUpTo(position + pool.size * AHEAD_PER_WORKER)
        const account = accounts[position]!
        // While the workers start (the first accounts), or when all are busy, this thread plans.
        pool.planHere(planned[position]!)
        const [part, passwordHash] = await Promise.all([
          planned[position]!,
          startPasswordHash(account.password, settings.bcryptRounds, app),
        ])
        const plan: AccountPlan = {
          account,
          window: settings.window,
          passwordHash,
          identity: part.identity,
          readings: [],
          cacheWrites: part.cacheWrites,
          // Load-test accounts take no scenario, so no day is left out.
          gaps: [],
          encoded: part.encoded,
        }
        // Only the plans ahead are kept: this one goes once written.
        delete planned[position]
        const rows = await inSeedTransactionOn(
          client,
          redis,
          stores,
          seedingStep(plan),
          accountWrites(stores.redisUrl, plan, settings.cacheTtlSeconds, app),
        )
        const seeded = describeSeededAccount(plan, rows, settings.secretKey, app)
        // Sent, and the account keeps no token: the next plan may be written over them.
        pool.recycle(part)
        onSeeded(seeded, position)
      }
    })
  } catch (error) {
    throw batchError(error, accounts, position)
  } finally {
    // After a failure, the plans asked for ahead are not needed.
    pool.cancel(planned.filter((part) => part !== undefined))
    await releasePlanPool(pool)
  }
}

/** The error of account `failed`, saying which accounts were seeded before it and stay. */
function batchError(
  error: unknown,
  accounts: readonly ResolvedAccount[],
  failed: number,
): DemoAccountError {
  const account = accounts[failed]
  const cause = error instanceof DemoAccountError ? error : undefined
  const reason = (cause?.message ?? describeError(error)).replace(/^\[demo-account\] /, '')
  const seeded =
    failed === 0
      ? 'No account of this call was seeded.'
      : `The ${failed} account(s) before it (${accounts[0]!.email} to ${accounts[failed - 1]!.email}) were seeded and stay in the stores; call addAccounts() again with the same options to finish (seeding again gives the same state), or remove them with removeDemoAccount().`
  const what = account
    ? `account ${failed + 1} of ${accounts.length} (${account.email})`
    : 'connecting to the stores'
  return new DemoAccountError(
    cause?.code ?? 'SEED_FAILED',
    `addAccounts() failed at ${what}: ${reason} ${seeded}${failed + 1 < accounts.length && account ? ` The ${accounts.length - failed - 1} account(s) after it were not written.` : ''}`,
    { cause: error },
  )
}
