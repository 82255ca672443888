import { describe, expect, it } from 'vitest'
import { defaultAppContract } from '../app/releases.ts'
import { fernetDecrypt } from '../cache/fernet.ts'
import { resolveAddAccountOptions, resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { computeCachePlan } from './account-plan.ts'
import { PlanPool } from './plan-pool.ts'

const release = { appVersion: '1.5.0', appMode: 'server', appSchema: 'head' } as const
const { window } = resolveDemoAccountOptions({ referenceDate: '2026-06-15', days: 12 })
const accounts = [1, 2, 3].map((index) => resolveAddAccountOptions({ index }, 'demo'))

describe('PlanPool', () => {
  it("plans on worker threads exactly the cache this thread would, each account's own", async () => {
    const pool = new PlanPool(release, 2)
    try {
      const parts = await Promise.all(accounts.map((account) => pool.plan(account, window, 60)))
      for (const [i, part] of parts.entries()) {
        const here = computeCachePlan(accounts[i]!, window, defaultAppContract)
        expect(part.identity).toEqual(here.identity)
        expect(part.cacheWrites.map((write) => write.key)).toEqual(
          here.cacheWrites.map((write) => write.key),
        )
        // Ciphertexts differ (random IVs); what they decrypt to must not.
        const key = defaultAppContract.cacheKey(here.identity.clientSecret)
        const plain = (token: string | Buffer) => fernetDecrypt(key, String(token))?.toString()
        expect(part.cacheWrites.map((write) => plain(write.token))).toEqual(
          here.cacheWrites.map((write) => plain(write.token)),
        )
      }
    } finally {
      await pool.close()
    }
  })

  it('plans here what no worker has taken yet (all starting, or busy), and only that', async () => {
    const pool = new PlanPool(release, 1)
    try {
      // Just made: the worker is still starting, so the request waits for it.
      const waiting = pool.plan(accounts[0]!, window, 60)
      expect(pool.planHere(waiting)).toBe(true)
      const here = await waiting
      const reference = computeCachePlan(accounts[0]!, window, defaultAppContract, 60)
      expect(here.identity).toEqual(reference.identity)
      expect(here.encoded).toMatchObject({ count: reference.encoded.count, ttlSeconds: 60 })
      const key = defaultAppContract.cacheKey(here.identity.clientSecret)
      const plain = (token: string | Buffer) => fernetDecrypt(key, String(token))?.toString()
      expect(here.cacheWrites.map((write) => plain(write.token))).toEqual(
        reference.cacheWrites.map((write) => plain(write.token)),
      )
      // Once the worker is up and idle, a request goes to it at once: nothing is left to take.
      await pool.plan(accounts[1]!, window, 60)
      const taken = pool.plan(accounts[2]!, window, 60)
      expect(pool.planHere(taken)).toBe(false)
      expect((await taken).identity).toEqual(computeCachePlan(accounts[2]!, window).identity)
    } finally {
      await pool.close()
    }
  })

  it('rejects what it was still asked once closed, and what it is asked afterwards', async () => {
    const pool = new PlanPool(release, 1)
    const pending = Promise.allSettled(accounts.map((account) => pool.plan(account, window, 60)))
    await pool.close()
    const settled = await pending
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected'])
    await expect(pool.plan(accounts[0]!, window, 60)).rejects.toThrow(
      'the planning pool was closed',
    )
  })

  it("gives a worker's failure to the plan that caused it", async () => {
    const pool = new PlanPool({ ...release, appVersion: '0.0.1' }, 1)
    try {
      await expect(pool.plan(accounts[0]!, window, 60)).rejects.toThrow('no app contract for 0.0.1')
    } finally {
      await pool.close()
    }
  })
})
