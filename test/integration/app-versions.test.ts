import { DemoAccountError, removeDemoAccount } from '@myelectricaldata/demo-account'
import { describe, expect, it } from 'vitest'
import { describeDemoAccount } from '../../src/seed/assemble-account.ts'
import { runCli } from './support/run-cli.ts'
import { seedInto } from './support/seed-into.ts'
import { query, redisSnapshot, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

const headOf = async (url: string) =>
  (await query<{ version_num: string }>(url, 'SELECT version_num FROM alembic_version'))[0]
    ?.version_num

describe('appVersion and appMode', () => {
  it('1.22.0 server mode: the head schema, SERVER_MODE=true in env, the cache in Redis', async () => {
    const fresh = await stores.fresh()
    await using demo = await seedInto(fresh, { appVersion: '1.22.0' })
    expect(demo.env.SERVER_MODE).toBe('true')
    expect(await headOf(fresh.postgresUrl)).toBe('b2c3d4e5f6g7')
    expect((await redisSnapshot(fresh.redisUrl)).size).toBeGreaterThan(0)
    expect(describeDemoAccount(demo)).toMatchObject({ appVersion: '1.22.0', appMode: 'server' })
  })

  it('1.22.0 client mode: the local user and its rows in Postgres, nothing in Redis, one account only', async () => {
    const fresh = await stores.fresh()
    await using demo = await seedInto(fresh, { appVersion: '1.22.0', appMode: 'client' })
    expect(demo.env.SERVER_MODE).toBe('false')
    expect([demo.email, demo.user.id]).toEqual(['local@localhost', 'local-client-user'])
    const [counts] = await query<{ daily: string; meters: string }>(
      fresh.postgresUrl,
      `SELECT (SELECT count(*) FROM consumption_data WHERE granularity = 'daily') AS daily,
              (SELECT count(*) FROM contract_data) AS meters`,
    )
    expect(Number(counts?.daily)).toBe(40 * demo.pdls.length)
    expect(Number(counts?.meters)).toBe(demo.pdls.length)
    expect((await redisSnapshot(fresh.redisUrl)).size).toBe(0)
    await expect(demo.addAccount({ index: 1 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/one local user/),
    })
    const removed = await removeDemoAccount({ ...fresh, appMode: 'client' })
    expect(removed.userId).toBe('local-client-user')
    const [left] = await query<{ n: string }>(
      fresh.postgresUrl,
      'SELECT count(*) AS n FROM consumption_data',
    )
    expect(Number(left?.n)).toBe(0)
  })

  it("'auto' seeds for the family the database's alembic_version names", async () => {
    const fresh = await stores.fresh()
    await (await seedInto(fresh, { appVersion: '1.3.0' })).stop()
    expect(await headOf(fresh.postgresUrl)).toBe('006')
    await using again = await seedInto(fresh, { appVersion: 'auto' })
    expect(describeDemoAccount(again).appVersion).toBe('1.3.0')
    expect(again.env).not.toHaveProperty('SERVER_MODE')
    expect(again.user).not.toHaveProperty('adminDataSharing')
  })

  it("'auto' refuses a database whose alembic head no release has, and leaves it as it was", async () => {
    const fresh = await stores.fresh()
    await (await seedInto(fresh, { appVersion: '1.22.0' })).stop()
    await query(fresh.postgresUrl, "UPDATE alembic_version SET version_num = 'c0ffee000000'")
    const attempt = seedInto(fresh, { appVersion: 'auto' })
    await expect(attempt).rejects.toBeInstanceOf(DemoAccountError)
    await expect(attempt).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' })
    expect(await headOf(fresh.postgresUrl)).toBe('c0ffee000000')
  })

  it('med-demo seed takes --app-version and --app-mode, says what is wrong in flag terms, and puts SERVER_MODE in the env', async () => {
    const urlsOf = (at: { postgresUrl: string; redisUrl: string }) => [
      '--database-url',
      at.postgresUrl,
      '--redis-url',
      at.redisUrl,
    ]
    const urls = urlsOf(await stores.fresh())
    const seed = (at: string[], release: string) =>
      runCli(['seed', ...at, ...release.split(' '), '--days', '5', '--json'])
    const refused = await seed(urls, '--app-version 1.9.0 --app-mode client')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(
      '--app-mode client needs --app-version 1.9.1 or later, got 1.9.0',
    )
    const seeded = await seed(urls, '--app-version 1.22.0')
    expect(seeded.code).toBe(0)
    expect(JSON.parse(seeded.stdout)).toMatchObject({
      appVersion: '1.22.0',
      env: { SERVER_MODE: 'true' },
    })
    // Other stores: the server-mode account owns the default PDL ids in these.
    const otherUrls = urlsOf(await stores.fresh())
    const client = await seed(otherUrls, '--app-version 1.22.0 --app-mode client')
    expect(JSON.parse(client.stdout)).toMatchObject({
      appMode: 'client',
      env: { SERVER_MODE: 'false' },
    })
    const summary = await runCli([
      'seed',
      ...otherUrls,
      '--app-version',
      '1.22.0',
      '--app-mode',
      'client',
      '--days',
      '5',
    ])
    expect(summary.stdout).toMatch(/SERVER_MODE +false \(client mode: no login/)
    const removed = await runCli(['remove', ...otherUrls, '--app-mode', 'client', '--json'])
    expect(JSON.parse(removed.stdout)).toMatchObject({
      email: 'local@localhost',
      userId: 'local-client-user',
    })
  })
})
