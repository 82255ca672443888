import { test } from '@myelectricaldata/demo-account/vitest'
import { writeAndCompare } from './write-and-compare.ts'

test('b keeps its writes to itself', async ({ demoAccount, task }) => {
  await writeAndCompare('b', 'a', demoAccount, task)
})
