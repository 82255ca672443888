import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { reportedTests, reportedWorkers } from './support/vitest-report.ts'

let redis: StartedRedisContainer

beforeAll(async () => {
  // The template's database and two per worker: room for two workers, not three.
  redis = await new RedisContainer(process.env.MED_DEMO_REDIS_IMAGE ?? 'redis:7-alpine')
    .withCommand(['redis-server', '--databases', '5', '--save', ''])
    .start()
})

afterAll(async () => {
  await redis?.stop()
})

test('fails the worker that has no Redis database', async () => {
  const run = await runVitest('out-of-range', {
    env: { RUNNER_REDIS_URL: redis.getConnectionUrl() },
  })

  expect(run.exitCode, describeRun(run)).toBe(1)
  const tests = reportedTests(run.report!)
  expect(tests.map((t) => t.status).sort()).toEqual(['failed', 'passed', 'passed'])
  expect(
    reportedWorkers(run.report!)
      .map((w) => w.poolId)
      .sort(),
  ).toEqual([1, 2])
  const failure = tests.find((t) => t.status === 'failed')?.failureMessages[0]?.split('\n')[0]
  expect(failure).toMatch(
    /^DemoAccountError: \[demo-account\] Worker slot 3 has no Redis databases? of its own/,
  )
  expect(failure).toContain('the Redis server has 5 logical databases')
  expect(failure).toContain('at most 2 workers fit')
  expect(failure).toContain('Run fewer workers, or give Redis more databases')
  expect(failure).toContain('`redis-server --databases N`')
  expect(run.stdout + run.stderr).toContain("code: 'WORKER_OUT_OF_RANGE'")
})
