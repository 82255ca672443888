import { spawn } from 'node:child_process'

/** How a reference app started on the side ended: its exit code and what it printed. */
export interface ReferenceAppRun {
  readonly code: number | null
  readonly output: string
}

/**
 * Starts the reference app with `env` on a free port and stops it as soon as it listens, or
 * returns when it exits first (a release that refuses its database). It never outlives the test.
 */
export function runReferenceApp(env: Record<string, string>): Promise<ReferenceAppRun> {
  const python = process.env.E2E_PYTHON ?? '/usr/bin/python3'
  const child = spawn(python, ['e2e/reference-app/server.py'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('listening on')) child.kill('SIGTERM')
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}
