import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { delimiter, join } from 'node:path'

async function isExecutableFile(path: string): Promise<boolean> {
  const found = await stat(path).catch(() => undefined)
  if (!found?.isFile()) return false
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  )
}

/** Whether `command` would run: an executable file, given by path or found on PATH. */
export async function isRunnable(command: string, path = process.env.PATH ?? ''): Promise<boolean> {
  if (command.includes('/')) return isExecutableFile(command)
  for (const folder of path.split(delimiter)) {
    if (folder !== '' && (await isExecutableFile(join(folder, command)))) return true
  }
  return false
}
