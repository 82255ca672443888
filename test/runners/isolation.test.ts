import { expect, test } from 'vitest'
import { withMeetingDir } from './support/meeting-dir.ts'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { reportedTests, reportedWorkers } from './support/vitest-report.ts'

const matrix = [
  { pool: 'forks', isolate: true },
  { pool: 'forks', isolate: false },
  { pool: 'threads', isolate: true },
  { pool: 'threads', isolate: false },
] as const

const redisDatabase = (url: string) => Number(new URL(url).pathname.slice(1))

test.for(matrix)(
  'isolates two workers (pool $pool, isolate $isolate)',
  async ({ pool, isolate }) => {
    const run = await withMeetingDir((dir) =>
      runVitest('isolation', {
        args: [`--pool=${pool}`, isolate ? '--isolate' : '--no-isolate'],
        env: { RUNNER_MEETING_DIR: dir },
      }),
    )

    expect(run.exitCode, describeRun(run)).toBe(0)
    expect(reportedTests(run.report!).map((t) => [t.title, t.status])).toEqual([
      ['a keeps its writes to itself', 'passed'],
      ['b keeps its writes to itself', 'passed'],
    ])
    const workers = reportedWorkers(run.report!).sort((x, y) => x.poolId - y.poolId)
    expect(workers.map((w) => w.poolId)).toEqual([1, 2])
    for (const worker of workers) {
      expect(worker.slot).toBe(worker.poolId)
      expect(redisDatabase(worker.redisUrl)).toBe(worker.poolId)
    }
    expect(new Set(workers.map((w) => w.postgresUrl)).size).toBe(2)
    expect(new Set(workers.map((w) => w.redisUrl)).size).toBe(2)
  },
)
