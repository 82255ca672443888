import { test } from '@myelectricaldata/demo-account/vitest'
import { recordWorker } from '../shared/worker-meta.ts'

test('w1 gets a Redis database', ({ demoAccount, task }) => {
  recordWorker(task, demoAccount)
})
