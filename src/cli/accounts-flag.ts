import type { DemoAccount } from '../demo-account.ts'
import { UsageError } from './cli-error.ts'
import { progress, seconds } from './progress.ts'

/** `--accounts N`: load-test accounts seeded after the demo account. */
export const ACCOUNTS_FLAG = { accounts: { type: 'string' } } as const

export const ACCOUNTS_FLAG_HELP = `  --accounts N            also seed N load-test accounts, demo-1@example.com to demo-N@example.com
                          (after --index K: from demo-(K+1)), each with its own PDLs (a summary is
                          printed; --json lists them)`

/** The number `--accounts` asks for, checked before anything is written. */
export function accountsFromFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 99_999) {
    throw new UsageError(`--accounts takes a whole number from 1 to 99999, got "${value}"`)
  }
  return Number(value)
}

/** What `--json` says of each load-test account: enough to log in as it and read its data. */
export interface LoadTestAccount {
  readonly email: string
  readonly password: string
  readonly userId: string
  readonly clientId: string
  readonly clientSecret: string
  readonly jwt: string
  readonly usagePointIds: readonly string[]
}

/** Seeds the load-test accounts into the demo's stores, saying how long it took on stderr. */
export async function seedLoadTestAccounts(
  demo: DemoAccount,
  count: number,
  startIndex = 1,
): Promise<LoadTestAccount[]> {
  progress(`› Seeding ${count} load-test account(s)…`)
  const started = performance.now()
  const accounts = await demo.addAccounts(count, { startIndex })
  progress(
    `✔ Seeded ${count} account(s) in ${seconds(performance.now() - started)}: ` +
      `${accounts[0]!.email}${count > 1 ? ` to ${accounts.at(-1)!.email}` : ''}, password as the demo account's`,
  )
  return accounts.map((account) => ({
    email: account.email,
    password: account.password,
    userId: account.user.id,
    clientId: account.clientId,
    clientSecret: account.clientSecret,
    jwt: account.jwt,
    usagePointIds: account.pdls.map((pdl) => pdl.usagePointId),
  }))
}
