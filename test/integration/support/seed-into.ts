import {
  type DemoAccount,
  type DemoAccountOptions,
  withDemoAccount,
} from '@myelectricaldata/demo-account'
import type { FreshStores } from './test-stores.ts'

/** Cheap options for tests that check behaviour rather than volume. */
export const SMALL: DemoAccountOptions = { referenceDate: '2026-06-15', days: 40, bcryptRounds: 4 }

/** Seeds into given stores (no container is started). */
export function seedInto(
  stores: FreshStores,
  options: DemoAccountOptions = {},
): Promise<DemoAccount> {
  return withDemoAccount({
    ...SMALL,
    ...options,
    postgres: { url: stores.postgresUrl },
    redis: { url: stores.redisUrl },
  })
}
