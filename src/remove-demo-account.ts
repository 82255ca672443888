import { appContractFor } from './app/releases.ts'
import { throwIfInvalid } from './errors.ts'
import type { RemovedAccount } from './model/account.ts'
import { DEFAULT_EMAIL } from './options/default-pdls.ts'
import { resolveEmail } from './options/resolve-options.ts'
import { removeAccount } from './seed/seed-account.ts'
import { assertLocalStore } from './stores/local-store-guard.ts'
import { toPostgresUrl, toRedisUrl } from './stores/store-url.ts'

/** Options of {@link removeDemoAccount}. */
export interface RemoveDemoAccountOptions {
  /** Postgres URL (`postgres://`, `postgresql://` or `postgresql+asyncpg://`). */
  postgresUrl: string
  redisUrl: string
  /** @default `demo@myelectricaldata.fr` */
  email?: string
  /** Allow stores on hosts that are not local. @default false */
  allowRemote?: boolean
  /**
   * `'client'` removes the app's local user (`local@localhost`, whatever `email` says), its
   * meters and their rows in the client-mode tables; `'server'` the account of `email`.
   * @default 'server'
   */
  appMode?: 'server' | 'client'
}

/**
 * Removes an account and everything of it: its cache and rate-limit keys, its Enedis tokens, its
 * PDLs and the user, in the order the app's foreign keys require, all or nothing. Removing an
 * account that does not exist does nothing.
 */
export async function removeDemoAccount(
  options: RemoveDemoAccountOptions,
): Promise<RemovedAccount> {
  const problems: string[] = []
  if (typeof options.postgresUrl !== 'string') problems.push('`postgresUrl` is required')
  if (typeof options.redisUrl !== 'string') problems.push('`redisUrl` is required')
  const mode = options.appMode ?? 'server'
  if (mode !== 'server' && mode !== 'client') {
    problems.push(`\`appMode\` must be 'server' or 'client', got ${JSON.stringify(mode)}`)
  }
  throwIfInvalid(problems)
  // Every family of a mode removes an account the same way; the newest stands for them.
  const app = appContractFor('1.22.0', { mode })!
  const email = resolveEmail(options.email ?? DEFAULT_EMAIL)
  const allowRemote = options.allowRemote ?? false
  assertLocalStore(toPostgresUrl(options.postgresUrl), 'Postgres', allowRemote)
  assertLocalStore(toRedisUrl(options.redisUrl), 'Redis', allowRemote)
  return removeAccount({ postgresUrl: options.postgresUrl, redisUrl: options.redisUrl }, email, app)
}
