import { expect, test } from '@myelectricaldata/demo-account/playwright'
import pg from 'pg'
import { runReferenceApp } from './support/run-reference-app.ts'

// Run by playwright.releases.config.ts with E2E_RELEASE=1.22-server, next to 1.5.0's dashboard and
// API specs: the reference app plays 1.22.0 with the SERVER_MODE=true the library's env gave it.

test('the library’s env runs 1.22 in server mode, on a database at its head', async ({
  demoAccount,
}) => {
  expect(demoAccount.env.SERVER_MODE).toBe('true')
  const env = { ...demoAccount.env } as Record<string, string>
  // The same database refused by a release with another head: the app would have to migrate it.
  const legacy = await runReferenceApp({ ...env, REFERENCE_RELEASE: '1.3' })
  expect(legacy.code).toBe(1)
  expect(legacy.output).toContain('needs the database at alembic head 006')
  // 1.22 refuses a weak key unless DEBUG=true, in either mode.
  const weak = await runReferenceApp({
    ...env,
    REFERENCE_RELEASE: '1.22',
    SECRET_KEY: 'my-test-key',
  })
  expect(weak.code).toBe(1)
  expect(weak.output).toContain('SECRET_KEY looks weak')
  // Without SERVER_MODE, 1.22 is the app's default client mode.
  const { SERVER_MODE: _, ...withoutMode } = env
  const client = await runReferenceApp({ ...withoutMode, REFERENCE_RELEASE: '1.22' })
  expect(client.output).toContain('reference app 1.22-client listening')
})

test('a data route serves only an active PDL', async ({ jwtRequest, demoAccount }) => {
  const meter = demoAccount.readings[0]!
  const days = meter.consumption!.daily.slice(-3)
  const path = `/api/enedis/consumption/daily/${meter.usagePointId}?start=${days[0]!.date}&end=${days.at(-1)!.date}&use_cache=true`
  expect((await (await jwtRequest.get(path)).json()).success).toBe(true)
  const client = new pg.Client({ connectionString: demoAccount.postgres.url })
  await client.connect()
  try {
    // The worker's own PDL: no other test sees it, and the worker runs one test at a time.
    await client.query('UPDATE pdls SET is_active = false WHERE usage_point_id = $1', [
      meter.usagePointId,
    ])
    expect((await (await jwtRequest.get(path)).json()).error?.code).toBe('ACCESS_DENIED')
  } finally {
    await client.query('UPDATE pdls SET is_active = true WHERE usage_point_id = $1', [
      meter.usagePointId,
    ])
    await client.end()
  }
})
