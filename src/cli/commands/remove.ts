import { parseArgs } from 'node:util'
import { throwIfInvalid } from '../../errors.ts'
import { ENV, readEnv } from '../../internal/environment.ts'
import { checkStoreUrl } from '../../options/store-inputs.ts'
import { removeDemoAccount } from '../../remove-demo-account.ts'
import { missingStoreFlags } from '../account-flags.ts'
import { UsageError } from '../cli-error.ts'
import { progress } from '../progress.ts'

export const REMOVE_HELP = `Usage: med-demo remove --database-url URL --redis-url URL [options]

Removes an account and everything of it: its cache and rate-limit keys in Redis, its Enedis tokens,
its PDLs and the user, in the order the app's foreign keys require, all or nothing.
(med-demo reset puts an account back to its seeded state instead.)

Options:
  --database-url URL   Postgres (postgres://, postgresql:// or postgresql+asyncpg://)
  --redis-url URL      Redis (redis://host:port/db)
  --email EMAIL        the account to remove (default: demo@myelectricaldata.fr)
  --app-mode MODE      server (default) or client: the app's local user (local@localhost), its PDLs
                       and their client-mode rows, whatever --email says
  --allow-remote       allow stores on hosts that are not local
  --json               print what was removed as JSON
  -h, --help           this help

The URLs may also come from ${ENV.databaseUrl} and ${ENV.redisUrl}.`

const REMOVE_FLAGS = {
  'database-url': { type: 'string' },
  'redis-url': { type: 'string' },
  email: { type: 'string' },
  'app-mode': { type: 'string' },
  'allow-remote': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `med-demo remove` */
export async function remove(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: REMOVE_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(REMOVE_HELP)
    return 0
  }
  const missing = missingStoreFlags(values)
  if (missing.length > 0) throw new UsageError(`remove needs ${missing.join(' and ')}`)
  const postgresUrl = (values['database-url'] ?? readEnv(ENV.databaseUrl))!
  const redisUrl = (values['redis-url'] ?? readEnv(ENV.redisUrl))!
  // Checked here to name the flag or the variable each URL came from.
  const problems: string[] = []
  checkStoreUrl(
    postgresUrl,
    'postgres',
    values['database-url'] === undefined ? ENV.databaseUrl : '--database-url',
    problems,
  )
  checkStoreUrl(
    redisUrl,
    'redis',
    values['redis-url'] === undefined ? ENV.redisUrl : '--redis-url',
    problems,
  )
  throwIfInvalid(problems)
  const appMode = values['app-mode'] as 'server' | 'client' | undefined
  const given = values.email ?? 'demo@myelectricaldata.fr'
  // Client mode's account is the app's local user, whatever --email says.
  const email = appMode === 'client' ? 'local@localhost' : given
  progress(`› Removing ${email}…`)
  const removed = await removeDemoAccount({
    postgresUrl,
    redisUrl,
    email: given,
    allowRemote: values['allow-remote'] ?? false,
    ...(appMode === undefined ? {} : { appMode }),
  })
  if (values.json)
    console.log(JSON.stringify({ email, ...removed, removed: removed.userId !== null }, null, 2))
  else if (removed.userId === null)
    console.log(`No account ${email} in these stores; nothing to remove.`)
  else {
    console.log(
      `Removed ${email}: user ${removed.userId}, ${removed.usagePointIds.length} PDL(s) ${removed.usagePointIds.join(', ')}, ${removed.cacheKeys} cache key(s).`,
    )
  }
  return 0
}
