import { readFileSync } from 'node:fs'

const NAME = '@myelectricaldata/demo-account'

/**
 * This package's version, from its package.json: next to `src/` in the repository, one level
 * further up from `dist/src/` once built. `'unknown'` when neither is found.
 */
export function libraryVersion(): string {
  version ??= readLibraryVersion()
  return version
}

let version: string | undefined

function readLibraryVersion(): string {
  const candidates = [
    new URL('../../package.json', import.meta.url),
    new URL('../../../package.json', import.meta.url),
  ]
  for (const url of candidates) {
    try {
      const read = JSON.parse(readFileSync(url, 'utf8')) as { name: string; version: string }
      if (read.name === NAME) return read.version
    } catch {}
  }
  return 'unknown'
}
