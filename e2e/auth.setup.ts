import { loginThroughForm, test as setup } from '@myelectricaldata/demo-account/playwright'

import { DEMO_STATE } from './paths.ts'

// The pattern Playwright's docs recommend for one shared account: log in once, save the state.
setup('log in as the demo account', async ({ browser, sharedDemoAccount }) => {
  const context = await browser.newContext({ storageState: undefined })
  const page = await context.newPage()
  await loginThroughForm(page, sharedDemoAccount)
  await context.storageState({ path: DEMO_STATE })
  await context.close()
})
