import { type DemoAccount, withDemoAccount } from '@myelectricaldata/demo-account'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningReferenceApp, startReferenceApp } from './support/reference-app.ts'

// What the e2e reference app answers, per release it plays, where the releases differ in a way a
// browser test cannot provoke without disturbing the other workers: the missing global Enedis token.
describe('reference app: a data request without a valid global Enedis token', () => {
  let demo: DemoAccount
  const apps: RunningReferenceApp[] = []

  beforeAll(async () => {
    // Not the demo email, which the app exempts from the token check.
    demo = await withDemoAccount({ appVersion: '1.22.0', email: 'releases@example.com', days: 30 })
    const client = new pg.Client({ connectionString: demo.postgres.url })
    await client.connect()
    try {
      await client.query(
        "DELETE FROM tokens WHERE user_id IS NULL AND usage_point_id = '__global__'",
      )
    } finally {
      await client.end()
    }
  }, 180_000)

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()))
    await demo?.stop()
  })

  it.each([
    { release: '1.22', code: 'ENEDIS_UNAVAILABLE' },
    { release: '1.5', code: 'ACCESS_DENIED' },
  ])('is $code in $release', async ({ release, code }) => {
    const app = await startReferenceApp(
      { ...demo.env, REFERENCE_RELEASE: release },
      demo.referenceDate,
    )
    apps.push(app)
    const day = demo.readings[0]!.consumption!.daily.at(-2)!.date
    const response = await fetch(
      `${app.url}/api/enedis/consumption/daily/${demo.pdls[0]!.usagePointId}?start=${day}&end=${day}&use_cache=true`,
      { headers: { Authorization: `Bearer ${demo.jwt}` } },
    )
    const body = (await response.json()) as { success: boolean; error: { code: string } | null }
    expect(body.success).toBe(false)
    expect(body.error?.code).toBe(code)
  })
})
