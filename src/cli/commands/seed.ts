import { parseArgs } from 'node:util'
import { ENV } from '../../internal/environment.ts'
import { resolveDemoAccountOptions } from '../../options/resolve-options.ts'
import { describeDemoAccount } from '../../seed/assemble-account.ts'
import { keepPlansOnDisk } from '../../seed/plan-disk-cache.ts'
import { startDemoAccount } from '../../seed/start-demo-account.ts'
import {
  ACCOUNT_FLAGS,
  ACCOUNT_FLAGS_HELP,
  accountOptionsFromFlags,
  integer,
  missingStoreFlags,
} from '../account-flags.ts'
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

Into stores that already hold an account (the demo account, say), seed another one as
addAccount() would: --index N gives demo-N@example.com and PDL ids of its own, --pdl sets them.

Options:
  --index N               another account: email demo-N@example.com and PDL ids derived from N,
                          1 to 99999 (--email and --pdl still override them)
  --pdl ID                a PDL (usage point id, 14 digits) of the account, once per meter, in order
                          (default: two, a main home and a home with solar panels)
${ACCOUNT_FLAGS_HELP}
${ACCOUNTS_FLAG_HELP}

The URLs may also come from ${ENV.databaseUrl} and ${ENV.redisUrl}.`

/** `seed`'s own flags besides the account flags `up` shares. */
const SEED_FLAGS = {
  ...ACCOUNT_FLAGS,
  index: { type: 'string' },
  pdl: { type: 'string', multiple: true },
  ...ACCOUNTS_FLAG,
} as const

/** How `seed` runs: as itself, or as `reset` (the same flags; the account removed first). */
export interface SeedRun {
  readonly command: 'seed' | 'reset'
  readonly help: string
  /** Remove an account of the same email first, in the same transaction. */
  readonly replace: boolean
}

const SEEDING: SeedRun = { command: 'seed', help: SEED_HELP, replace: false }

/** `med-demo seed` */
export async function seed(argv: readonly string[], run: SeedRun = SEEDING): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: SEED_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(run.help)
    return 0
  }
  const missing = missingStoreFlags(values)
  if (missing.length > 0) {
    throw new UsageError(
      `${run.command} needs ${missing.join(' and ')} (it never starts containers; \`med-demo up\` does)`,
    )
  }
  const options = accountOptionsFromFlags(values)
  if (values.pdl !== undefined) options.pdls = values.pdl.map((usagePointId) => ({ usagePointId }))
  const accountIndex = integer('index', values.index)
  if (run.replace && values.accounts !== undefined) {
    throw new UsageError(
      '--accounts belongs to seed: reset puts back one account (reset each load-test account with its --index)',
    )
  }
  const accountCount = accountsFromFlag(values.accounts)
  // Every input is checked before the stores are touched.
  resolveDemoAccountOptions(options, accountIndex)
  if (values['env-file'] !== undefined) await checkOutputFile(values['env-file'], '--env-file')
  // Each run is a new process: the plan of an account seeded before is read back, not recomputed.
  keepPlansOnDisk()
  progress(
    run.replace
      ? `› Resetting ${options.email ?? 'the demo account'}…`
      : '› Seeding the demo account…',
  )
  const demo = await startDemoAccount(options, {
    replace: run.replace,
    accountIndex,
    onPhase: (phase, ms) => {
      if (phase === 'seed') progress(`✔ ${run.replace ? 'Reset' : 'Seeded'} in ${seconds(ms)}`)
    },
  })
  const accounts = accountCount
    ? await seedLoadTestAccounts(demo, accountCount, (accountIndex ?? 0) + 1)
    : undefined
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
