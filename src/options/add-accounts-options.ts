import { DemoAccountError, throwIfInvalid } from '../errors.ts'
import type { ResolvedAccount } from '../model/account.ts'
import { MAX_ACCOUNT_INDEX } from './default-pdls.ts'
import type { AccountOptions } from './demo-account-options.ts'
import { resolveAddAccountOptions } from './resolve-options.ts'

/**
 * Options of `addAccounts()`: what every account of a load test shares. Each account's email
 * (`demo-<index>@example.com`) and PDL ids derive from its index, so no two collide.
 */
export interface AddAccountsOptions extends Pick<AccountOptions, 'password' | 'debugMode'> {
  /** The index of the first account (then +1 for each); 1 to 99999. @default 1 */
  startIndex?: number
  /** Each account's meters, without `usagePointId` (derived from the index). @default two PDLs */
  pdls?: Omit<NonNullable<AccountOptions['pdls']>[number], 'usagePointId'>[]
}

const SUBJECT = 'addAccounts() options'
const KNOWN = ['startIndex', 'password', 'pdls', 'debugMode']

/** Checks `addAccounts(count, options)` and decides every account, before anything is written. */
export function resolveAddAccounts(
  count: unknown,
  options: AddAccountsOptions | undefined,
  seed: string,
): ResolvedAccount[] {
  const given = (options ?? {}) as Record<string, unknown>
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throwIfInvalid(['options must be an object'], SUBJECT)
  }
  const problems: string[] = []
  for (const key of Object.keys(given)) {
    if (!KNOWN.includes(key)) {
      problems.push(
        `unknown option \`${key}\`; known options are ${KNOWN.map((k) => `\`${k}\``).join(', ')}`,
      )
    }
  }
  const start = given.startIndex ?? 1
  const startValid = isIndex(start)
  if (!startValid) {
    problems.push(
      `\`startIndex\` must be a whole number from 1 to ${MAX_ACCOUNT_INDEX}, got ${String(start)}`,
    )
  }
  const room = MAX_ACCOUNT_INDEX - (startValid ? start : 1) + 1
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > room) {
    problems.push(
      `\`count\` must be a whole number from 1 to ${room} (the last index is ${MAX_ACCOUNT_INDEX}), got ${String(count)}`,
    )
  }
  const pdls = Array.isArray(given.pdls) ? given.pdls : []
  for (const [i, pdl] of pdls.entries()) {
    if (typeof pdl === 'object' && pdl !== null && 'usagePointId' in pdl) {
      problems.push(
        `\`pdls[${i}].usagePointId\` cannot be given: every account needs ids of its own, which derive from its index`,
      )
    }
  }
  throwIfInvalid(problems, SUBJECT)
  const { startIndex: _start, ...shared } = given as AddAccountsOptions
  return Array.from({ length: count as number }, (_, i) => {
    try {
      return resolveAddAccountOptions({ ...shared, index: (start as number) + i }, seed)
    } catch (error) {
      // The same problems, in the words of this call.
      if (error instanceof DemoAccountError && error.code === 'INVALID_OPTION') {
        throwIfInvalid(error.problems, SUBJECT)
      }
      throw error
    }
  })
}

function isIndex(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ACCOUNT_INDEX
  )
}
