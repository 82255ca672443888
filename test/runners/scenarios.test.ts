import { beforeAll, expect, test } from 'vitest'
import { describeRun, runVitest, type VitestRun } from './support/run-vitest.ts'
import { statuses } from './support/vitest-report.ts'

let run: VitestRun

beforeAll(async () => {
  run = await runVitest('scenarios')
})

test('seeds the template in the scenarios of `provide`, and reset() restores them', () => {
  expect(run.exitCode, describeRun(run)).toBe(0)
  expect(statuses(run.report!)).toEqual({
    'scenarios.spec.ts > gives the worker the account in its scenarios': 'passed',
    'scenarios.spec.ts > reset() restores the scenarios as seeded': 'passed',
  })
})
