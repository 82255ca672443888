import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes a file that holds secrets, readable by the owner alone (0600) whether it is new or
 * already exists: the text goes to a 0600 file next to it, which then replaces it.
 */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'w' })
    // An umask never adds bits, but a leftover temporary file of the same name would keep its own.
    await chmod(temporary, 0o600)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
