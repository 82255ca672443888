import { withDemoAccount } from '@myelectricaldata/demo-account'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.ts'

describe('containers that are not ready in time', () => {
  it('a start-up timeout has its own message, naming startupTimeoutMs and MED_DEMO_STARTUP_TIMEOUT', async () => {
    const attempt = withDemoAccount({ days: 5, bcryptRounds: 4, startupTimeoutMs: 1 })
    await expect(attempt).rejects.toMatchObject({
      code: 'CONTAINER_START_FAILED',
      message: expect.stringMatching(
        /^\[demo-account\] The (Postgres|Redis) container \(image ".+"\) started but was not ready within 0\.001 s \(.*not received after 1ms\)\. A loaded machine, or an image that initialises its data on every start, can take longer: raise the limit with the `startupTimeoutMs` option or MED_DEMO_STARTUP_TIMEOUT \(milliseconds\)\.$/,
      ),
    })
    await expect(attempt).rejects.not.toThrow(/pull/)
  })

  it('MED_DEMO_STARTUP_TIMEOUT sets it for the CLI too', async () => {
    const result = await runCli(['up', '--days', '5'], {
      ...process.env,
      MED_DEMO_STARTUP_TIMEOUT: '1',
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /not ready within 0\.001 s .*MED_DEMO_STARTUP_TIMEOUT \(milliseconds\)\. \(CONTAINER_START_FAILED\)/,
    )
  })
})
