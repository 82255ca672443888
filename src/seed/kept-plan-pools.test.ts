import { describe, expect, it } from 'vitest'
import { resolveAddAccountOptions, resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { acquirePlanPool, releasePlanPool } from './kept-plan-pools.ts'

const release = { appVersion: '1.5.0', appMode: 'server', appSchema: 'head' } as const
const { window } = resolveDemoAccountOptions({ referenceDate: '2026-06-15', days: 12 })
const account = resolveAddAccountOptions({ index: 4 }, 'demo')

describe('kept planning pools', () => {
  it('gives the next call the pool the last one gave back, started already', async () => {
    const first = acquirePlanPool(release, 1)
    await first.plan(account, window, 60)
    await releasePlanPool(first)
    const second = acquirePlanPool(release, 1)
    expect(second).toBe(first)
    // Another size or release is another pool.
    const other = acquirePlanPool({ ...release, appVersion: '1.22.0' }, 1)
    expect(other).not.toBe(second)
    await Promise.all([releasePlanPool(second), releasePlanPool(other)])
  })

  it('replaces a pool that failed, and drops the plans a call cancels', async () => {
    const pool = acquirePlanPool(release, 2)
    const parts = [pool.plan(account, window, 60), pool.plan(account, window, 60)]
    // Just made: the workers are still starting, so both wait in the queue.
    pool.cancel(parts)
    await expect(Promise.all(parts)).rejects.toThrow('the plan was cancelled')
    await pool.close()
    await releasePlanPool(pool)
    const next = acquirePlanPool(release, 2)
    expect(next).not.toBe(pool)
    expect((await next.plan(account, window, 60)).cacheWrites.length).toBeGreaterThan(0)
    await releasePlanPool(next)
  })
})
