import type { ChildProcess } from 'node:child_process'
import { OWNER_PID_LABEL } from '../stores/start-containers.ts'
import { type Interruption, signalExitCode } from './interruption.ts'
import { progress } from './progress.ts'

/**
 * The stores of a run: containers it starts, the local engine's servers it starts, containers
 * kept for reuse (left running on purpose), or stores given by URL (left as they are).
 */
export type RunStores = 'containers' | 'local servers' | 'reused' | 'given'

/** What this run has started or written, to remove on the way out or to name if it cannot. */
export interface Leftovers {
  readonly stores: RunStores
  readonly files: string[]
  child?: ChildProcess
  /** What the clean-up waits for, for the message a second signal gets. */
  waitingFor: string
}

/** The message of a forced exit: what may be left, and how to remove it. */
function leftBehind(leftovers: Leftovers): string {
  const lines = ['✖ Quit before the clean-up finished. What may be left:']
  if (leftovers.stores === 'containers') {
    const ryuk =
      process.env.TESTCONTAINERS_RYUK_DISABLED === 'true'
        ? ''
        : " (Ryuk, testcontainers' reaper, removes them about 10 s after this process ends)"
    lines.push(
      `  - the containers this run started${ryuk}; remove them with:`,
      `      docker rm -f $(docker ps -aq --filter label=${OWNER_PID_LABEL}=${process.pid})`,
    )
  }
  if (leftovers.stores === 'local servers')
    lines.push(
      "  - the local servers this run started: the local engine's reaper stops them and removes their data once this process ends",
    )
  for (const file of leftovers.files) lines.push(`  - ${file}`)
  if (lines.length === 1) lines.push('  - nothing')
  return lines.join('\n')
}

/**
 * A second signal says the clean-up goes on (it cannot be skipped without leaving things behind);
 * a third quits at once, naming what may be left.
 */
export function escalate(interruption: Interruption, leftovers: Leftovers): void {
  interruption.onRepeat((signal, count) => {
    if (count === 2) {
      progress(
        `› ${signal} again: still ${leftovers.waitingFor}. Send it once more to quit at once and leave things behind.`,
      )
      return
    }
    leftovers.child?.kill('SIGKILL')
    progress(leftBehind(leftovers))
    process.exit(interruption.exitCode ?? signalExitCode(signal))
  })
}
