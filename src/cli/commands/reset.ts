import { ENV } from '../../internal/environment.ts'
import { ACCOUNT_FLAGS_HELP } from '../account-flags.ts'
import { seed } from './seed.ts'

export const RESET_HELP = `Usage: med-demo reset --database-url URL --redis-url URL [options]

Puts an account back to its seeded state: removes it (its user, PDLs, tokens, cache and rate-limit
keys) and seeds it again with these flags, in one transaction, all or nothing. Give the flags it was
seeded with (the same --seed, --email, --reference-date, --days...); --secret-key too, or the JWT
is signed with a new random key. med-demo remove deletes an account instead.

Options:
${ACCOUNT_FLAGS_HELP}
  --index N               an account seed --index N seeded (demo-N@example.com, its own PDL ids)
  --pdl ID                its PDL ids, as given to seed --pdl (repeatable)

The URLs may also come from ${ENV.databaseUrl} and ${ENV.redisUrl}.`

/** `med-demo reset`: `seed`, with the account removed first in the same transaction. */
export function reset(argv: readonly string[]): Promise<number> {
  return seed(argv, { command: 'reset', help: RESET_HELP, replace: true })
}
