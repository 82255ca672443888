import { randomBytes } from 'node:crypto'
import { afterAll, expect, test } from 'vitest'
import { removeReusedStores } from '../../src/reuse/remove-reused-stores.ts'
import { listReusedContainers } from '../../src/reuse/reused-containers.ts'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { statuses } from './support/vitest-report.ts'

const name = `runner-${randomBytes(4).toString('hex')}`
const env = { MED_DEMO_REUSE: name, MED_DEMO_DEBUG: '1' }

afterAll(async () => {
  await removeReusedStores({ name })
})

test('the global setup with MED_DEMO_REUSE keeps its stores, and the next run skips seeding', async () => {
  const cold = await runVitest('reset', { env })
  expect(cold.exitCode, describeRun(cold)).toBe(0)
  expect(cold.stderr).toMatch(/reused stores \w+: new containers; seeding them/)
  expect(cold.stderr).toContain('reused stores left running')
  const kept = await listReusedContainers()
  const ours = kept.filter((c) => c.name === name)
  expect(ours.map((c) => [c.role, c.running]).sort()).toEqual([
    ['postgres', true],
    ['redis', true],
  ])

  const warm = await runVitest('reset', { env })
  expect(warm.exitCode, describeRun(warm)).toBe(0)
  expect(warm.stderr).toMatch(/reused stores \w+ hold the seed: seeding skipped/)
  // The workers' copies are as seeded: every test of the project passes again.
  expect(Object.values(statuses(warm.report!))).toEqual(
    Object.values(statuses(cold.report!)).map(() => 'passed'),
  )
  const after = (await listReusedContainers()).filter((c) => c.name === name)
  expect(after.map((c) => c.id).sort()).toEqual(ours.map((c) => c.id).sort())
})
