import { test } from '@myelectricaldata/demo-account/vitest'
import { meetTheOthers } from './meet-the-others.ts'

test('w4 gets the shared stores', async ({ demoAccount, task }) => {
  await meetTheOthers('w4', demoAccount, task)
})
