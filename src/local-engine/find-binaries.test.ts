import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findLocalBinaries, postgresDirectories } from './find-binaries.ts'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A directory with executable stand-ins of these names. */
function binDirectory(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'med-bin-'))
  made.push(dir)
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\n')
    chmodSync(join(dir, name), 0o755)
  }
  return dir
}

describe('findLocalBinaries', () => {
  it('takes initdb and postgres from one directory of the PATH, and redis-server or valkey-server', () => {
    const pg = binDirectory('initdb', 'postgres')
    const valkey = binDirectory('valkey-server')
    const search = findLocalBinaries({ PATH: `${valkey}:${pg}`, MED_DEMO_PG_BIN: '' })
    expect(search.found?.initdb).toBe(join(pg, 'initdb'))
    expect(search.found?.postgres).toBe(join(pg, 'postgres'))
    expect(search.found?.redisServer).toMatch(/redis-server$|valkey-server$/)
  })

  it('skips a directory with postgres but no initdb, and resolves symlinks', () => {
    const half = binDirectory('postgres')
    const whole = binDirectory('initdb', 'postgres')
    const links = binDirectory()
    symlinkSync(join(whole, 'initdb'), join(links, 'initdb'))
    symlinkSync(join(whole, 'postgres'), join(links, 'postgres'))
    const search = findLocalBinaries({
      PATH: `${half}:${links}`,
      MED_DEMO_REDIS_SERVER: join(binDirectory('redis-server'), 'redis-server'),
    })
    expect(search.found?.postgres).toBe(join(whole, 'postgres'))
  })

  it('says what it found missing and where it looked', () => {
    const empty = binDirectory()
    const search = findLocalBinaries(
      { PATH: empty, MED_DEMO_REDIS_SERVER: join(binDirectory('redis-server'), 'redis-server') },
      { system: false },
    )
    expect(search.found).toBeUndefined()
    expect(search.found === undefined && search.missing).toMatch(/^Postgres's initdb and postgres/)
    const noRedis = findLocalBinaries(
      { PATH: binDirectory('initdb', 'postgres') },
      { system: false },
    )
    expect(noRedis.found === undefined && noRedis.missing).toMatch(/^redis-server or valkey-server/)
    expect(postgresDirectories({ PATH: empty, MED_DEMO_PG_BIN: '/x' }).slice(0, 2)).toEqual([
      '/x',
      empty,
    ])
  })
})
