import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mustRun } from './command.ts'
import { withPackLock } from './pack-lock.ts'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface PackedPackage {
  /** Absolute path of the tarball. */
  readonly tarball: string
  /** The paths in the tarball, relative to the package root. */
  readonly files: readonly string[]
}

/** `npm pack` of the repository (its `prepack` builds `dist/`) into `destination`. */
export async function packPackage(destination: string): Promise<PackedPackage> {
  const { stdout } = await withPackLock(() =>
    mustRun('npm', ['pack', '--json', '--pack-destination', destination], repoRoot),
  )
  // The build's output goes to stderr: stdout is the JSON.
  const [packed] = JSON.parse(stdout) as {
    filename: string
    files: { path: string }[]
  }[]
  if (!packed) throw new Error(`npm pack printed no package:\n${stdout}`)
  return { tarball: join(destination, packed.filename), files: packed.files.map((f) => f.path) }
}
