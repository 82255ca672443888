import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { freePort } from '../../../src/local-engine/server-process.ts'
import { CLI } from './run-cli.ts'

/** A state file as `med-demo up` / `serve` write it. */
export interface ServedState {
  readonly stores: { readonly postgresUrl: string; readonly redisUrl: string }
  readonly env: Record<string, string>
  readonly account: { readonly email: string }
  readonly settings: { readonly seed: string }
  readonly process: { readonly pid: number }
  readonly server: { readonly url: string; readonly token: string }
}

/** A running `med-demo` that serves accounts, once its state file is written. */
export interface ServeProcess {
  readonly child: ChildProcess
  readonly state: ServedState
  readonly port: number
  /** Its stderr so far. */
  stderr(): string
  /** Resolves with its exit code. */
  readonly exited: Promise<number | null>
}

/** Every process started here, so that a failed test leaves none running. */
const started = new Set<ChildProcess>()

/** Kills what a test started and did not stop (an assertion failed before it could). */
export function killLeftServers(): void {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  started.clear()
}

/** Starts `med-demo <args>` and waits (up to a minute) for it to write `stateFile`. */
export async function startServing(
  args: readonly string[],
  stateFile: string,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  started.add(child)
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdout!.resume()
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  let state: ServedState | undefined
  let ended = false
  void exited.then(() => (ended = true))
  for (let i = 0; i < 600 && !state && !ended; i++) {
    // Its own file: a file left there before it started names another process.
    const found: ServedState | undefined = await readFile(stateFile, 'utf8').then(
      JSON.parse,
      () => undefined,
    )
    if (found?.process?.pid === child.pid) state = found
    if (!state) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  if (!state) {
    child.kill('SIGKILL')
    throw new Error(`med-demo ${args.join(' ')} wrote no ${stateFile}:\n${stderr}`)
  }
  return {
    child,
    state,
    port: Number(new URL(state.server.url).port),
    stderr: () => stderr,
    exited,
  }
}

/** An HTTP answer, its body parsed when it is JSON. */
export interface Answer {
  readonly status: number
  readonly text: string
  // biome-ignore lint/suspicious/noExplicitAny: a test reads what the server answered.
  readonly json: any
}

/** One request to the server, with the Host and Authorization headers a test chooses. */
export function call(
  port: number,
  method: string,
  path: string,
  headers: { authorization?: string; host?: string } = {},
  body?: unknown,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          host: headers.host ?? `127.0.0.1:${port}`,
          ...(headers.authorization ? { authorization: headers.authorization } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
        response.on('end', () => {
          let json: unknown
          try {
            json = text ? JSON.parse(text) : undefined
          } catch {}
          resolve({ status: response.statusCode ?? 0, text, json })
        })
      },
    )
    sent.on('error', reject)
    sent.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** The same, as the token holder. */
export function authorized(state: ServedState) {
  const port = Number(new URL(state.server.url).port)
  return (method: string, path: string, body?: unknown) =>
    call(port, method, path, { authorization: `Bearer ${state.server.token}` }, body)
}

export { freePort }

/** `med-demo serve` on these stores, three days of readings, a free port and this state file. */
export async function serveStores(
  stores: { readonly postgresUrl: string; readonly redisUrl: string },
  stateFile: string,
): Promise<ServeProcess> {
  const args = ['serve', '--database-url', stores.postgresUrl, '--redis-url', stores.redisUrl]
  const port = String(await freePort())
  return startServing(
    [...args, '--days', '3', '--port', port, '--state-file', stateFile],
    stateFile,
  )
}
