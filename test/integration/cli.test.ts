import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readCachedDaily } from '@myelectricaldata/demo-account'
import { describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetKeyFromClientSecret } from '../../src/cache/fernet.ts'
import { readEnvironmentDescriptor } from '../../src/model/environment-descriptor.ts'
import { demoAccountFromDescription } from '../../src/seed/assemble-account.ts'
import { redisDigest } from '../support/store-digest.ts'
import { CLI, runCli, withoutStoreUrls } from './support/run-cli.ts'
import { query, redisClient, redisSnapshot, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

describe('med-demo', () => {
  it('prints help for every command and exits 0', async () => {
    for (const command of ['up', 'serve', 'down', 'seed', 'reset', 'remove', 'preview']) {
      const result = await runCli([command, '--help'])
      expect(result.code, command).toBe(0)
      expect(result.stdout).toContain(`Usage: med-demo ${command}`)
    }
    expect((await runCli(['--help'])).stdout).toContain('Commands:')
  })

  it('exits 2 with a clear message on an unknown flag or a missing URL', async () => {
    const unknown = await runCli(['seed', '--databse-url', 'x'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("med-demo seed: Unknown option '--databse-url'")
    expect(unknown.stderr).toContain('Run med-demo seed --help for its options.')
    const env = withoutStoreUrls()
    const missing = await runCli(['seed'], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('seed needs --database-url and --redis-url')
  })

  it("seeds existing stores and prints everything as JSON, accepting the app's URL form", async () => {
    const fresh = await stores.fresh()
    const asyncpg = fresh.postgresUrl.replace(/^postgres:/, 'postgresql+asyncpg:')
    const result = await runCli([
      'seed',
      '--database-url',
      asyncpg,
      '--redis-url',
      fresh.redisUrl,
      '--secret-key',
      'k3y-of-the-backend',
      '--days',
      '10',
      '--reference-date',
      '2026-01-10',
      '--seed',
      'cli',
      '--json',
    ])
    expect(result.code, result.stderr).toBe(0)
    // One description of the environment, the same as the state file and --port serve.
    const report = JSON.parse(result.stdout)
    expect(Object.keys(report)).toEqual([
      'version',
      'appVersion',
      'appMode',
      'appSchema',
      'stores',
      'env',
      'settings',
      'account',
    ])
    expect(report).toMatchObject({
      version: 1,
      appVersion: '1.5.0',
      stores: { redisUrl: fresh.redisUrl },
      settings: { seed: 'cli', referenceDate: '2026-01-10', days: 10 },
    })
    expect(Object.keys(report.account)).toEqual(
      expect.arrayContaining(['email', 'password', 'jwt', 'clientId', 'clientSecret', 'user']),
    )
    expect(report.settings.secretKey).toBe('k3y-of-the-backend')
    expect(report.env).toEqual({
      DATABASE_URL: asyncpg,
      REDIS_URL: fresh.redisUrl,
      SECRET_KEY: 'k3y-of-the-backend',
    })
    expect(report.account.pdls).toEqual([
      expect.objectContaining({ usagePointId: '12345678901234', hasProduction: false }),
      expect.objectContaining({ usagePointId: '98765432109876', hasProduction: true }),
    ])
    expect(await query(fresh.postgresUrl, 'SELECT id FROM users')).toEqual([
      { id: report.account.user.id },
    ])
  })

  it('seeds a second account into stores that hold one with --index or --pdl, leaving the first untouched', async () => {
    const fresh = await stores.fresh()
    const seed = async (...args: string[]) => {
      const result = await runCli([
        'seed',
        ...['--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl],
        ...['--days', '5', '--reference-date', '2026-01-10', '--json', ...args],
      ])
      expect(result.code, result.stderr).toBe(0)
      return demoAccountFromDescription(
        readEnvironmentDescriptor(JSON.parse(result.stdout), 'stdout'),
      )
    }
    /** The first account's rows and every cache key of its meters, byte for byte. */
    const firstAccountState = async (userId: string) => ({
      user: await query(fresh.postgresUrl, 'SELECT * FROM users WHERE id = $1', [userId]),
      pdls: await query(fresh.postgresUrl, 'SELECT * FROM pdls WHERE user_id = $1 ORDER BY 2', [
        userId,
      ]),
      keys: [...(await redisDigest(fresh.redisUrl))].filter(([key]) =>
        /12345678901234|98765432109876/.test(key),
      ),
    })
    const first = await seed()
    const before = await firstAccountState(first.user.id)
    const second = await seed('--index', '1')
    const third = await seed('--email', 'someone@example.com', '--pdl', '11111111111111')
    expect(await firstAccountState(first.user.id)).toEqual(before)
    expect(before.keys.length).toBeGreaterThan(10)

    expect(second.email).toBe('demo-1@example.com')
    expect(second.pdls.map((pdl) => pdl.usagePointId)).toEqual(['00000000010001', '00000000010002'])
    expect(third.pdls.map((pdl) => pdl.usagePointId)).toEqual(['11111111111111'])
    expect(
      await query(
        fresh.postgresUrl,
        'SELECT u.email, p.usage_point_id FROM pdls p JOIN users u ON u.id = p.user_id ORDER BY 2',
      ),
    ).toEqual([
      { email: 'demo-1@example.com', usage_point_id: '00000000010001' },
      { email: 'demo-1@example.com', usage_point_id: '00000000010002' },
      { email: 'someone@example.com', usage_point_id: '11111111111111' },
      { email: 'demo@myelectricaldata.fr', usage_point_id: '12345678901234' },
      { email: 'demo@myelectricaldata.fr', usage_point_id: '98765432109876' },
    ])
    // Each account's cache is there, readable with its own key.
    for (const account of [first, second, third]) {
      const pdl = account.pdls[0]!.usagePointId
      expect(await readCachedDaily(account, pdl, '2026-01-05', '2026-01-09')).toEqual(
        account.readings[0]!.consumption!.daily.map((day) => ({ date: day.date, value: day.wh })),
      )
    }
  })

  it('hides secrets in the summary unless asked', async () => {
    const fresh = await stores.fresh()
    const args = [
      'seed',
      '--database-url',
      fresh.postgresUrl,
      '--redis-url',
      fresh.redisUrl,
      '--days',
      '3',
    ]
    const quiet = await runCli(args)
    expect(quiet.code, quiet.stderr).toBe(0)
    expect(quiet.stdout).toContain('Client secret  (hidden; --show-secrets prints it)')
    expect(quiet.stdout).not.toMatch(/eyJ[A-Za-z0-9_-]+\./)
    const shown = await runCli([...args, '--show-secrets'])
    expect(shown.stdout).toMatch(/JWT {12}eyJ[A-Za-z0-9_-]+\./)
  })

  it('removes an account and everything of it', async () => {
    const fresh = await stores.fresh()
    const base = ['--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
    expect((await runCli(['seed', ...base, '--days', '3'])).code).toBe(0)
    const result = await runCli(['remove', ...base])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(
      /^Removed demo@myelectricaldata\.fr: user [0-9a-f-]{36}, 2 PDL\(s\) 12345678901234, 98765432109876, \d+ cache key\(s\)\.$/m,
    )
    expect(await query(fresh.postgresUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([
      { n: 0 },
    ])
    const redis = redisClient(fresh.redisUrl)
    expect(await redis.dbsize()).toBe(0)
    redis.disconnect()
    expect((await runCli(['remove', ...base])).stdout).toContain(
      'No account demo@myelectricaldata.fr in these stores',
    )
  })

  it('reset puts an account back to its seeded state', async () => {
    const fresh = await stores.fresh()
    const base = ['--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
    const flags = [...base, '--days', '3', '--secret-key', 'k3y-of-the-backend', '--json']
    const seeded = await runCli(['seed', ...flags])
    expect(seeded.code, seeded.stderr).toBe(0)
    const before = await redisSnapshot(fresh.redisUrl)
    const { id: userId, clientSecret } = JSON.parse(seeded.stdout).account.user
    const dailyKey = [...before.keys()].find((key) =>
      key.startsWith('consumption:daily:98765432109876:'),
    )
    expect(dailyKey).toBeDefined()
    // What a test might do to the account: a PDL gone, a flag changed, a rate-limit key.
    await query(fresh.postgresUrl, `DELETE FROM pdls WHERE usage_point_id = '12345678901234'`)
    await query(fresh.postgresUrl, `UPDATE users SET debug_mode = true WHERE id = '${userId}'`)
    const redis = redisClient(fresh.redisUrl)
    await redis.set(`rate_limit:${userId}:daily`, '7')
    await redis.del(dailyKey!)
    const reset = await runCli(['reset', ...flags])
    expect(reset.code, reset.stderr).toBe(0)
    expect(JSON.parse(reset.stdout).account.user.id).toBe(userId)
    expect(await query(fresh.postgresUrl, 'SELECT email, debug_mode FROM users')).toEqual([
      { email: 'demo@myelectricaldata.fr', debug_mode: false },
    ])
    expect(await query(fresh.postgresUrl, 'SELECT count(*)::int AS n FROM pdls')).toEqual([
      { n: 2 },
    ])
    const after = await redisSnapshot(fresh.redisUrl)
    redis.disconnect()
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    // The day removed is back with what it held (tokens differ: each has its own IV).
    const fernetKey = fernetKeyFromClientSecret(clientSecret)
    expect(fernetDecrypt(fernetKey, after.get(dailyKey!)!)?.toString()).toBe(
      fernetDecrypt(fernetKey, before.get(dailyKey!)!)?.toString(),
    )
  })

  it('up serves its JSON once seeded, writes the env file, runs the command, and cleans up on exit', async () => {
    const envFile = join(tmpdir(), `med-demo-${process.pid}.env`)
    const port = 20_000 + (process.pid % 20_000)
    const { code, stdout, stderr } = await runCli([
      'up',
      '--days',
      '3',
      '--env-file',
      envFile,
      '--port',
      String(port),
      '--',
      process.execPath,
      '-e',
      `fetch(process.env.MED_DEMO_SERVER_URL, { headers: { authorization: 'Bearer ' + process.env.MED_DEMO_SERVER_TOKEN } }).then((r) => r.json()).then((j) => { console.log('CHILD', j.account.email, process.env.DATABASE_URL === j.env.DATABASE_URL, require('node:fs').readFileSync(${JSON.stringify(envFile)}, 'utf8').split('\\n').map((l) => l.split('=')[0]).join(',')) })`,
    ])
    expect(code, stderr).toBe(0)
    expect(stdout).toContain(
      'CHILD demo@myelectricaldata.fr true DATABASE_URL,REDIS_URL,SECRET_KEY,',
    )
    await expect(readFile(envFile)).rejects.toThrow(/ENOENT/)
  })

  it('up stays up until SIGTERM, then removes its containers and its state file', async () => {
    const stateFile = join(tmpdir(), `med-demo-${process.pid}-state.json`)
    const child = spawn(process.execPath, [
      '--',
      CLI,
      'up',
      '--days',
      '3',
      '--state-file',
      stateFile,
    ])
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    let state: { stores: { postgresUrl: string } } | undefined
    for (let i = 0; i < 600 && !state; i++) {
      state = await readFile(stateFile, 'utf8').then(JSON.parse, () => undefined)
      if (!state) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(state, stderr).toBeDefined()
    expect(await query(state!.stores.postgresUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([
      { n: 1 },
    ])
    child.kill('SIGTERM')
    expect(await exited, stderr).toBe(143)
    const removed =
      process.env.MED_DEMO_ENGINE === 'local'
        ? 'the local servers this run started are stopped and their data removed'
        : 'the containers this run started are removed'
    expect(stderr).toContain(`Stopped; ${removed}; removed ${stateFile} (exit 143).`)
    await expect(readFile(stateFile)).rejects.toThrow(/ENOENT/)
    await expect(query(state!.stores.postgresUrl, 'SELECT 1')).rejects.toThrow()
  })
})
