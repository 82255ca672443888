import { parseArgs } from 'node:util'
import { ENV, readEnv } from '../../internal/environment.ts'
import { resolveDemoAccountOptions } from '../../options/resolve-options.ts'
import { describeDemoAccount } from '../../seed/assemble-account.ts'
import { keepPlansOnDisk } from '../../seed/plan-disk-cache.ts'
import { startDemoAccount } from '../../seed/start-demo-account.ts'
import { ACCOUNT_FLAGS, ACCOUNT_FLAGS_HELP, accountOptionsFromFlags } from '../account-flags.ts'
import { formatAccountSummary } from '../account-report.ts'
import {
  ACCOUNTS_FLAG,
  ACCOUNTS_FLAG_HELP,
  accountsFromFlag,
  seedLoadTestAccounts,
} from '../accounts-flag.ts'
import { UsageError } from '../cli-error.ts'
import { writeEnvFile } from '../env-file.ts'
import { checkOutputFile } from '../output-file.ts'
import { progress, seconds } from '../progress.ts'

export const SEED_HELP = `Usage: med-demo seed --database-url URL --redis-url URL [options]

Seeds the demo account into existing stores (creating the app's schema if absent) and exits.
Seeding again gives the same account; a backend already running keeps working if you pass its
--secret-key.

Options:
${ACCOUNT_FLAGS_HELP}
${ACCOUNTS_FLAG_HELP}

The URLs may also come from ${ENV.databaseUrl} and ${ENV.redisUrl}.`

/** `med-demo seed` */
export async function seed(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...ACCOUNT_FLAGS, ...ACCOUNTS_FLAG },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(SEED_HELP)
    return 0
  }
  const fromEnvironment = { 'database-url': ENV.databaseUrl, 'redis-url': ENV.redisUrl } as const
  const missing = (['database-url', 'redis-url'] as const).filter(
    (flag) => values[flag] === undefined && readEnv(fromEnvironment[flag]) === undefined,
  )
  if (missing.length > 0) {
    throw new UsageError(
      `seed needs ${missing.map((flag) => `--${flag}`).join(' and ')} (it never starts containers; \`med-demo up\` does)`,
    )
  }
  const options = accountOptionsFromFlags(values)
  const accountCount = accountsFromFlag(values.accounts)
  // Every input is checked before the stores are touched.
  resolveDemoAccountOptions(options)
  if (values['env-file'] !== undefined) await checkOutputFile(values['env-file'], '--env-file')
  // Each run is a new process: the plan of an account seeded before is read back, not recomputed.
  keepPlansOnDisk()
  progress('› Seeding the demo account…')
  const demo = await startDemoAccount(options, {
    onPhase: (phase, ms) => {
      if (phase === 'seed') progress(`✔ Seeded in ${seconds(ms)}`)
    },
  })
  const accounts = accountCount ? await seedLoadTestAccounts(demo, accountCount) : undefined
  if (values['env-file'] !== undefined) await writeEnvFile(values['env-file'], demo.env)
  if (values.json) console.log(JSON.stringify({ ...describeDemoAccount(demo), accounts }, null, 2))
  else console.log(`\n${formatAccountSummary(demo, Boolean(values['show-secrets']))}\n`)
  if (values['secret-key'] === undefined && !values.json) {
    progress(
      "Note: the JWT is signed with a new random SECRET_KEY (--json or --env-file shows it); pass --secret-key to use your backend's.",
    )
  }
  return 0
}
