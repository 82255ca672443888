import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql'
import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { statuses } from './support/vitest-report.ts'

let postgres: StartedPostgreSqlContainer
let redis: StartedRedisContainer

beforeAll(async () => {
  // Existing stores, as a user gives them with MED_DEMO_DATABASE_URL and MED_DEMO_REDIS_URL.
  ;[postgres, redis] = await Promise.all([
    new PostgreSqlContainer(process.env.MED_DEMO_POSTGRES_IMAGE ?? 'postgres:16-alpine').start(),
    new RedisContainer(process.env.MED_DEMO_REDIS_IMAGE ?? 'redis:7-alpine').start(),
  ])
})

afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()])
})

test('keeps each worker slot to one worker with stores given by URL', async () => {
  // add-account.spec.ts runs first; the next file's worker takes the same slot (pool id 1).
  const run = await runVitest('reset', {
    env: {
      MED_DEMO_DATABASE_URL: postgres.getConnectionUri(),
      MED_DEMO_REDIS_URL: redis.getConnectionUrl(),
    },
  })

  expect(run.exitCode, describeRun(run)).toBe(0)
  const all = statuses(run.report!)
  expect(Object.keys(all)[0]).toMatch(/^add-account\.spec\.ts > /)
  expect(Object.values(all)).toEqual(Array(7).fill('passed'))
})
