import { expect, test } from 'vitest'
import { withMeetingDir } from './support/meeting-dir.ts'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { reportedWorkers } from './support/vitest-report.ts'

/** `host:port` of a store URL. */
const address = (url: string) => new URL(url).host

test('starts the stores once for four workers', async () => {
  const run = await withMeetingDir((dir) =>
    runVitest('four-workers', { env: { RUNNER_MEETING_DIR: dir } }),
  )

  expect(run.exitCode, describeRun(run)).toBe(0)
  const workers = reportedWorkers(run.report!)
  expect(workers.map((w) => w.poolId).sort()).toEqual([1, 2, 3, 4])
  expect(new Set(workers.map((w) => w.postgresUrl)).size).toBe(4)
  expect(new Set(workers.map((w) => address(w.postgresUrl))).size).toBe(1)
  expect(new Set(workers.map((w) => address(w.redisUrl))).size).toBe(1)
})
