import { test } from '@myelectricaldata/demo-account/vitest'
import { writeAndCompare } from './write-and-compare.ts'

test('a keeps its writes to itself', async ({ demoAccount, task }) => {
  await writeAndCompare('a', 'b', demoAccount, task)
})
