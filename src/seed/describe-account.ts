import type { AppContract } from '../app/app-contract.ts'
import type { SeededAccount } from '../demo-account.ts'
import type { AccountPlan } from '../model/account.ts'
import { shareReadings } from '../model/lazy-readings.ts'
import type { SeededRows } from './seed-account.ts'

/** The account part of a seeded plan. */
export function describeSeededAccount(
  plan: AccountPlan,
  rows: SeededRows,
  secretKey: string,
  app: AppContract,
): SeededAccount {
  const profiles = new Map(plan.account.pdls.map((pdl) => [pdl.usagePointId, pdl.profile]))
  const account = {
    user: rows.user,
    // The row's: in client mode the account is the app's local user, whatever email was asked for.
    email: rows.user.email,
    password: plan.account.password,
    jwt: app.signAccessToken(rows.user.id, secretKey),
    clientId: rows.user.clientId,
    clientSecret: rows.user.clientSecret,
    pdls: rows.pdls.map((pdl) => ({ ...pdl, profile: profiles.get(pdl.usagePointId)! })),
    scenarios: plan.account.scenarios,
    gaps: plan.gaps,
    ...(rows.emailVerificationToken ? { emailVerificationToken: rows.emailVerificationToken } : {}),
  }
  // Not read here: they may be computed when first read.
  return shareReadings(account, plan)
}
