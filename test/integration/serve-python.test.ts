import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { spawnCollect } from '../support/spawn-collect.ts'
import { authorized, killLeftServers, serveStores } from './support/serve-process.ts'
import { query, useTestStores } from './support/test-stores.ts'

/** The README's pytest example, run as it is. */
const EXAMPLE = fileURLToPath(new URL('../../examples/pytest', import.meta.url))
const PYTHON = process.env.E2E_PYTHON ?? '/usr/bin/python3'

const stores = useTestStores()
let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'med-demo-pytest-'))
})
afterEach(killLeftServers)
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

describe('the pytest example (examples/pytest)', () => {
  it('gets a fresh account per test from med-demo serve, resets it and removes it, with urllib', async () => {
    const fresh = await stores.fresh()
    const stateFile = join(folder, 'state.json')
    const serving = await serveStores(fresh, stateFile)
    try {
      const pytest = await spawnCollect(
        PYTHON,
        ['-m', 'pytest', '-v', '-p', 'no:cacheprovider', EXAMPLE],
        {
          env: { ...process.env, MED_DEMO_STATE_FILE: stateFile, PYTHONDONTWRITEBYTECODE: '1' },
          timeoutMs: 120_000,
        },
      )
      expect(pytest.exitCode, pytest.stdout + pytest.stderr).toBe(0)
      for (const name of [
        'test_each_test_has_an_account_of_its_own',
        'test_the_jwt_is_signed_with_the_backends_secret_key',
        'test_reset_puts_the_account_back_as_seeded',
      ]) {
        expect(pytest.stdout).toMatch(new RegExp(`${name} PASSED`))
      }
      expect(pytest.stdout).toContain('3 passed')
      // Each test's account was removed after it: only the environment's own is left.
      expect((await authorized(serving.state)('GET', '/')).json.accounts).toEqual([])
      expect(await query(fresh.postgresUrl, 'SELECT email FROM users')).toEqual([
        { email: serving.state.account.email },
      ])
    } finally {
      serving.child.kill('SIGTERM')
      expect(await serving.exited, serving.stderr()).toBe(143)
    }
  })
})
