import type { DemoAccount } from './demo-account.ts'
import type { DemoAccountOptions } from './options/demo-account-options.ts'
import { startDemoAccount } from './seed/start-demo-account.ts'

/**
 * Starts Postgres and Redis in containers (or uses the URLs you give), creates the app's schema,
 * and seeds the demo user, its PDLs and three years of cached readings in the app's own formats.
 *
 * @example
 * ```ts
 * import { withDemoAccount } from '@myelectricaldata/demo-account'
 *
 * await using demo = await withDemoAccount()
 * const response = await fetch(`${api}/pdl`, { headers: { Authorization: `Bearer ${demo.jwt}` } })
 * ```
 */
export function withDemoAccount(options: DemoAccountOptions = {}): Promise<DemoAccount> {
  return startDemoAccount(options)
}
