import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { DemoAccountError } from '../errors.ts'
import { ENV } from '../internal/environment.ts'
import type { LocalSession } from './local-session.ts'
import { spawnIdentity } from './run-as.ts'

/** A server process of the local engine, ready. */
export interface StartedServer {
  readonly port: number
  readonly pid: number
  /** `signal`, then SIGKILL after a grace; resolves once the process is gone. */
  stop(): Promise<void>
}

export interface ServerSpec {
  /** For messages: `Postgres`, `Redis`. */
  readonly store: string
  readonly file: string
  readonly args: (port: number) => string[]
  /** Its output goes there (a file in the session's directory), to quote when it fails. */
  readonly logFile: string
  /** How it stops at once: SIGQUIT for Postgres (immediate shutdown, its backends with it), SIGTERM for Redis. */
  readonly stopSignal: NodeJS.Signals
  /** Resolves true once it accepts a connection and answers; rejects or false while it cannot. */
  readonly ready: (port: number) => Promise<boolean>
}

const STOP_GRACE_MS = 3000
const PORT_ATTEMPTS = 5
const POLL_MS = 15

/** A loopback port nothing listens on right now (the server may still lose it to another: then it retries). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function ended(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function exit(child: ChildProcess): Promise<void> {
  return ended(child)
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-6).join('\n')
  } catch {
    return '(no output)'
  }
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (ended(child)) return
  child.kill(signal)
  const gone = exit(child)
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
  await gone
  clearTimeout(timer)
}

/**
 * Starts a server on a free loopback port as the session's user, its own process group (signals
 * to this process's group do not reach it), watched by the reaper from the moment it exists, and
 * waits until it answers. A port taken meanwhile by another process is retried on a new one.
 */
export async function startServer(
  session: LocalSession,
  spec: ServerSpec,
  startupTimeoutMs: number,
): Promise<StartedServer> {
  const deadline = performance.now() + startupTimeoutMs
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const log = openSync(spec.logFile, 'w', 0o600)
    let child: ChildProcess
    try {
      child = spawn(spec.file, spec.args(port), {
        ...spawnIdentity(session.runAs),
        detached: true,
        stdio: ['ignore', log, log],
      })
    } finally {
      closeSync(log)
    }
    const spawned = child
    const failedToSpawn = new Promise<Error>((resolve) => spawned.once('error', resolve))
    if (spawned.pid !== undefined) session.reaper.watch(spawned.pid, spec.stopSignal)
    // Not waited for by this process: a forgotten stop() leaves the server to the reaper.
    spawned.unref()
    let spawnError: Error | undefined
    void failedToSpawn.then((error) => {
      spawnError = error
    })
    while (true) {
      if (spawnError) throw startFailed(spec, `could not run ${spec.file}: ${spawnError.message}`)
      if (ended(spawned)) break
      if (await spec.ready(port).catch(() => false)) {
        return { port, pid: spawned.pid!, stop: () => stopProcess(spawned, spec.stopSignal) }
      }
      if (performance.now() > deadline) {
        await stopProcess(spawned, 'SIGKILL')
        throw startFailed(
          spec,
          `was not ready within ${startupTimeoutMs / 1000} s; raise the limit with the \`startupTimeoutMs\` option or ${ENV.startupTimeout} (milliseconds). Its output:\n${tail(spec.logFile)}`,
        )
      }
      await sleep(POLL_MS)
    }
    const output = tail(spec.logFile)
    if (/address already in use/i.test(output) && attempt < PORT_ATTEMPTS) continue
    throw startFailed(
      spec,
      `exited before it was ready (${spawned.exitCode ?? spawned.signalCode}). Its output:\n${output}`,
    )
  }
}

function startFailed(spec: ServerSpec, what: string): DemoAccountError {
  return new DemoAccountError(
    'CONTAINER_START_FAILED',
    `The local engine's ${spec.store} server (${spec.file}) ${what}`,
  )
}
