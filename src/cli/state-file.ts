import { readFile, rm } from 'node:fs/promises'
import { DemoAccountError } from '../errors.ts'
import { writeSecretFile } from '../internal/secret-file.ts'
import { DEFAULT_STATE_FILE, STATE_FILE_VARIABLE } from '../internal/state-file-location.ts'
import { isRunning, type ProcessIdentity, thisProcess } from './process-identity.ts'
import { progress } from './progress.ts'

export { DEFAULT_STATE_FILE, STATE_FILE_VARIABLE }

/** What the command after `--` of `up` gets, besides the state file: the HTTP API. */
export const SERVER_URL_VARIABLE = 'MED_DEMO_SERVER_URL'
export const SERVER_TOKEN_VARIABLE = 'MED_DEMO_SERVER_TOKEN'

/** The HTTP API of a `--port` run, as its state file records it. */
export interface ServerRecord {
  readonly url: string
  /** What every request sends as `Authorization: Bearer <token>`. */
  readonly token: string
}

/** What a state file holds: the environment's description, who wrote it, and its HTTP API. */
export type StateRecord = Record<string, unknown> & {
  readonly process: ProcessIdentity
  readonly server?: ServerRecord
}

/** A state file as found: none, one this CLI did not write (or an older one), or one it did. */
export type FoundState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'ours'; readonly record: StateRecord; readonly running: boolean }

function isIdentity(value: unknown): value is ProcessIdentity {
  const identity = value as Partial<ProcessIdentity> | null
  return (
    typeof identity === 'object' &&
    identity !== null &&
    Number.isInteger(identity.pid) &&
    typeof identity.startedAt === 'string'
  )
}

/** Reads a state file and tells whether the process that wrote it still runs. */
export async function findState(path: string): Promise<FoundState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' }
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { kind: 'foreign' }
  }
  const record = parsed as StateRecord
  if (!isIdentity(record?.process)) return { kind: 'foreign' }
  return { kind: 'ours', record, running: isRunning(record.process) }
}

/** "med-demo (pid 123, started 2026-12-01T12:00:00.000Z)" */
export function describeWriter(record: StateRecord): string {
  return `med-demo (pid ${record.process.pid}, started ${record.process.startedAt})`
}

/**
 * Before a run writes `path`: a state file whose process still runs is refused (two runs would
 * overwrite each other's environment); one whose process died without cleaning up is removed,
 * with a note.
 */
export async function claimStateFile(path: string, flag: string): Promise<void> {
  const found = await findState(path)
  if (found.kind !== 'ours') return
  if (found.running) {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `${flag} ${path} belongs to ${describeWriter(found.record)}, which is still running: stop it with "med-demo down --state-file ${path}", or give another ${flag}.`,
    )
  }
  await rm(path, { force: true })
  progress(
    `› Removed the stale ${path}: ${describeWriter(found.record)} ended without removing it.`,
  )
}

/** Writes the state file (0600): the description, this process, and the HTTP API if any. */
export function writeStateFile(
  path: string,
  description: object,
  server: ServerRecord | undefined,
): Promise<void> {
  const record = { ...description, process: thisProcess(), ...(server ? { server } : {}) }
  return writeSecretFile(path, JSON.stringify(record, null, 2))
}
