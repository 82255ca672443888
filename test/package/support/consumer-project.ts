import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { mustRun } from './command.ts'
import { repoRoot } from './pack.ts'

const requireFromRepo = createRequire(join(repoRoot, 'package.json'))

/**
 * The version of a package the repository has installed, so that the consumer installs the same
 * one (from npm's cache).
 */
export function repoVersion(name: string): string {
  return (requireFromRepo(`${name}/package.json`) as { version: string }).version
}

/** An ESM project depending on the tarball and on `packages` (at the repository's versions). */
export async function createConsumer(
  dir: string,
  tarball: string,
  packages: readonly string[],
): Promise<void> {
  const dependencies = Object.fromEntries(packages.map((name) => [name, repoVersion(name)]))
  const manifest = {
    name: 'med-demo-consumer',
    private: true,
    type: 'module',
    dependencies: { '@myelectricaldata/demo-account': `file:${tarball}`, ...dependencies },
  }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  await npmInstall(dir)
}

/** `npm install` the way these tests do: from the cache when it can, quietly. */
export async function npmInstall(dir: string, args: readonly string[] = []): Promise<void> {
  await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], dir)
}
