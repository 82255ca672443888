import { open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DemoAccountError } from '../errors.ts'
import { processExists } from '../internal/process-exists.ts'

/** How often a waiting process looks at the lock again. */
const POLL_MS = 25
/** A breaker file older than this belongs to a process that died while breaking a stale lock. */
const STALE_BREAKER_MS = 10_000

/** Creates `path` holding this process's id, or says it exists. */
async function create(path: string): Promise<boolean> {
  try {
    const file = await open(path, 'wx', 0o600)
    await file.writeFile(`${process.pid}\n`)
    await file.close()
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** The process id a lock file names, or undefined when it is gone or not written yet. */
async function holder(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '')
  const pid = Number.parseInt(text, 10)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/** How long ago a file was last written, 0 when it is gone. */
async function ageMs(path: string): Promise<number> {
  return stat(path).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  )
}

/**
 * Whether a lock belongs to no live process: its holder died, or died between creating the file
 * and writing its id into it (an empty file, for longer than a breaker may take).
 */
async function stale(path: string): Promise<boolean> {
  const pid = await holder(path)
  return pid === undefined ? (await ageMs(path)) > STALE_BREAKER_MS : !processExists(pid)
}

/**
 * Removes the lock of a dead process. Only one process breaks at a time (it holds the breaker
 * file), and a live holder never loses its lock: the holder is read again under the breaker, and
 * nobody else can create the lock while the dead one's file is still there.
 */
async function breakIfStale(path: string): Promise<void> {
  const breaker = `${path}.break`
  if (!(await create(breaker))) {
    if ((await ageMs(breaker)) > STALE_BREAKER_MS) {
      // Moved aside first, so that of two processes seeing it stale only one removes it.
      const aside = `${breaker}.${process.pid}`
      if (
        await rename(breaker, aside).then(
          () => true,
          () => false,
        )
      )
        await unlink(aside).catch(() => {})
    }
    return
  }
  try {
    if (await stale(path)) await unlink(path).catch(() => {})
  } finally {
    await unlink(breaker).catch(() => {})
  }
}

/** A lock held by this process; `release()` lets it go (idempotent). */
export interface MachineLock {
  readonly path: string
  release(): Promise<void>
}

/**
 * Takes a lock shared by every process of this machine (a file in the temporary directory,
 * created with O_EXCL, holding the holder's process id), waiting up to `waitMs` for the process
 * that holds it. The lock of a process that died is broken. Processes in other pid namespaces
 * (containers) sharing the directory are not told apart from dead ones.
 */
export async function takeMachineLock(
  name: string,
  waitMs: number,
  what: string,
): Promise<MachineLock> {
  const path = join(tmpdir(), `med-demo-${name}.lock`)
  const deadline = performance.now() + waitMs
  for (;;) {
    if (await create(path)) {
      let released = false
      return {
        path,
        async release() {
          if (released) return
          released = true
          await unlink(path).catch(() => {})
        },
      }
    }
    if (await stale(path)) await breakIfStale(path)
    else if (performance.now() > deadline) {
      const pid = await holder(path)
      throw new DemoAccountError(
        'CONTAINER_START_FAILED',
        `Gave up waiting for ${what}: process ${pid ?? '(unknown)'} has held the lock ${path} for more than ${Math.round(waitMs / 1000)} s. ` +
          'If that process is stuck, stop it (or remove the file when no such process runs), then try again.',
      )
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
