import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withDemoAccount } from '@myelectricaldata/demo-account'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.ts'
import { useTestStores } from './support/test-stores.ts'

const stores = useTestStores()
let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'med-secrets-'))
})
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** Flags that seed a small account into fresh stores of this file's containers. */
async function freshStoreFlags(): Promise<string[]> {
  const fresh = await stores.fresh()
  return ['--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl, '--days', '3']
}

/** A file that already exists, readable by everyone. */
async function existingWorldReadable(name: string): Promise<string> {
  const path = join(folder, name)
  await writeFile(path, 'OLD=1\n')
  await chmod(path, 0o644)
  return path
}

const mode = async (path: string) => (await stat(path)).mode & 0o777

/** Whether something accepts TCP connections at this address. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('med-demo and secrets', () => {
  it('hides a custom --password in the summary unless --show-secrets', async () => {
    const args = ['seed', ...(await freshStoreFlags())]
    const custom = [...args, '--password', 'Mine-0f-my-own']
    const quiet = await runCli(custom)
    expect(quiet.code, quiet.stderr).toBe(0)
    expect(quiet.stdout).toContain('Password       (hidden; --show-secrets prints it)')
    expect(quiet.stdout + quiet.stderr).not.toContain('Mine-0f-my-own')
    const shown = await runCli([...custom, '--show-secrets'])
    expect(shown.stdout).toContain('Password       Mine-0f-my-own')
    // The default password is public (it is in the README): shown, so that people can log in.
    const byDefault = await runCli(args)
    expect(byDefault.stdout).toContain('Password       DemoPassword123!')
  })

  it('makes an existing 0644 --env-file 0600 when it writes the secret key into it', async () => {
    const envFile = await existingWorldReadable('existing.env')
    const result = await runCli(['seed', ...(await freshStoreFlags()), '--env-file', envFile])
    expect(result.code, result.stderr).toBe(0)
    expect(await mode(envFile)).toBe(0o600)
  })

  it('up writes an existing 0644 --state-file as 0600 and serves its JSON on loopback only', async () => {
    const stateFile = await existingWorldReadable('state.json')
    const port = 20_000 + ((process.pid + 7) % 20_000)
    // The command runs once the state is written and the report served: it reports what it sees.
    const probe = `
      const fs = require('node:fs'), net = require('node:net')
      const accepts = (host) => new Promise((r) => { const s = net.connect({ host, port: ${port} }); s.once('connect', () => { s.destroy(); r(true) }); s.once('error', () => r(false)) })
      Promise.all([accepts('127.0.0.1'), accepts('127.0.0.2'), accepts('::1')]).then(([lo, other, v6]) =>
        console.log('PROBE', (fs.statSync(${JSON.stringify(stateFile)}).mode & 0o777).toString(8), lo, other, v6))`
    const result = await runCli([
      'up',
      ...(await freshStoreFlags()),
      '--state-file',
      stateFile,
      '--port',
      String(port),
      '--',
      process.execPath,
      '-e',
      probe,
    ])
    expect(result.code, result.stderr).toBe(0)
    // 0600; reachable on 127.0.0.1, not on another loopback address nor on ::1 (not 0.0.0.0 or ::).
    expect(result.stdout).toContain('PROBE 600 true false false')
    expect(await accepts('127.0.0.1', port)).toBe(false)
  })

  it('keeps a password given as ?password= out of error messages', async () => {
    const unreachable = withDemoAccount({
      days: 3,
      bcryptRounds: 4,
      postgres: { url: 'postgres://demo@127.0.0.1:1/db?password=s3cr3t-pg' },
      redis: { url: 'redis://127.0.0.1:1/0?password=s3cr3t-redis' },
    })
    await expect(unreachable).rejects.toMatchObject({ code: 'STORE_UNREACHABLE' })
    const message = await unreachable.catch((error: Error) => error.message)
    expect(message).toContain('?password=***')
    expect(message).not.toContain('s3cr3t')
    const remote = await runCli([
      'seed',
      '--database-url',
      'postgres://u@db.example.com:5432/app?sslmode=disable&password=s3cr3t-pg',
      '--redis-url',
      'redis://127.0.0.1:1/0',
    ])
    expect(remote.stderr).toContain('(REMOTE_STORE_REFUSED)')
    expect(remote.stderr).toContain('&password=***')
    expect(remote.stderr).not.toContain('s3cr3t')
  })
})
