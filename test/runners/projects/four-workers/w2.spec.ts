import { test } from '@myelectricaldata/demo-account/vitest'
import { meetTheOthers } from './meet-the-others.ts'

test('w2 gets the shared stores', async ({ demoAccount, task }) => {
  await meetTheOthers('w2', demoAccount, task)
})
