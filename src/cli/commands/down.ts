import { rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { DemoAccountError } from '../../errors.ts'
import { removeReusedStores } from '../../reuse/remove-reused-stores.ts'
import { UsageError } from '../cli-error.ts'
import { isRunning } from '../process-identity.ts'
import { progress } from '../progress.ts'
import { DEFAULT_STATE_FILE, describeWriter, findState } from '../state-file.ts'

export const DOWN_HELP = `Usage: med-demo down [options]

Takes down what med-demo left running:
- the med-demo up or serve that wrote the state file: sends it SIGTERM and waits until it has
  removed its containers and the file; when that process is gone already (killed), removes the
  stale file it left;
- the stores kept for reuse (withDemoAccount({ reuse: true }), MED_DEMO_REUSE=1,
  med-demo up --reuse): their Postgres and Redis containers, labelled
  org.myelectricaldata.demo-account.reuse=<key> (a fingerprint of their set-up: images, Vitest or
  not, library version). Runs still using them lose their stores.
Each part runs when its options are given (--state-file; --key or --name), and both when none
are (the default state file, the default reuse set).

Options:
  --state-file PATH    the run's --state-file (default: ${DEFAULT_STATE_FILE}, demoWebServer()'s)
  --timeout SECONDS    how long to wait for that run to stop (default: 60)
  --key K              only the reused stores whose key starts with K (such as the 12 characters
                       the note at the end of a run prints)
  --name N             only the reused stores of the set N (reuse: 'N', MED_DEMO_REUSE=N; default:
                       the set reuse: true, MED_DEMO_REUSE=1 and --reuse keep)
  --json               print the reused stores removed as JSON
  -h, --help           this help`

const DOWN_FLAGS = {
  'state-file': { type: 'string' },
  timeout: { type: 'string' },
  key: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** How often `down` looks whether the process has ended. */
const POLL_MS = 100

/**
 * Stops the process that wrote the state file, or removes the file if that process is gone;
 * `say` tells the user what happened.
 */
async function stopStateFileProcess(
  path: string,
  timeoutMs: number,
  say: (line: string) => void,
): Promise<void> {
  const found = await findState(path)
  if (found.kind === 'absent') {
    say(`No ${path}: no med-demo run to stop there.`)
    return
  }
  if (found.kind === 'foreign') {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `--state-file ${path} was not written by this version of med-demo up or serve (it names no process): nothing was stopped or removed.`,
    )
  }
  const writer = describeWriter(found.record)
  if (!found.running) {
    await rm(path, { force: true })
    say(`Removed the stale ${path}: ${writer} had ended without removing it.`)
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
  say(`Stopped ${writer}.`)
}

/** Removes the reused stores the flags select, and says which. */
async function removeSelectedReusedStores(
  selection: { key?: string; name?: string },
  json: boolean,
): Promise<void> {
  const removed = await removeReusedStores(selection)
  if (json) {
    console.log(JSON.stringify({ removed }, null, 2))
    return
  }
  const keys = new Set(removed.map((c) => c.key.slice(0, 12)))
  progress(
    removed.length === 0
      ? '✔ No reused stores to remove.'
      : `✔ Removed ${removed.length} reused container(s) (key ${[...keys].join(', ')}).`,
  )
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
  const key = values.key
  if (key !== undefined && !/^[0-9a-f]{4,64}$/.test(key)) {
    throw new UsageError(`--key takes 4 to 64 lower-case hex characters of a key, got "${key}"`)
  }
  // Each part runs when its flags are given; both when none are.
  const reusedGiven = key !== undefined || values.name !== undefined
  const stateFileGiven = values['state-file'] !== undefined
  const json = values.json === true
  if (stateFileGiven || !reusedGiven) {
    // With --json, stdout holds the JSON only.
    const say = json ? progress : (line: string) => console.log(line)
    await stopStateFileProcess(values['state-file'] ?? DEFAULT_STATE_FILE, timeout * 1000, say)
  }
  if (reusedGiven || !stateFileGiven)
    await removeSelectedReusedStores({ key, name: values.name }, json)
  return 0
}
