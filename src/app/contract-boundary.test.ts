import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { appContractFor, DEFAULT_APP_VERSION, KNOWN_RELEASES } from './releases.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(folder, file))
}

describe('the app contract', () => {
  it('is reached through its interface only: no engine or adapter file imports a release module', () => {
    const offenders = [...sources('src'), ...sources('fixtures')]
      .filter((file) => !file.startsWith(join('src', 'app')))
      .filter((file) => /from '[^']*\/app\/release-/.test(readFileSync(join(ROOT, file), 'utf8')))
    expect(offenders.map((file) => relative(ROOT, join(ROOT, file)))).toEqual([])
  })

  it('has a module for the default release, and none for a release it does not know', () => {
    expect(KNOWN_RELEASES).toContain(DEFAULT_APP_VERSION)
    expect(appContractFor(DEFAULT_APP_VERSION)?.family).toBe('1.5')
    expect(appContractFor('0.9.0')).toBeUndefined()
  })
})
