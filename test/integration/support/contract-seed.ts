import pg from 'pg'
import type { AppContract } from '../../../src/app/app-contract.ts'
import type { AccountPlan } from '../../../src/model/account.ts'
import { dataWindow } from '../../../src/model/data-window.ts'
import { resolveDemoAccountOptions } from '../../../src/options/resolve-options.ts'
import { planAccount } from '../../../src/seed/account-plan.ts'

/** A plan for the contract: its own curve days, the given reference date and number of days. */
export async function contractPlan(
  contract: AppContract,
  referenceDate: string,
  days: number,
): Promise<AccountPlan> {
  const { account } = resolveDemoAccountOptions({ referenceDate, days, bcryptRounds: 4 })
  const window = dataWindow(referenceDate, days, contract.loadCurveFrom(referenceDate))
  return planAccount(account, window, contract.hashPassword(account.password, 4), contract)
}

/** Writes a plan's rows through the contract, in one transaction, as the engine does. */
export async function writeThroughContract(
  url: string,
  contract: AppContract,
  plan: AccountPlan,
): Promise<void> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    await client.query('BEGIN')
    await contract.writeAccountRows(client, plan)
    await client.query('COMMIT')
  } finally {
    await client.end()
  }
}
