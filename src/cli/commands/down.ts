import { rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { DemoAccountError } from '../../errors.ts'
import { UsageError } from '../cli-error.ts'
import { isRunning } from '../process-identity.ts'
import { progress } from '../progress.ts'
import { DEFAULT_STATE_FILE, describeWriter, findState } from '../state-file.ts'

export const DOWN_HELP = `Usage: med-demo down [--state-file PATH] [--timeout SECONDS]

Stops the med-demo up or serve that wrote the state file: sends it SIGTERM and waits until it has
removed its containers and the file. When that process is gone already (killed), removes the stale
file it left.

Options:
  --state-file PATH    the run's --state-file (default: ${DEFAULT_STATE_FILE}, demoWebServer()'s)
  --timeout SECONDS    how long to wait for it to stop (default: 60)
  -h, --help           this help`

const DOWN_FLAGS = {
  'state-file': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** How often `down` looks whether the process has ended. */
const POLL_MS = 100

/** Stops the process that wrote the state file, or removes the file if that process is gone. */
async function stopStateFileProcess(path: string, timeoutMs: number): Promise<void> {
  const found = await findState(path)
  if (found.kind === 'absent') {
    console.log(`No ${path}: no med-demo run to stop there.`)
    return
  }
  if (found.kind === 'foreign') {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `--state-file ${path} was not written by this version of med-demo up (it names no process): nothing was stopped or removed.`,
    )
  }
  const writer = describeWriter(found.record)
  if (!found.running) {
    await rm(path, { force: true })
    console.log(`Removed the stale ${path}: ${writer} had ended without removing it.`)
    return
  }
  progress(`› Stopping ${writer}…`)
  process.kill(found.record.process.pid, 'SIGTERM')
  for (let waited = 0; isRunning(found.record.process); waited += POLL_MS) {
    if (waited >= timeoutMs) {
      throw new DemoAccountError(
        'SEED_FAILED',
        `${writer} is still running ${timeoutMs / 1000} s after SIGTERM (removing containers can take a while on a loaded machine): run med-demo down again, or give a longer --timeout.`,
      )
    }
    await sleep(POLL_MS)
  }
  // It removes the file on a clean stop; one killed meanwhile leaves it.
  await rm(path, { force: true })
  console.log(`Stopped ${writer}.`)
}

/** `med-demo down` */
export async function down(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: DOWN_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(DOWN_HELP)
    return 0
  }
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout)
  if (!(Number.isFinite(timeout) && timeout > 0)) {
    throw new UsageError(`--timeout takes a number of seconds above 0, got "${values.timeout}"`)
  }
  await stopStateFileProcess(values['state-file'] ?? DEFAULT_STATE_FILE, timeout * 1000)
  return 0
}
