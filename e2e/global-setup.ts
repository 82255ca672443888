import { demoGlobalSetup } from '@myelectricaldata/demo-account/playwright'
import { GLOBAL_FORM_STATE } from './paths.ts'

// Playwright's `globalSetup`: logs the demo account in through the login form once, before any
// project runs (the webServer is already up), and saves the state for `use: { storageState }`.
export default demoGlobalSetup({ storageStatePath: GLOBAL_FORM_STATE, via: 'form' })
