import type { VitestDemoAccount } from '@myelectricaldata/demo-account/vitest'
import type { TestContext } from 'vitest'
import { announce, awaitAnnouncement } from '../shared/rendezvous.ts'
import { recordWorker } from '../shared/worker-meta.ts'

const FILES = ['w1', 'w2', 'w3', 'w4']

/** Records the worker, then waits for the three others, so that four workers run at once. */
export async function meetTheOthers(
  self: string,
  demoAccount: VitestDemoAccount,
  task: TestContext['task'],
): Promise<void> {
  recordWorker(task, demoAccount)
  await announce(self)
  await Promise.all(FILES.map((file) => awaitAnnouncement(file)))
}
