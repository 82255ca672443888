import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeReusedStores } from '../../src/reuse/remove-reused-stores.ts'
import { listReusedContainers } from '../../src/reuse/reused-containers.ts'
import { query } from '../support/postgres-query.ts'
import { runCli } from './support/run-cli.ts'

const name = `cli-${randomBytes(4).toString('hex')}`
const env = { ...process.env, MED_DEMO_REUSE: name }

afterAll(async () => {
  await removeReusedStores({ name })
})

/** `med-demo up --reuse --json -- node -e ''`: seeds (or reuses), runs the command, exits. */
async function upOnce() {
  const result = await runCli(
    ['up', '--reuse', '--json', '--days', '5', '--', process.execPath, '-e', ''],
    env,
  )
  expect(result.code, result.stderr).toBe(0)
  return { ...result, state: JSON.parse(result.stdout) as { stores: { postgresUrl: string } } }
}

describe('med-demo up --reuse and med-demo down', () => {
  it('leaves the stores up for the next up, which seeds nothing; down removes them', async () => {
    const first = await upOnce()
    expect(first.stderr).toContain('✔ Seeded in')
    expect(first.stderr).toContain(
      'the reused stores are left running (med-demo down removes them)',
    )
    const second = await upOnce()
    expect(second.stderr).toContain('✔ The reused stores hold the seed: nothing to seed')
    expect(second.state.stores.postgresUrl).toBe(first.state.stores.postgresUrl)
    expect(
      await query(second.state.stores.postgresUrl, 'SELECT count(*)::int AS n FROM users'),
    ).toEqual([{ n: 1 }])

    // Both parts of down when both are named: the state file's run (none here) and the set.
    const stateFile = join(tmpdir(), `med-demo-${name}.json`)
    const down = await runCli(['down', '--state-file', stateFile, '--name', name])
    expect(down.code, down.stderr).toBe(0)
    expect(down.stdout).toContain(`No ${stateFile}: no med-demo run to stop there.`)
    expect(down.stderr).toContain('✔ Removed 2 reused container(s)')
    expect((await listReusedContainers()).filter((c) => c.name === name)).toEqual([])
    expect((await runCli(['down', '--name', name])).stderr).toContain('No reused stores to remove')
  })

  it('down has its help, and refuses a --key that is not a key, in flag terms', async () => {
    const help = await runCli(['down', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: med-demo down')
    const result = await runCli(['down', '--key', 'not-hex'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--key takes 4 to 64 lower-case hex characters')
  })
})
