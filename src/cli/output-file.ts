import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { DemoAccountError } from '../errors.ts'

/** The nearest folder on the way up that exists, or the file's problem with it. */
async function nearestExistingFolder(path: string): Promise<{ folder?: string; problem?: string }> {
  let folder = dirname(resolve(path))
  for (;;) {
    const found = await stat(folder).catch(() => undefined)
    if (found?.isDirectory()) return { folder }
    if (found) return { problem: `${folder} is a file, not a folder` }
    const parent = dirname(folder)
    if (parent === folder) return { problem: `no folder of ${path} exists` }
    folder = parent
  }
}

/**
 * Checks, without writing anything, that `path` can be written later: its folder exists or can be
 * created, and it is not a folder itself. Called before the stores are touched, so that a bad
 * `--env-file` or `--state-file` is refused before seeding rather than after.
 */
export async function checkOutputFile(path: string, flag: string): Promise<void> {
  const refuse = (why: string) => {
    throw new DemoAccountError('INVALID_OPTION', `${flag} ${path} cannot be written: ${why}.`)
  }
  if (path.trim() === '') refuse('the path is empty')
  const existing = await stat(path).catch(() => undefined)
  if (existing?.isDirectory()) refuse('it is a folder')
  const { folder, problem } = await nearestExistingFolder(path)
  if (problem || !folder) return refuse(problem ?? 'no folder')
  const writable = await access(existing ? path : folder, constants.W_OK).then(
    () => true,
    () => false,
  )
  if (!writable) refuse(`${existing ? 'the file' : folder} is not writable by this user`)
}
