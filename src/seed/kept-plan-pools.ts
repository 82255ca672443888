import type { EnvironmentSettings } from '../model/environment.ts'
import { PlanPool } from './plan-pool.ts'

/** How long an idle pool waits for the next call before its workers stop. */
const IDLE_MS = 5_000

interface Kept {
  readonly pool: PlanPool
  users: number
  timer?: NodeJS.Timeout
}

const kept = new Map<string, Kept>()

/**
 * A planning pool of `size` workers for this release, kept a few seconds after its last user
 * (starting a worker and compiling its code takes a few hundred milliseconds, which a test's
 * next `addAccounts()` would pay again). Give it back with {@link releasePlanPool}.
 */
export function acquirePlanPool(
  settings: Pick<EnvironmentSettings, 'appVersion' | 'appMode' | 'appSchema'>,
  size: number,
): PlanPool {
  const key = JSON.stringify([settings.appVersion, settings.appMode, settings.appSchema, size])
  let entry = kept.get(key)
  if (entry?.pool.failed) {
    kept.delete(key)
    entry = undefined
  }
  if (!entry) {
    entry = { pool: new PlanPool(settings, size), users: 0 }
    kept.set(key, entry)
  }
  clearTimeout(entry.timer)
  entry.users++
  entry.pool.keepProcessAlive(true)
  return entry.pool
}

/**
 * Gives a pool back: once nobody uses it, its workers no longer keep the process running, and
 * they stop after a few idle seconds (at once if one failed).
 */
export async function releasePlanPool(pool: PlanPool): Promise<void> {
  const [key, entry] = [...kept].find(([, candidate]) => candidate.pool === pool) ?? []
  if (!key || !entry) return pool.close()
  entry.users--
  if (entry.users > 0) return
  if (pool.failed) {
    kept.delete(key)
    return pool.close()
  }
  pool.keepProcessAlive(false)
  entry.timer = setTimeout(() => {
    kept.delete(key)
    void pool.close()
  }, IDLE_MS)
  entry.timer.unref()
}
