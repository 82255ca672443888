import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { alive } from '../../support/process-alive.ts'

const LOCK = join(tmpdir(), 'med-demo-account-pack.lock')

/**
 * Runs `use` while no other test of this machine packs: `npm pack` rebuilds `dist/` in place
 * (`rm -rf dist && tsc`), so two packs at once would ship each other's half-built files. A lock
 * left by a process that died is taken over.
 */
export async function withPackLock<T>(use: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''))
      if (owner > 0 && !alive(owner)) await rm(LOCK, { recursive: true, force: true })
      else await sleep(250)
    }
  }
  try {
    await writeFile(join(LOCK, 'pid'), String(process.pid))
    return await use()
  } finally {
    await rm(LOCK, { recursive: true, force: true })
  }
}
