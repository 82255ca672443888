import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { OWNER_PID_LABEL } from '../../../src/stores/start-containers.ts'
import { CLI } from '../support/run-cli.ts'

const run = promisify(execFile)

/** The containers a process started, found by the label the library puts on each. */
async function containersOf(pid: number): Promise<string[]> {
  const { stdout } = await run('docker', [
    'ps',
    '-aq',
    '--filter',
    `label=${OWNER_PID_LABEL}=${pid}`,
  ])
  return stdout.split('\n').filter(Boolean)
}

interface UpProcess {
  readonly child: ChildProcess
  readonly pid: number
  output(): string
  /** Resolves once the output (stdout and stderr) matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  readonly exited: Promise<number | null>
}

function startUp(args: readonly string[], env: NodeJS.ProcessEnv = {}): UpProcess {
  const child = spawn(process.execPath, ['--', CLI, 'up', '--days', '3', ...args], {
    env: { ...process.env, MED_DEMO_DATABASE_URL: '', MED_DEMO_REDIS_URL: '', ...env },
  })
  let output = ''
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = []
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern)
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(match)
      }
    }
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return {
    child,
    pid: child.pid!,
    output: () => output,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = output.match(pattern)
        if (match) return resolve(match)
        waiters.push({ pattern, resolve })
        void exited.then(() => reject(new Error(`exited before ${pattern}:\n${output}`)))
      }),
    exited,
  }
}

const NO_RYUK = { TESTCONTAINERS_RYUK_DISABLED: 'true' }
const CODES = { SIGINT: 130, SIGTERM: 143 } as const
const STARTING = /› Starting Postgres and Redis containers…/

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.each(['SIGINT', 'SIGTERM'] as const)('med-demo up and %s', (signal) => {
  it('while the containers start: waits for them, removes them, says so, exits 128+n', async () => {
    const up = startUp([], NO_RYUK)
    await up.waitFor(STARTING)
    up.child.kill(signal)
    expect(await up.exited, up.output()).toBe(CODES[signal])
    expect(up.output()).toContain(
      `› ${signal}: waiting for the containers being started, to remove them`,
    )
    expect(up.output()).toContain(
      `✔ Stopped on ${signal} before the environment was ready; the containers this run started are removed (exit ${CODES[signal]}).`,
    )
    expect(await containersOf(up.pid)).toEqual([])
  })

  it('once ready: removes the containers and the state file', async () => {
    const stateFile = join(tmpdir(), `med-signal-${process.pid}-${signal}.json`)
    const up = startUp(['--state-file', stateFile], NO_RYUK)
    await up.waitFor(/Press Ctrl-C to stop/)
    expect(await containersOf(up.pid)).toHaveLength(2)
    up.child.kill(signal)
    expect(await up.exited, up.output()).toBe(CODES[signal])
    expect(up.output()).toContain(
      `✔ Stopped; the containers this run started are removed; removed ${stateFile} (exit ${CODES[signal]}).`,
    )
    await expect(readFile(stateFile)).rejects.toThrow(/ENOENT/)
    expect(await containersOf(up.pid)).toEqual([])
  })

  it('during the command: passes the signal on, then removes the containers', async () => {
    const up = startUp(
      [
        '--',
        process.execPath,
        '-e',
        "console.log('CHILD', process.pid); setInterval(() => {}, 1000)",
      ],
      NO_RYUK,
    )
    const [, childPid] = await up.waitFor(/CHILD (\d+)/)
    up.child.kill(signal)
    expect(await up.exited, up.output()).toBe(CODES[signal])
    expect(isAlive(Number(childPid))).toBe(false)
    expect(up.output()).toContain('✔ Stopped; the containers this run started are removed')
    expect(await containersOf(up.pid)).toEqual([])
  })
})

describe('med-demo up interrupted', () => {
  it('with Ryuk on too, removes the containers itself rather than leaving them to the reaper', async () => {
    const up = startUp([])
    await up.waitFor(STARTING)
    up.child.kill('SIGINT')
    expect(await up.exited, up.output()).toBe(130)
    // Ryuk reaps about 10 s after the process ends; right after it, nothing may be left.
    expect(await containersOf(up.pid)).toEqual([])
  })

  it('goes on cleaning up on a second signal, and says so', async () => {
    const up = startUp([], NO_RYUK)
    await up.waitFor(STARTING)
    up.child.kill('SIGINT')
    await up.waitFor(/waiting for the containers being started/)
    up.child.kill('SIGINT')
    await up.waitFor(/SIGINT again: still /)
    expect(await up.exited, up.output()).toBe(130)
    expect(up.output()).toContain('Send it once more to quit at once and leave things behind.')
    expect(up.output()).toContain('the containers this run started are removed')
    expect(await containersOf(up.pid)).toEqual([])
  })

  it('quits at once on a third signal, naming what is left and how to remove it', async () => {
    const up = startUp([], NO_RYUK)
    await up.waitFor(STARTING)
    // Both containers exist (starting or started) before the signals, so that some are left.
    for (let i = 0; i < 300 && (await containersOf(up.pid)).length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    for (let i = 0; i < 3; i++) {
      up.child.kill('SIGINT')
      if (i === 0) await up.waitFor(/waiting for the containers being started/)
      if (i === 1) await up.waitFor(/SIGINT again/)
    }
    expect(await up.exited, up.output()).toBe(130)
    const [, removal] = up.output().match(/\n {6}(docker rm -f .*)\n/) ?? []
    expect(up.output()).toContain('✖ Quit before the clean-up finished. What may be left:')
    expect(removal).toBe(
      `docker rm -f $(docker ps -aq --filter label=${OWNER_PID_LABEL}=${up.pid})`,
    )
    expect(await containersOf(up.pid)).toHaveLength(2)
    // The command it printed removes them (and so cleans up after this test).
    await run('sh', ['-c', removal!])
    expect(await containersOf(up.pid)).toEqual([])
  })
})
