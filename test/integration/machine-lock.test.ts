import { randomBytes } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { takeMachineLock } from '../../src/reuse/machine-lock.ts'
import { spawnCollect } from '../support/spawn-collect.ts'

const CHILD = fileURLToPath(new URL('./support/lock-child.ts', import.meta.url))

function lockName(): string {
  return `test-${randomBytes(6).toString('hex')}`
}

describe('the machine-wide lock of reused stores', () => {
  it('lets one process in at a time', async () => {
    const name = lockName()
    const log = join(tmpdir(), `${name}.log`)
    try {
      const runs = await Promise.all(
        [1, 2, 3].map(() =>
          spawnCollect(process.execPath, [CHILD, name, log], { timeoutMs: 60_000 }),
        ),
      )
      for (const run of runs) expect(run.exitCode, run.stderr).toBe(0)
      const lines = (await readFile(log, 'utf8')).trim().split('\n')
      expect(lines).toHaveLength(6)
      // Each "in" is followed by the same process's "out" before anyone else gets in.
      for (let i = 0; i < lines.length; i += 2) {
        const [enter, pid] = lines[i]!.split(' ')
        expect([enter, lines[i + 1]]).toEqual(['in', `out ${pid}`])
      }
    } finally {
      await rm(log, { force: true })
    }
  })

  it('breaks the lock of a process that died, instead of waiting for it', async () => {
    const name = lockName()
    const dead = await spawnCollect(process.execPath, ['-e', 'console.log(process.pid)'])
    const path = join(tmpdir(), `med-demo-${name}.lock`)
    await writeFile(path, `${dead.stdout.trim()}\n`)
    // No time to wait: only breaking the dead holder's lock gets it.
    const lock = await takeMachineLock(name, 0, 'the test lock')
    expect((await readFile(path, 'utf8')).trim()).toBe(String(process.pid))
    await lock.release()
    await expect(readFile(path)).rejects.toThrow(/ENOENT/)
  })

  it('gives up on a live holder after the wait, naming it and the file', async () => {
    const name = lockName()
    const held = await takeMachineLock(name, 0, 'the test lock')
    try {
      await expect(takeMachineLock(name, 50, 'the test lock')).rejects.toMatchObject({
        code: 'CONTAINER_START_FAILED',
        message: expect.stringContaining(`process ${process.pid} has held the lock ${held.path}`),
      })
    } finally {
      await held.release()
    }
  })
})
