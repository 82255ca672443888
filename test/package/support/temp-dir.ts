import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh temporary directory, and how to remove it. */
export async function tempDir(prefix: string) {
  const path = await mkdtemp(join(tmpdir(), `med-${prefix}-`))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}
