import { expect, test } from 'vitest'
import { describeRun, runVitest, type VitestRun } from './support/run-vitest.ts'
import { reportedTests } from './support/vitest-report.ts'

// The container engine asked for: on a machine with Postgres and Redis binaries, 'auto' would
// fall back to the local engine (local-engine.test.ts).
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent.sock', MED_DEMO_ENGINE: 'container' }

/** Checks that the run failed as a test failure that says what to do, and nothing else. */
function expectEngineFailure(run: VitestRun, tests: number) {
  expect(run.exitCode, describeRun(run)).toBe(1)
  // Reported where it is awaited: no unhandled rejection, no "Vitest caught … unhandled error".
  expect(run.stdout + run.stderr).not.toMatch(/unhandled/i)
  const reported = reportedTests(run.report!)
  expect(reported.map((t) => t.status)).toEqual(Array(tests).fill('failed'))
  for (const failed of reported) {
    const message = failed.failureMessages[0]?.split('\n')[0]
    expect(message).toMatch(/^DemoAccountError: \[demo-account\] No container engine answers/)
    expect(message).toContain('It tried DOCKER_HOST=unix:///nonexistent.sock.')
    expect(message).toContain('start Docker or Podman')
    expect(message).toContain('`postgres: { url }` and `redis: { url }`')
    expect(message).toContain('MED_DEMO_DATABASE_URL and MED_DEMO_REDIS_URL')
    expect(message).toContain("`engine: 'local'` (or MED_DEMO_ENGINE=local)")
  }
  expect(run.stdout + run.stderr).toContain("code: 'CONTAINER_RUNTIME_UNAVAILABLE'")
}

test('names the ways out when no container engine answers', async () => {
  // No global setup, no store URLs (the child never inherits MED_DEMO_*_URL), no engine.
  const run = await runVitest('own-stack', { env: NO_ENGINE })
  expectEngineFailure(run, 1)
})

test("fails the tests with the global setup's reason, not as an unhandled error", async () => {
  // Every test of the reset project uses demoAccount: each one fails with the setup's error.
  const run = await runVitest('reset', { env: NO_ENGINE })
  expectEngineFailure(run, 7)
})
