import type { AppContract } from '../app-contract.ts'
import { SCHEMA_006, SCHEMA_007 } from '../release-1.5/schema.ts'
import { serverFamily } from '../release-1.5/server-family.ts'
import { localStorageBrowserState } from './local-storage-state.ts'

/**
 * MyElectricalData 1.0.0 to 1.3.0: migrations 001 to 006 (no `users.admin_data_sharing*`), the
 * JWT in `localStorage` sent as Bearer, no check of weak `SECRET_KEY`s. Rows, cache and tokens
 * are 1.5.0's.
 */
export const release10: AppContract = serverFamily({
  family: '1.0',
  releases: ['1.0.0', '1.1.0', '1.2.0', '1.3.0'],
  schema: SCHEMA_006,
  browserState: localStorageBrowserState,
  checksSecretKey: false,
  serverModeSwitch: false,
  enedisUnavailableCode: 'ACCESS_DENIED',
})

/** MyElectricalData 1.4.0: 1.5.0's schema (migration 007), but the JWT still in `localStorage`. */
export const release140: AppContract = serverFamily({
  family: '1.4.0',
  releases: ['1.4.0'],
  schema: SCHEMA_007,
  browserState: localStorageBrowserState,
  checksSecretKey: false,
  serverModeSwitch: false,
  enedisUnavailableCode: 'ACCESS_DENIED',
})
