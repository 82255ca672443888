import { test } from '@myelectricaldata/demo-account/vitest'
import { meetTheOthers } from './meet-the-others.ts'

test('w1 gets the shared stores', async ({ demoAccount, task }) => {
  await meetTheOthers('w1', demoAccount, task)
})
