import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const SERVER = fileURLToPath(new URL('../../../e2e/reference-app/server.py', import.meta.url))
const PYTHON = process.env.E2E_PYTHON ?? '/usr/bin/python3'

/** The e2e reference app, serving a seeded environment on a free loopback port. */
export interface RunningReferenceApp {
  readonly url: string
  stop(): Promise<void>
}

/**
 * Starts the e2e reference app on `env` (`DATABASE_URL`, `REDIS_URL`, `SECRET_KEY`);
 * `today` stands in for its clock (its `REFERENCE_TODAY`).
 */
export async function startReferenceApp(
  env: Readonly<Record<string, string>>,
  today: string,
): Promise<RunningReferenceApp> {
  const child: ChildProcess = spawn(PYTHON, [SERVER], {
    env: { ...process.env, ...env, PORT: '0', REFERENCE_TODAY: today },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr!.on('data', (chunk) => {
    output += chunk
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`reference app exited (${code}): ${output}`)))
  })
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
