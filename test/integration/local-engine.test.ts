import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { DemoAccountError, withDemoAccount } from '@myelectricaldata/demo-account'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { findLocalBinaries } from '../../src/local-engine/find-binaries.ts'
import { chooseEngine } from '../../src/stores/choose-engine.ts'
import { alive } from '../support/process-alive.ts'
import { localServerFacts } from './support/local-server-facts.ts'
import { runCli } from './support/run-cli.ts'
import { query, redisClient } from './support/test-stores.ts'

const CHILD = fileURLToPath(new URL('./support/local-engine-child.ts', import.meta.url))
const DEAD_DOCKER_HOST = 'unix:///nonexistent/med-demo-no-engine.sock'
/** The reaper's grace before SIGKILL is 3 s; the bound only keeps a broken reaper from hanging the test. */
const GONE_BOUND_MS = 30_000

let child: ChildProcess | undefined
afterEach(() => {
  child?.kill('SIGKILL')
  child = undefined
  vi.unstubAllEnvs()
})

/** An environment for a child without given stores (and a dead engine when asked). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  for (const name of ['MED_DEMO_DATABASE_URL', 'MED_DEMO_REDIS_URL', 'MED_DEMO_ENGINE'])
    delete env[name]
  return { ...env, ...extra }
}

/** Starts the child; resolves its first stdout line (the stores) and everything on stderr. */
async function startChild(options: object, mode: 'stop' | 'hold', env: NodeJS.ProcessEnv) {
  child = spawn(process.execPath, ['--', CHILD, JSON.stringify(options), mode], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  let stdout = ''
  child.stdout!.setEncoding('utf8')
  for await (const chunk of child.stdout!) {
    stdout += chunk
    if (stdout.includes('\n')) break
  }
  if (!stdout.includes('\n')) throw new Error(`the child said nothing of its stores: ${stderr}`)
  return {
    stores: JSON.parse(stdout.split('\n')[0]!) as { postgres: string; redis: string },
    stderr: () => stderr,
  }
}

async function until(done: () => boolean): Promise<boolean> {
  const deadline = Date.now() + GONE_BOUND_MS
  while (!done() && Date.now() < deadline) await sleep(100)
  return done()
}

describe("engine: 'local'", () => {
  it('starts Postgres and Redis as processes, seeds them, and stop() leaves nothing', async () => {
    const demo = await withDemoAccount({
      engine: 'local',
      referenceDate: '2026-06-15',
      days: 30,
      bcryptRounds: 4,
    })
    let facts: Awaited<ReturnType<typeof localServerFacts>>
    try {
      expect(new URL(demo.postgres.url).hostname).toBe('127.0.0.1')
      expect(new URL(demo.redis.url).hostname).toBe('127.0.0.1')
      const users = await query(demo.postgres.url, 'SELECT email FROM users')
      expect(users).toEqual([{ email: 'demo@myelectricaldata.fr' }])
      const redis = redisClient(demo.redis.url)
      const pdl = demo.pdls[0]!.usagePointId
      const days = await redis.keys(`consumption:daily:${pdl}:????-??-??`)
      // The container path's Redis settings: 16 databases, no persistence.
      const [, databases] = (await redis.config('GET', 'databases')) as [string, string]
      const [, save] = (await redis.config('GET', 'save')) as [string, string]
      redis.disconnect()
      expect(days).toHaveLength(30)
      expect([databases, save]).toEqual(['16', ''])
      const [fsync] = await query(demo.postgres.url, 'SHOW fsync')
      expect(fsync).toEqual({ fsync: 'off' })
      facts = await localServerFacts({ postgres: demo.postgres.url, redis: demo.redis.url })
      expect(facts.redisParent).toBe(facts.directory)
      expect([alive(facts.postgresPid), alive(facts.redisPid)]).toEqual([true, true])
    } finally {
      await demo.stop()
    }
    expect([alive(facts.postgresPid), alive(facts.redisPid)]).toEqual([false, false])
    expect(existsSync(facts.directory)).toBe(false)
  })

  it('stops the servers and removes their data when the process that started them is SIGKILLed', async () => {
    const { stores } = await startChild({ engine: 'local' }, 'hold', childEnv())
    const facts = await localServerFacts(stores)
    expect([alive(facts.postgresPid), alive(facts.redisPid)]).toEqual([true, true])
    expect(existsSync(facts.directory)).toBe(true)

    child!.kill('SIGKILL')
    await once(child!, 'exit')

    expect(await until(() => !alive(facts.postgresPid) && !alive(facts.redisPid))).toBe(true)
    expect(await until(() => !existsSync(facts.directory))).toBe(true)
  })

  it("'auto' takes the local engine, with a notice, when no container engine answers", async () => {
    const started = await startChild(
      {},
      'stop',
      childEnv({ DOCKER_HOST: DEAD_DOCKER_HOST, MED_DEMO_ENGINE: 'auto' }),
    )
    const [code] = await once(child!, 'exit')
    expect(code).toBe(0)
    expect(new URL(started.stores.postgres).hostname).toBe('127.0.0.1')
    const notices = started
      .stderr()
      .split('\n')
      .filter((line) => line.includes('local engine'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(
      `No container engine answers (It tried DOCKER_HOST=${DEAD_DOCKER_HOST}.)`,
    )
    expect(notices[0]).toMatch(
      /using the local engine: Postgres from \/\S+\/postgres, Redis from \/\S+/,
    )
  })

  it("with reuse, 'auto' on the local engine says once that it keeps nothing, and starts its own stores", async () => {
    const started = await startChild(
      { reuse: 'local-engine-test' },
      'stop',
      childEnv({ DOCKER_HOST: DEAD_DOCKER_HOST, MED_DEMO_ENGINE: 'auto' }),
    )
    const [code] = await once(child!, 'exit')
    expect(code, started.stderr()).toBe(0)
    expect(new URL(started.stores.postgres).hostname).toBe('127.0.0.1')
    const lines = started.stderr().split('\n')
    expect(lines.filter((line) => line.includes('using the local engine'))).toHaveLength(1)
    expect(lines.filter((line) => line.includes('`reuse` keeps containers'))).toHaveLength(1)
    expect(started.stderr()).not.toContain('reused stores left running')
  })

  it('says which binaries it lacks, and how to get them', async () => {
    const none = () => findLocalBinaries({ PATH: '/nonexistent' }, { system: false })
    const local = await chooseEngine('local', none).catch((error: unknown) => error)
    expect(local).toBeInstanceOf(DemoAccountError)
    expect((local as DemoAccountError).code).toBe('LOCAL_ENGINE_UNAVAILABLE')
    expect((local as DemoAccountError).message).toMatch(
      /found no Postgres's initdb and postgres .* and redis-server or valkey-server .*Install them \(Debian: apt-get install postgresql redis-server/,
    )

    vi.stubEnv('DOCKER_HOST', DEAD_DOCKER_HOST)
    const auto = await chooseEngine('auto', none).catch((error: unknown) => error)
    expect((auto as DemoAccountError).code).toBe('CONTAINER_RUNTIME_UNAVAILABLE')
    expect((auto as DemoAccountError).message).toMatch(
      /It tried DOCKER_HOST=unix:\/\/\/nonexistent.*`engine: 'local'` \(or MED_DEMO_ENGINE=local\); the local engine found no Postgres's initdb/,
    )
  })

  it('med-demo up --engine local runs the command with the env, then stops the servers', async () => {
    const env = childEnv({ DOCKER_HOST: DEAD_DOCKER_HOST })
    const { code, stdout, stderr } = await runCli(
      [
        'up',
        '--engine',
        'local',
        '--days',
        '3',
        '--',
        process.execPath,
        '-e',
        'console.log("CHILD " + JSON.stringify([process.env.DATABASE_URL, process.env.REDIS_URL]))',
      ],
      env,
    )
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('› Starting Postgres and Redis as local processes…')
    expect(stderr).toContain(
      '✔ Stopped; the local servers this run started are stopped and their data removed.',
    )
    const [databaseUrl, redisUrl] = JSON.parse(/CHILD (.*)/.exec(stdout)![1]!) as string[]
    expect(databaseUrl).toMatch(
      /^postgresql\+asyncpg:\/\/myelectricaldata:[^@]+@127\.0\.0\.1:\d+\//,
    )
    await expect(query(databaseUrl!.replace('+asyncpg', ''), 'SELECT 1')).rejects.toThrow()
    expect(redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+/)
  })

  it("med-demo up on 'auto' with no container engine says it starts, and then stops, local servers", async () => {
    const env = childEnv({ DOCKER_HOST: DEAD_DOCKER_HOST, MED_DEMO_ENGINE: 'auto' })
    const { code, stderr } = await runCli(
      ['up', '--days', '3', '--', process.execPath, '-e', 'process.exit(0)'],
      env,
    )
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('using the local engine')
    expect(stderr).toContain('› Starting Postgres and Redis as local processes…')
    expect(stderr).not.toContain('containers')
    expect(stderr).toContain(
      '✔ Stopped; the local servers this run started are stopped and their data removed.',
    )
  })

  it('med-demo up refuses an unknown --engine in its own terms', async () => {
    const { code, stderr } = await runCli(['up', '--engine', 'docker'], childEnv())
    expect(code).toBe(2)
    expect(stderr).toContain("--engine must be one of 'container', 'local', 'auto', got \"docker\"")
  })
})
