/** Where the setup project saves the demo account's logged-in state (git-ignored). */
export const DEMO_STATE = 'playwright/.auth/demo.json'

/** Where each worker records which account it had, for the isolation check. */
export const WORKER_RECORDS = 'test-results/.worker-accounts'
