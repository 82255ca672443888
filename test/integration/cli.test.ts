import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, runCli } from './support/run-cli.ts'
import { query, redisClient, startTestStores, type TestStores } from './support/test-stores.ts'

let stores: TestStores
beforeAll(async () => {
  stores = await startTestStores()
})
afterAll(async () => {
  await stores?.stop()
})

describe('med-demo', () => {
  it('prints help for every command and exits 0', async () => {
    for (const command of ['up', 'seed', 'reset', 'preview']) {
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
    const env = { ...process.env }
    delete env.MED_DEMO_DATABASE_URL
    delete env.MED_DEMO_REDIS_URL
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

  it('resets an account and everything of it', async () => {
    const fresh = await stores.fresh()
    const base = ['--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
    expect((await runCli(['seed', ...base, '--days', '3'])).code).toBe(0)
    const result = await runCli(['reset', ...base])
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
    expect((await runCli(['reset', ...base])).stdout).toContain(
      'No account demo@myelectricaldata.fr in these stores',
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
      `fetch('http://127.0.0.1:${port}/').then((r) => r.json()).then((j) => { console.log('CHILD', j.account.email, process.env.DATABASE_URL === j.env.DATABASE_URL, require('node:fs').readFileSync(${JSON.stringify(envFile)}, 'utf8').split('\\n').map((l) => l.split('=')[0]).join(',')) })`,
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
