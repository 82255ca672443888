import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import jwt from 'jsonwebtoken'
import { getContainerRuntimeClient, LABEL_TESTCONTAINERS_SESSION_ID } from 'testcontainers'
import { afterAll, describe, expect, it } from 'vitest'
import { removeReusedStores } from '../../src/reuse/remove-reused-stores.ts'
import { listReusedContainers } from '../../src/reuse/reused-containers.ts'
import { query } from '../support/postgres-query.ts'
import { spawnCollect } from '../support/spawn-collect.ts'
import { postgresDigest, redisDigest } from '../support/store-digest.ts'
import { runCli } from './support/run-cli.ts'

const CHILD = fileURLToPath(new URL('./support/reuse-child.ts', import.meta.url))
const NOTE = 'reused stores left running'

interface ChildReport {
  phases: string[]
  key: string
  postgresUrl: string
  redisUrl: string
  userId: string
  clientSecret: string
  jwt: string
  secretKey: string
  dailyDays: number
  readings: string
}

/** Every set of reused stores a test made, removed at the end whatever happened. */
const keys = new Set<string>()
afterAll(async () => {
  for (const key of keys) await removeReusedStores({ key })
})

/** A name of its own per test: its reused stores are its own, even with other files running. */
function reuseName(): string {
  return `it-${randomBytes(4).toString('hex')}`
}

const OPTIONS = { referenceDate: '2026-11-24', days: 60, bcryptRounds: 4 }

async function run(options: object): Promise<ChildReport & { stderr: string }> {
  const result = await spawnCollect(process.execPath, [CHILD, JSON.stringify(options)], {
    timeoutMs: 180_000,
  })
  expect(result.exitCode, result.stderr).toBe(0)
  const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ChildReport
  keys.add(report.key)
  return { ...report, stderr: result.stderr }
}

/** A child that keeps its account (and its lease) until `release()`. */
function hold(options: object): { report: Promise<ChildReport>; release(): Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, [CHILD, JSON.stringify(options), '--hold'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const report = new Promise<ChildReport>((resolve, reject) => {
    let out = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('\n')) {
        const parsed = JSON.parse(out.split('\n')[0]!) as ChildReport
        keys.add(parsed.key)
        resolve(parsed)
      }
    })
    child.on('close', (code) => reject(new Error(`holder exited ${code} before reporting`)))
  })
  return {
    report,
    async release() {
      child.stdin!.end()
      await exited
    },
  }
}

async function digest(report: ChildReport) {
  return {
    tables: await postgresDigest(report.postgresUrl),
    keys: await redisDigest(report.redisUrl),
  }
}

