import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { listenForReport } from '../../src/cli/serve-report.ts'
import { resolveAddAccountOptions } from '../../src/options/resolve-options.ts'
import { runCli, withoutStoreUrls } from './support/run-cli.ts'
import {
  authorized,
  call,
  freePort,
  killLeftServers,
  type ServeProcess,
  serveStores,
} from './support/serve-process.ts'
import { query, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()
let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'med-demo-serve-'))
})
afterEach(killLeftServers)
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

let files = 0
const stateFileOf = () => join(folder, `state-${++files}.json`)

/** `med-demo serve` on fresh stores, with a state file of its own. */
async function serveFresh(): Promise<ServeProcess & { file: string }> {
  const file = stateFileOf()
  return { ...(await serveStores(await stores.fresh(), file)), file }
}

/** Stops it as Ctrl-C's SIGTERM twin would, and checks it cleaned up. */
async function stop(serving: ServeProcess & { file: string }) {
  serving.child.kill('SIGTERM')
  expect(await serving.exited, serving.stderr()).toBe(143)
  await expect(stat(serving.file)).rejects.toThrow(/ENOENT/)
}

/** A pid no process has: one that has just ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => child.on('close', resolve))
  return child.pid!
}

describe('med-demo serve', () => {
  it('refuses requests without the token, or with another, and shows no secret in the answer', async () => {
    const serving = await serveFresh()
    const { state, port } = serving
    expect(serving.stderr()).toContain(`Authorization: Bearer ${state.server.token}`)
    expect((await stat(serving.file)).mode & 0o777).toBe(0o600)
    for (const authorization of [undefined, 'Bearer not-the-token', state.server.token]) {
      for (const [method, path] of [
        ['GET', '/'],
        ['POST', '/accounts'],
        ['DELETE', `/accounts/${state.account.email}`],
      ] as const) {
        const answer = await call(port, method, path, authorization ? { authorization } : {})
        expect(answer.status, `${method} ${path} with ${authorization}`).toBe(401)
        expect(answer.json.error.code).toBe('UNAUTHORIZED')
        expect(answer.json.error.message).toContain('Authorization: Bearer <token>')
        for (const secret of [state.env.SECRET_KEY!, state.server.token, 'DemoPassword123!']) {
          expect(answer.text).not.toContain(secret)
        }
      }
    }
    // The token holder gets the environment, with the accounts added so far.
    const environment = await authorized(state)('GET', '/')
    expect(environment.status).toBe(200)
    expect(environment.json).toMatchObject({ version: 1, account: state.account, accounts: [] })
    await stop(serving)
  })

  it('refuses a request for another Host, token or not (DNS rebinding)', async () => {
    const serving = await serveFresh()
    const { state, port } = serving
    const authorization = `Bearer ${state.server.token}`
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
      const answer = await call(port, 'GET', '/', { authorization, host })
      expect(answer.status, host).toBe(403)
      expect(answer.json.error.code).toBe('FORBIDDEN_HOST')
      expect(answer.text).not.toContain(state.env.SECRET_KEY!)
    }
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await call(port, 'GET', '/', { authorization, host })).status, host).toBe(200)
    }
    await stop(serving)
  })

  it('adds, lists, resets and removes accounts, each in its own rows', async () => {
    const serving = await serveFresh()
    const api = authorized(serving.state)
    const { postgresUrl } = serving.state.stores
    const added = await api('POST', '/accounts', { index: 7, password: 'Another-0ne' })
    expect(added.status, added.text).toBe(201)
    expect(added.json).toMatchObject({ email: 'demo-7@example.com', password: 'Another-0ne' })
    expect(Object.keys(added.json)).toEqual(Object.keys(serving.state.account))
    const userId = added.json.user.id
    expect(await query(postgresUrl, `SELECT email FROM users WHERE id = '${userId}'`)).toEqual([
      { email: 'demo-7@example.com' },
    ])
    expect((await api('GET', '/')).json.accounts).toEqual([added.json])
    expect((await api('GET', '/accounts')).json).toEqual([added.json])

    // A test changes the account; reset gives it back as it was seeded.
    await query(postgresUrl, `DELETE FROM pdls WHERE user_id = '${userId}'`)
    await query(postgresUrl, `UPDATE users SET debug_mode = true WHERE id = '${userId}'`)
    const reset = await api('POST', '/accounts/demo-7%40example.com/reset')
    expect(reset.status, reset.text).toBe(200)
    expect(reset.json.user.id).toBe(userId)
    expect(
      await query(
        postgresUrl,
        `SELECT usage_point_id FROM pdls WHERE user_id = '${userId}' ORDER BY 1`,
      ),
    ).toEqual(
      added.json.pdls
        .map((pdl: { usagePointId: string }) => ({ usage_point_id: pdl.usagePointId }))
        .sort(),
    )
    expect(await query(postgresUrl, `SELECT debug_mode FROM users WHERE id = '${userId}'`)).toEqual(
      [{ debug_mode: false }],
    )

    expect((await api('DELETE', '/accounts/demo-7@example.com')).status).toBe(204)
    expect(await query(postgresUrl, `SELECT id FROM users WHERE id = '${userId}'`)).toEqual([])
    const again = await api('DELETE', '/accounts/demo-7@example.com')
    expect(again.status).toBe(404)
    expect(again.json.error.code).toBe('ACCOUNT_NOT_FOUND')
    expect((await api('POST', '/accounts/demo-7@example.com/reset')).status).toBe(404)
    // The environment's own account is not the API's to remove.
    expect((await api('DELETE', `/accounts/${serving.state.account.email}`)).status).toBe(404)
    expect((await api('GET', '/')).json.accounts).toEqual([])
    await stop(serving)
  })

  it('says what is wrong with the options, in the words of the API', async () => {
    const serving = await serveFresh()
    const api = authorized(serving.state)
    const unknown = await api('POST', '/accounts', { index: 2, emial: 'x@example.com' })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.code).toBe('INVALID_OPTION')
    expect(unknown.json.error.message).toContain('unknown option `emial`')
    const bad = await api('POST', '/accounts', { index: 0 })
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toContain('`index` must be a whole number from 1')
    const noBody = await call(
      serving.port,
      'POST',
      '/accounts',
      {
        authorization: `Bearer ${serving.state.server.token}`,
      },
      undefined,
    )
    const notOptions = await api('POST', '/accounts', 'demo-2@example.com')
    expect(notOptions.status).toBe(400)
    expect(notOptions.json.error.message).toContain('options must be an object')
    // No body is {}: the server picks an index.
    expect(noBody.status, noBody.text).toBe(201)
    expect(noBody.json.email).toBe('demo-1@example.com')
    await stop(serving)
  })

  it('picks an index whose email and PDL ids no account of it holds, those added by email included', async () => {
    const serving = await serveFresh()
    const api = authorized(serving.state)
    // An email whose PDL ids derive (from its hash) from index 1, 2 or 3, the first ones picked.
    let email = ''
    for (let i = 0; !email; i++) {
      const candidate = `hashed-${i}@example.com`
      const [pdl] = resolveAddAccountOptions({ email: candidate }, serving.state.settings.seed).pdls
      if (/^000000000[123]0001$/.test(pdl!.usagePointId)) email = candidate
    }
    expect((await api('POST', '/accounts', { email })).status).toBe(201)
    // And index 4's own email, given as an email.
    expect((await api('POST', '/accounts', { email: 'demo-4@example.com' })).status).toBe(201)
    const picked = []
    for (let i = 0; i < 3; i++) picked.push(await api('POST', '/accounts', {}))
    expect(picked.map((answer) => [answer.status, answer.text.includes('PDL_CONFLICT')])).toEqual([
      [201, false],
      [201, false],
      [201, false],
    ])
    const pdls = await query(
      serving.state.stores.postgresUrl,
      'SELECT count(DISTINCT usage_point_id)::int AS n FROM pdls',
    )
    expect(pdls).toEqual([{ n: 2 * 6 }])
    await stop(serving)
  })

  it('serves concurrent requests one email at a time: distinct accounts, one 409 for a duplicate', async () => {
    const serving = await serveFresh()
    const api = authorized(serving.state)
    const [first, second, same, duplicate] = await Promise.all([
      api('POST', '/accounts', {}),
      api('POST', '/accounts', {}),
      api('POST', '/accounts', { index: 50 }),
      api('POST', '/accounts', { index: 50 }),
    ])
    expect([first.status, second.status]).toEqual([201, 201])
    expect(new Set([first.json.email, second.json.email]).size).toBe(2)
    expect([same.status, duplicate.status].sort()).toEqual([201, 409])
    // Two resets of one account, sent together, take turns: one account, as seeded.
    const email = first.json.email
    const resets = await Promise.all([
      api('POST', `/accounts/${email}/reset`),
      api('POST', `/accounts/${email}/reset`),
    ])
    expect(resets.map((reset) => reset.status)).toEqual([200, 200])
    expect((await api('DELETE', `/accounts/${email}`)).status).toBe(204)
    const users = await query(
      serving.state.stores.postgresUrl,
      'SELECT email FROM users ORDER BY 1',
    )
    expect(users.map((row) => row.email)).toEqual(
      [serving.state.account.email, second.json.email, 'demo-50@example.com'].sort(),
    )
    const pdls = await query(
      serving.state.stores.postgresUrl,
      'SELECT count(*)::int AS n FROM pdls',
    )
    expect(pdls).toEqual([{ n: 2 * users.length }])
    await stop(serving)
  })

  it('answers 503 until the environment is seeded, after the Host check', async () => {
    const port = await freePort()
    const server = await listenForReport(port, 'the-token')
    try {
      const waiting = await call(port, 'GET', '/')
      expect(waiting.status).toBe(503)
      expect(waiting.json.error.code).toBe('NOT_READY')
      const elsewhere = await call(port, 'GET', '/', { host: `rebound.example:${port}` })
      expect(elsewhere.status).toBe(403)
    } finally {
      await server.close()
    }
  })

  it('needs --port and the stores, and never starts containers', async () => {
    const env = withoutStoreUrls()
    const result = await runCli(['serve'], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('serve needs --port and --database-url and --redis-url')
    // Flags of up that start stores are refused, not ignored.
    const starting = await runCli(['serve', '--port', '1', '--reuse', '--engine', 'local'], env)
    expect(starting.code).toBe(2)
    expect(starting.stderr).toContain(
      'serve works over the stores it is given: --reuse and --engine belong to `med-demo up --port N`, which starts them',
    )
  })
})

describe('state files', () => {
  it('removes a state file whose process died, with a note, and refuses one whose process runs', async () => {
    const file = stateFileOf()
    await writeFile(
      file,
      JSON.stringify({ version: 1, process: { pid: await deadPid(), startedAt: 'then' } }),
    )
    const serving = await serveStores(await stores.fresh(), file)
    expect(serving.stderr()).toMatch(
      /Removed the stale .*: med-demo \(pid \d+, started then\) ended without removing it/,
    )
    // A second run on the same state file is refused while the first one runs.
    const second = await runCli(['up', ...(await storeFlags()), '--state-file', file])
    expect(second.code).toBe(2)
    expect(second.stderr).toContain(
      `--state-file ${file} belongs to med-demo (pid ${serving.child.pid}, started `,
    )
    expect(second.stderr).toContain(`stop it with "med-demo down --state-file ${file}"`)
    // `down` stops it: it removes its state file on the way out.
    const down = await runCli(['down', '--state-file', file])
    expect(down.code, down.stderr).toBe(0)
    expect(down.stdout).toContain(`Stopped med-demo (pid ${serving.child.pid}`)
    expect(await serving.exited).toBe(143)
    await expect(stat(file)).rejects.toThrow(/ENOENT/)
  })

  it('down removes the file a killed run left, and says when there is nothing to stop', async () => {
    const killed = await serveFresh()
    const { file } = killed
    killed.child.kill('SIGKILL')
    await killed.exited
    expect(JSON.parse(await readFile(file, 'utf8')).process.pid).toBe(killed.child.pid)
    const down = await runCli(['down', '--state-file', file])
    expect(down.code, down.stderr).toBe(0)
    expect(down.stdout).toContain(
      `Removed the stale ${file}: med-demo (pid ${killed.child.pid}, started `,
    )
    await expect(readFile(file)).rejects.toThrow(/ENOENT/)
    const nothing = await runCli(['down', '--state-file', file])
    expect(nothing.code).toBe(0)
    expect(nothing.stdout).toContain(`No ${file}: no med-demo run to stop there.`)
  })
})

async function storeFlags(): Promise<string[]> {
  const fresh = await stores.fresh()
  return ['--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
}
