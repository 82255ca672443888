import { accessSync, constants } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalBinaries } from './find-binaries.ts'
import { type Reaper, startReaper } from './reaper.ts'
import type { RunAs } from './run-as.ts'

/** One start of the local engine: a private directory for its servers' data, and its reaper. */
export interface LocalSession {
  readonly binaries: LocalBinaries
  readonly runAs: RunAs | undefined
  /** Mode 0700, owned by the servers' user; removed on close, or by the reaper. */
  readonly directory: string
  readonly reaper: Reaper
  /** Removes the directory and releases the reaper; call once the servers are stopped. */
  close(): Promise<void>
}

/** `/dev/shm` (a tmpfs: nothing the servers write reaches a disk) when it can be written, else the temporary directory. */
export function dataRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK | constants.X_OK)
    return '/dev/shm'
  } catch {
    return tmpdir()
  }
}

/** Starts the reaper first, so that nothing made afterwards can outlive this process. */
export async function openLocalSession(
  binaries: LocalBinaries,
  runAs: RunAs | undefined,
): Promise<LocalSession> {
  const reaper = startReaper()
  let directory: string | undefined
  try {
    directory = await mkdtemp(join(dataRoot(), 'med-demo-'))
    reaper.remove(directory)
    if (runAs) await chown(directory, runAs.uid, runAs.gid)
  } catch (error) {
    if (directory) await rm(directory, { recursive: true, force: true })
    reaper.release()
    throw error
  }
  const made = directory
  return {
    binaries,
    runAs,
    directory: made,
    reaper,
    async close() {
      await rm(made, { recursive: true, force: true })
      reaper.release()
    },
  }
}
