import { demoGlobalSetup } from '@myelectricaldata/demo-account/playwright'
import { GLOBAL_COOKIE_STATE } from './paths.ts'

// The fast path: the state the form would leave, written from the JWT without a browser.
export default demoGlobalSetup({ storageStatePath: GLOBAL_COOKIE_STATE, via: 'cookie' })
