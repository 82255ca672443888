/** Where the setup project saves the demo account's logged-in state (git-ignored). */
export const DEMO_STATE = 'playwright/.auth/demo.json'

/** Where each worker records which account it had, for the isolation check. */
export const WORKER_RECORDS = 'test-results/.worker-accounts'

/** Where `demoGlobalSetup()` saves the demo account's state, through the form and the cookie path (git-ignored). */
export const GLOBAL_FORM_STATE = 'playwright/.auth/global-form.json'
export const GLOBAL_COOKIE_STATE = 'playwright/.auth/global-cookie.json'
