import { readFileSync } from 'node:fs'
import { processExists } from '../internal/process-exists.ts'

/** Who wrote a state file: enough to tell, later, whether that process still runs. */
export interface ProcessIdentity {
  readonly pid: number
  /** When it started, ISO 8601, for people. */
  readonly startedAt: string
  /**
   * Linux only: its start time in clock ticks since boot (`/proc/<pid>/stat`), which tells it from
   * a later process that got the same pid.
   */
  readonly startTicks?: string
}

/** Fields 3 on of `/proc/<pid>/stat`: those after the command name, which may hold spaces. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** Field 22: the start time in clock ticks since boot. */
function startTicksOf(pid: number): string | undefined {
  return statFields(pid)?.[19]
}

/** This process, to record in the state file. */
export function thisProcess(): ProcessIdentity {
  const startTicks = startTicksOf(process.pid)
  return {
    pid: process.pid,
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    ...(startTicks === undefined ? {} : { startTicks }),
  }
}

/** Whether the recorded process still runs (and is the same one, where the system can tell). */
export function isRunning(identity: ProcessIdentity): boolean {
  if (!processExists(identity.pid)) return false
  const fields = statFields(identity.pid)
  // A zombie has exited; only its parent has not collected its status yet.
  if (fields?.[0] === 'Z') return false
  if (identity.startTicks === undefined || fields === undefined) return true
  return fields[19] === identity.startTicks
}
