import { beforeAll, expect, test } from 'vitest'
import { describeRun, runVitest, type VitestRun } from './support/run-vitest.ts'
import { statuses } from './support/vitest-report.ts'

let run: VitestRun

beforeAll(async () => {
  run = await runVitest('reset')
})

test('passes every test of the reset project', () => {
  expect(run.exitCode, describeRun(run)).toBe(0)
  expect(Object.keys(statuses(run.report!))).toHaveLength(7)
})

test('drops a write on reset and keeps the URLs', () => {
  expect(statuses(run.report!)).toMatchObject({
    'reset.spec.ts > writes to the database and the Redis database': 'passed',
    'reset.spec.ts > still sees the writes when nothing resets': 'passed',
    'reset.spec.ts > drops the writes on reset and keeps the URLs': 'passed',
  })
})

test('starts each pristineTest from the seeded state', () => {
  expect(statuses(run.report!)).toMatchObject({
    'pristine.spec.ts > writes to the database and the Redis database': 'passed',
    'pristine.spec.ts > starts from the seeded state without calling reset': 'passed',
  })
})

test('adds an account to the worker stores until reset', () => {
  expect(statuses(run.report!)).toMatchObject({
    'add-account.spec.ts > adds an account to the worker stores only': 'passed',
    'add-account.spec.ts > drops the added account on reset': 'passed',
  })
})
