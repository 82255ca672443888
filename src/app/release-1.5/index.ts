import type { AppContract, LoginForm } from '../app-contract.ts'
import { browserState, loginForm } from './browser-state.ts'
import { SCHEMA_007 } from './schema.ts'
import { serverFamily } from './server-family.ts'

/**
 * MyElectricalData 1.4.1 to 1.8.0, checked against 1.5.0: schema of migrations 001 to 007, the
 * JWT in an httpOnly cookie, the cache in Redis (contract notes in `docs/`). 1.4.0 has the same
 * schema but keeps the JWT in `localStorage` (`release-1.0/`).
 */
export const release15: AppContract & { readonly loginForm: LoginForm } = {
  ...serverFamily({
    family: '1.5',
    releases: ['1.4.1', '1.5.0', '1.6.0', '1.7.0', '1.8.0'],
    schema: SCHEMA_007,
    browserState,
    checksSecretKey: true,
    serverModeSwitch: false,
    enedisUnavailableCode: 'ACCESS_DENIED',
  }),
  loginForm,
}
