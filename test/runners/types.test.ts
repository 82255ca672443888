import { expect, test } from 'vitest'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { statuses } from './support/vitest-report.ts'

test('types the injected values and the fixture for tsc', async () => {
  const run = await runVitest('types', { args: ['--typecheck.only'] })

  expect(run.exitCode, describeRun(run)).toBe(0)
  expect(statuses(run.report!)).toEqual({
    'demo-account.test-d.ts > types what the global setup provides': 'passed',
    'demo-account.test-d.ts > types the demoAccount fixture': 'passed',
    'demo-account.test-d.ts > types the pristine fixture alike': 'passed',
    'demo-account.test-d.ts > rejects options of the wrong type': 'passed',
  })
})
