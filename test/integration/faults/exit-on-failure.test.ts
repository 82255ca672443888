import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnCollect } from '../../support/spawn-collect.ts'
import { storeDigest } from '../../support/store-digest.ts'
import { CLI } from '../support/run-cli.ts'
import { type FaultServers, startFaultServers } from './support/local-stores.ts'

const CHILD = fileURLToPath(new URL('./support/seed-in-child.ts', import.meta.url))
/** Far above the seconds a failed seed takes: a process still running then is a process that hangs. */
const HANG = 90_000

let servers: FaultServers
beforeAll(async () => {
  servers = await startFaultServers()
})
afterAll(async () => {
  await servers?.stop()
})

/** The same URL with another password. */
function wrongPassword(url: string): string {
  const parsed = new URL(url)
  parsed.password = 'not-the-password'
  return parsed.toString()
}

describe('one store failing closes everything the call opened', () => {
  it('withDemoAccount() with a wrong Postgres password and a good Redis: the process exits by itself', async () => {
    const stores = await servers.fresh()
    const before = await storeDigest(stores)
    const result = await spawnCollect(process.execPath, [CHILD], {
      env: {
        ...process.env,
        FAULT_POSTGRES_URL: wrongPassword(stores.postgresUrl),
        FAULT_REDIS_URL: stores.redisUrl,
      },
      timeoutMs: HANG,
    })
    expect(result.exitCode, `killed after ${HANG} ms: it hangs. ${result.stderr}`).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      code: 'STORE_UNREACHABLE',
      message: expect.stringContaining('password authentication failed'),
    })
    expect(await storeDigest(stores)).toEqual(before)
  })

  it('withDemoAccount() with a good Postgres and a Redis that refuses: the process exits by itself', async () => {
    const stores = await servers.fresh()
    const result = await spawnCollect(process.execPath, [CHILD], {
      env: {
        ...process.env,
        FAULT_POSTGRES_URL: stores.postgresUrl,
        FAULT_REDIS_URL: 'redis://127.0.0.1:1/0',
      },
      timeoutMs: HANG,
    })
    expect(result.exitCode, `killed after ${HANG} ms: it hangs. ${result.stderr}`).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      code: 'STORE_UNREACHABLE',
      message: expect.stringContaining('Cannot connect to Redis'),
    })
  })

  it('med-demo seed with a wrong Postgres password exits 1 with STORE_UNREACHABLE', async () => {
    const stores = await servers.fresh()
    const before = await storeDigest(stores)
    const result = await spawnCollect(
      process.execPath,
      [
        '--',
        CLI,
        'seed',
        '--database-url',
        wrongPassword(stores.postgresUrl),
        '--redis-url',
        stores.redisUrl,
        '--days',
        '5',
      ],
      { timeoutMs: HANG },
    )
    expect(result.exitCode, `killed after ${HANG} ms: it hangs. ${result.stderr}`).toBe(1)
    expect(result.stderr).toMatch(
      /✖ Cannot connect to Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/f_\w+: password authentication failed .*\(STORE_UNREACHABLE\)/,
    )
    expect(await storeDigest(stores)).toEqual(before)
  })
})
