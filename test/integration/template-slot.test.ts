import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withRedisDatabase } from '../../src/stores/database-url.ts'
import { createDemoTemplate, type StartedDemoTemplate } from '../../src/template/demo-template.ts'
import { openTemplateSlot, redisDatabasesForSlot } from '../../src/template/template-slot.ts'
import { SMALL } from './support/seed-into.ts'
import { query, redisClient, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()
let started: StartedDemoTemplate

beforeAll(async () => {
  const fresh = await stores.fresh()
  started = await createDemoTemplate({
    ...SMALL,
    postgres: { url: stores.postgresUrl },
    redis: { url: fresh.redisUrl },
  })
})

afterAll(async () => {
  await started?.stop()
})

/** Client sessions on the server, but the one asking. */
async function sessions(): Promise<number> {
  const [row] = await query<{ n: string }>(
    stores.postgresUrl,
    "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
  )
  return Number(row?.n)
}

/** Waits (with a generous bound) until a session waits for a slot's advisory lock. */
async function untilSomeoneWaitsForASlot(): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const [row] = await query<{ n: string }>(
      stores.postgresUrl,
      "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2",
    )
    if (Number(row?.n) > 0) return
    await sleep(50)
  }
  throw new Error('no session waited for the slot')
}

async function dbsize(redisUrl: string): Promise<number> {
  const redis = redisClient(redisUrl)
  try {
    return await redis.dbsize()
  } finally {
    redis.disconnect()
  }
}

describe('a worker slot', () => {
  it('closes its Postgres connection when Redis does not connect', async () => {
    const before = await sessions()
    const template = { ...started.template, redisUrl: 'redis://127.0.0.1:1/0' }
    await expect(openTemplateSlot(template, 1)).rejects.toMatchObject({ code: 'STORE_UNREACHABLE' })
    expect(await sessions()).toBe(before)
  })

  it('goes to the next worker only once the previous one let go of it', async () => {
    const first = await openTemplateSlot(started.template, 2)
    const next = openTemplateSlot(started.template, 2)
    await untilSomeoneWaitsForASlot()
    await first.dispose()
    const second = await next
    try {
      // The first worker's clean-up ran before the next worker copied: its copy is whole.
      expect(await dbsize(second.redisUrl)).toBe(await dbsize(started.template.redisUrl))
      expect(await query(second.postgresUrl, 'SELECT email FROM users')).toEqual([
        { email: started.template.environment.account.email },
      ])
    } finally {
      await second.dispose()
    }
  })

  it('leaves the copies alone once it lost the slot', async () => {
    const first = await openTemplateSlot(started.template, 3)
    // The first worker's connection drops: the slot goes to the next worker.
    await query(
      stores.postgresUrl,
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid = 3",
    )
    const second = await openTemplateSlot(started.template, 3)
    try {
      await first.dispose()
      const [active, spare] = redisDatabasesForSlot(started.template, 3)
      const keys = await dbsize(started.template.redisUrl)
      expect(await dbsize(withRedisDatabase(started.template.redisUrl, active))).toBe(keys)
      expect(await dbsize(withRedisDatabase(started.template.redisUrl, spare))).toBe(keys)
      expect(await query(second.postgresUrl, 'SELECT email FROM users')).toEqual([
        { email: started.template.environment.account.email },
      ])
    } finally {
      await second.dispose()
    }
  })
})
