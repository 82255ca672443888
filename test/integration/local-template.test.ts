import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import { findLocalBinaries } from '../../src/local-engine/find-binaries.ts'
import { unprivilegedUser } from '../../src/local-engine/run-as.ts'
import { templateCluster } from '../../src/local-engine/template-cluster.ts'

let made: string | undefined
afterEach(() => {
  vi.unstubAllEnvs()
  if (made) rmSync(made, { recursive: true, force: true })
})

test('concurrent first starts make one template cluster, whole, and leave no half-made one', async () => {
  made = mkdtempSync(join(tmpdir(), 'med-template-'))
  // Reachable by the servers' user when the tests run as root.
  chmodSync(made, 0o755)
  const cache = join(made, 'cache')
  vi.stubEnv('MED_DEMO_CACHE_DIR', cache)
  const binaries = findLocalBinaries().found
  expect(binaries, 'this test needs Postgres and Redis binaries').toBeDefined()
  const runAs = unprivilegedUser()

  const paths = await Promise.all([1, 2, 3].map(() => templateCluster(binaries!, runAs)))

  expect(new Set(paths).size).toBe(1)
  expect(existsSync(join(paths[0]!, 'PG_VERSION'))).toBe(true)
  expect(existsSync(join(paths[0]!, 'base'))).toBe(true)
  // Only the template: every temporary initdb directory is gone.
  expect(readdirSync(cache)).toEqual([paths[0]!.slice(cache.length + 1)])
  // Once made, it is used as it is.
  expect(await templateCluster(binaries!, runAs)).toBe(paths[0])
})
