import { test } from '@myelectricaldata/demo-account/vitest'
import { meetTheOthers } from './meet-the-others.ts'

test('w3 gets the shared stores', async ({ demoAccount, task }) => {
  await meetTheOthers('w3', demoAccount, task)
})
