import { expect, test } from 'vitest'
import type { DemoTemplate } from '../../src/template/demo-template.ts'
import { redisDatabasesForSlot } from '../../src/template/template-slot.ts'
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
    for (const { slot, poolId, redisUrl, template } of workers) {
      expect(slot).toBe(poolId)
      // The Redis database of the pool id's slot (the layout reads only these two fields).
      const [slotDatabase] = redisDatabasesForSlot(template as DemoTemplate, poolId)
      expect(redisDatabase(redisUrl)).toBe(slotDatabase)
      expect(redisDatabase(redisUrl)).not.toBe(redisDatabase(template!.redisUrl))
    }
    expect(new Set(workers.map((w) => w.postgresUrl)).size).toBe(2)
    expect(new Set(workers.map((w) => w.redisUrl)).size).toBe(2)
  },
)
