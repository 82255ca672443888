import { parseArgs } from 'node:util'
import { ENV, readEnv } from '../../internal/environment.ts'
import { withDemoAccount } from '../../with-demo-account.ts'
import { ACCOUNT_FLAGS, ACCOUNT_FLAGS_HELP, accountOptionsFromFlags } from '../account-flags.ts'
import { accountReport, formatAccountSummary } from '../account-report.ts'
import { UsageError } from '../cli-error.ts'
import { writeEnvFile } from '../env-file.ts'
import { progress, seconds } from '../progress.ts'

export const SEED_HELP = `Usage: med-demo seed --database-url URL --redis-url URL [options]

Seeds the demo account into existing stores (creating the app's schema if absent) and exits.
Seeding again gives the same account; a backend already running keeps working if you pass its
--secret-key.

Options:
${ACCOUNT_FLAGS_HELP}

The URLs may also come from ${ENV.databaseUrl} and ${ENV.redisUrl}.`

/** `med-demo seed` */
export async function seed(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: ACCOUNT_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(SEED_HELP)
    return 0
  }
  values['database-url'] ??= readEnv(ENV.databaseUrl)
  values['redis-url'] ??= readEnv(ENV.redisUrl)
  const missing = (['database-url', 'redis-url'] as const).filter((flag) => !values[flag])
  if (missing.length > 0) {
    throw new UsageError(
      `seed needs ${missing.map((flag) => `--${flag}`).join(' and ')} (it never starts containers; \`med-demo up\` does)`,
    )
  }
  progress('› Seeding the demo account…')
  const demo = await withDemoAccount(accountOptionsFromFlags(values), {
    onPhase: (phase, ms) => {
      if (phase === 'seed') progress(`✔ Seeded in ${seconds(ms)}`)
    },
  })
  if (values['env-file']) await writeEnvFile(values['env-file'], demo.env)
  if (values.json) console.log(JSON.stringify(accountReport(demo), null, 2))
  else console.log(`\n${formatAccountSummary(demo, Boolean(values['show-secrets']))}\n`)
  if (!values['secret-key'] && !values.json) {
    progress(
      "Note: the JWT is signed with a new random SECRET_KEY (--json or --env-file shows it); pass --secret-key to use your backend's.",
    )
  }
  return 0
}
