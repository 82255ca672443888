import { expect, test } from 'vitest'
import { withMeetingDir } from './support/meeting-dir.ts'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { reportedTests, reportedWorkers } from './support/vitest-report.ts'

test('the global setup and its workers run on the local engine, with no container engine at all', async () => {
  const run = await withMeetingDir((dir) =>
    runVitest('isolation', {
      env: {
        RUNNER_MEETING_DIR: dir,
        MED_DEMO_ENGINE: 'local',
        DOCKER_HOST: 'unix:///nonexistent/med-demo-no-engine.sock',
      },
    }),
  )

  expect(run.exitCode, describeRun(run)).toBe(0)
  expect(reportedTests(run.report!).map((t) => [t.title, t.status])).toEqual([
    ['a keeps its writes to itself', 'passed'],
    ['b keeps its writes to itself', 'passed'],
  ])
  const workers = reportedWorkers(run.report!)
  expect(workers.map((w) => w.poolId).sort()).toEqual([1, 2])
  for (const worker of workers) {
    // Worker databases cloned from the template, in the one local Postgres.
    expect(new URL(worker.postgresUrl).hostname).toBe('127.0.0.1')
    expect(new URL(worker.postgresUrl).pathname).toBe(`/med_demo_w${worker.poolId}`)
    expect(worker.template?.redisDatabases).toBe(16)
  }
  expect(new Set(workers.map((w) => new URL(w.postgresUrl).port)).size).toBe(1)
  expect(new Set(workers.map((w) => w.redisUrl)).size).toBe(2)
})
