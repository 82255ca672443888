import { expect, test } from 'vitest'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { reportedWorkers, statuses } from './support/vitest-report.ts'

test('starts stores of its own without the global setup, whatever the test timeout', async () => {
  // The project's testTimeout is 1 s; starting and seeding the stores takes longer.
  const run = await runVitest('own-stack')

  expect(run.exitCode, describeRun(run)).toBe(0)
  expect(statuses(run.report!)).toEqual({
    'own-stack.spec.ts > seeds the account into stores of its own': 'passed',
  })
  expect(reportedWorkers(run.report!)).toMatchObject([{ poolId: 1, slot: 1 }])
})