describe('reuse: warm starts across runs', () => {
  it('a later process finds the stores, skips seeding, and gets the same account and data', async () => {
    const options = { ...OPTIONS, seed: 'reuse-warm', reuse: reuseName() }
    const cold = await run(options)
    expect(cold.phases).toEqual(['stores', 'seed'])
    const seeded = await digest(cold)
    const warm = await run(options)
    expect(warm.phases).toEqual(['stores', 'reused'])
    expect([warm.postgresUrl, warm.redisUrl]).toEqual([cold.postgresUrl, cold.redisUrl])
    expect([warm.userId, warm.clientSecret, warm.dailyDays, warm.readings]).toEqual([
      cold.userId,
      cold.clientSecret,
      60,
      cold.readings,
    ])
    // A new random key per run, as without reuse, and a JWT signed with it.
    expect(warm.secretKey).not.toBe(cold.secretKey)
    expect(jwt.verify(warm.jwt, warm.secretKey)).toMatchObject({ sub: cold.userId })
    expect(await digest(warm)).toEqual(seeded)
    // Disposal leaves them running, and says so once.
    for (const report of [cold, warm]) expect(report.stderr.split(NOTE)).toHaveLength(2)
    const containers = await listReusedContainers(cold.key)
    expect(containers.map((c) => [c.role, c.running]).sort()).toEqual([
      ['postgres', true],
      ['redis', true],
    ])
    // Ryuk reaps by session label: kept containers carry none, nor the owner's pid.
    const client = await getContainerRuntimeClient()
    for (const container of containers) {
      const { Config } = await client.container.dockerode.getContainer(container.id).inspect()
      expect(Config.Labels[LABEL_TESTCONTAINERS_SESSION_ID]).toBeUndefined()
      expect(Config.Labels['org.myelectricaldata.demo-account.pid']).toBeUndefined()
    }
  })

  it('other options re-seed the same containers, and hold only the new seed', async () => {
    const name = reuseName()
    const first = await run({ ...OPTIONS, seed: 'reuse-a', reuse: name })
    const second = await run({ ...OPTIONS, seed: 'reuse-b', email: 'b@example.com', reuse: name })
    expect(second.phases).toEqual(['stores', 'seed'])
    expect(second.postgresUrl).toBe(first.postgresUrl)
    expect(second.clientSecret).not.toBe(first.clientSecret)
    expect(await query(second.postgresUrl, 'SELECT email FROM users')).toEqual([
      { email: 'b@example.com' },
    ])
    const again = await run({ ...OPTIONS, seed: 'reuse-b', email: 'b@example.com', reuse: name })
    expect(again.phases).toEqual(['stores', 'reused'])
  })

  it('a Redis key or a Postgres row changed by hand is noticed, and the stores seeded again', async () => {
    const options = { ...OPTIONS, seed: 'reuse-changed', reuse: reuseName() }
    const cold = await run(options)
    const redis = new Redis(cold.redisUrl)
    const [key] = await redis.keys('consumption:daily:*')
    await redis.del(key!)
    const afterKey = await run(options)
    expect(afterKey.phases).toEqual(['stores', 'seed'])
    expect(await redis.exists(key!)).toBe(1)
    redis.disconnect()

    await query(afterKey.postgresUrl, "UPDATE pdls SET name = 'changed by hand'")
    const afterRow = await run(options)
    expect(afterRow.phases).toEqual(['stores', 'seed'])
    const names = await query<{ name: string }>(afterRow.postgresUrl, 'SELECT name FROM pdls')
    expect(names.map((row) => row.name)).not.toContain('changed by hand')
    expect((await run(options)).phases).toEqual(['stores', 'reused'])
  })

  it('a stopped container is replaced by a new pair, seeded', async () => {
    const options = { ...OPTIONS, seed: 'reuse-stopped', reuse: reuseName() }
    const cold = await run(options)
    const before = await listReusedContainers(cold.key)
    const redis = before.find((c) => c.role === 'redis')!
    const client = await getContainerRuntimeClient()
    await client.container.dockerode.getContainer(redis.id).stop({ t: 0 })
    const after = await run(options)
    expect(after.phases).toEqual(['stores', 'seed'])
    expect(after.userId).toBe(cold.userId)
    const now = await listReusedContainers(cold.key)
    expect(now).toHaveLength(2)
    expect(now.every((c) => c.running)).toBe(true)
    expect(now.map((c) => c.id)).not.toContain(redis.id)
  })

  it('two processes starting at once share one pair of containers, one seeding, both valid', async () => {
    const options = { ...OPTIONS, seed: 'reuse-parallel', reuse: reuseName() }
    const [a, b] = await Promise.all([run(options), run(options)])
    expect([a.phases, b.phases].sort()).toEqual([
      ['stores', 'reused'],
      ['stores', 'seed'],
    ])
    expect(b.postgresUrl).toBe(a.postgresUrl)
    expect(b.userId).toBe(a.userId)
    for (const report of [a, b]) {
      expect(jwt.verify(report.jwt, report.secretKey)).toMatchObject({ sub: a.userId })
    }
    expect(await listReusedContainers(a.key)).toHaveLength(2)
  })

  it('never wipes stores another live run uses: a run with other options gets its own', async () => {
    const name = reuseName()
    const holder = hold({ ...OPTIONS, seed: 'reuse-held', reuse: name })
    try {
      const held = await holder.report
      const before = await digest(held)
      const other = await run({ ...OPTIONS, seed: 'reuse-other', reuse: name })
      expect(other.postgresUrl).not.toBe(held.postgresUrl)
      expect(other.phases).toEqual(['stores', 'seed'])
      expect(other.stderr).toContain('another run is using them: this run starts stores of its own')
      expect(await digest(held)).toEqual(before)
      // The other run's own containers were not kept: they went with it.
      expect(await listReusedContainers(held.key)).toHaveLength(2)
    } finally {
      await holder.release()
    }
  })

  it('med-demo down removes the reused stores of a key', async () => {
    const cold = await run({ ...OPTIONS, seed: 'reuse-down', reuse: reuseName() })
    expect(await listReusedContainers(cold.key)).toHaveLength(2)
    const down = await runCli(['down', '--key', cold.key.slice(0, 12)])
    expect(down.code, down.stderr).toBe(0)
    expect(down.stderr).toContain('Removed 2 reused container(s)')
    expect(await listReusedContainers(cold.key)).toEqual([])
  })
})
