import { expect, test } from 'vitest'
import { describeRun, runVitest } from './support/run-vitest.ts'
import { reportedTests } from './support/vitest-report.ts'

test('names the ways out when no container engine answers', async () => {
  // No global setup, no store URLs (the child never inherits MED_DEMO_*_URL), no engine.
  const run = await runVitest('own-stack', { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } })

  expect(run.exitCode, describeRun(run)).toBe(1)
  const [failed] = reportedTests(run.report!)
  expect(failed?.status).toBe('failed')
  const message = failed?.failureMessages[0]?.split('\n')[0]
  expect(message).toMatch(/^DemoAccountError: \[demo-account\] No container engine answers/)
  expect(message).toContain('start Docker or Podman')
  expect(message).toContain('DOCKER_HOST')
  expect(message).toContain('`postgres: { url }` and `redis: { url }`')
  expect(message).toContain('MED_DEMO_DATABASE_URL and MED_DEMO_REDIS_URL')
  expect(run.stdout + run.stderr).toContain("code: 'CONTAINER_RUNTIME_UNAVAILABLE'")
})
