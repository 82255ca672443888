import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultAppContract } from '../app/releases.ts'
import { resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { computeCachePlan, forgetLastPlan, startPlanning } from './account-plan.ts'
import { forgetPlansOnDisk, keepPlansOnDisk } from './plan-disk-cache.ts'

const folders: string[] = []
afterEach(() => {
  forgetPlansOnDisk()
  forgetLastPlan()
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function folder(): string {
  const parent = mkdtempSync(join(tmpdir(), 'med-demo-plan-test-'))
  folders.push(parent)
  return join(parent, 'plans')
}

const { account, window } = resolveDemoAccountOptions({ referenceDate: '2026-06-15', days: 20 })

/** The cache part of a plan as a new process would get it. */
async function planInNewProcess() {
  forgetLastPlan()
  const plan = await startPlanning(account, window, 'hash').plan
  return {
    identity: plan.identity,
    readings: plan.readings,
    cacheWrites: plan.cacheWrites.map((write) => ({ key: write.key, token: String(write.token) })),
  }
}

describe('plans kept on disk', () => {
  it('gives a later process the same plan, from a 0600 file in a 0700 folder', async () => {
    const dir = folder()
    keepPlansOnDisk(dir)
    const first = await planInNewProcess()
    const files = readdirSync(dir)
    expect(files).toHaveLength(1)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600)
    const second = await planInNewProcess()
    // The same ciphertext, byte for byte: it was read back, not encrypted again (random IVs).
    expect(second).toEqual(first)
    expect(second.readings).toEqual(computeCachePlan(account, window, defaultAppContract).readings)
  })

  it('hands over the readings of a kept plan unparsed, parsing them when first read', async () => {
    keepPlansOnDisk(folder())
    const computed = await planInNewProcess()
    forgetLastPlan()
    const plan = await startPlanning(account, window, 'hash').plan
    expect(Object.getOwnPropertyDescriptor(plan, 'readings')?.get).toBeTypeOf('function')
    expect(plan.readings).toEqual(computed.readings)
    expect(plan.readings).toBe(plan.readings)
  })

  it("keeps a plan's SET commands encoded with the seed's TTL, which a later process reads back", async () => {
    keepPlansOnDisk(folder())
    forgetLastPlan()
    const first = await startPlanning(account, window, 'hash', defaultAppContract, 3600).plan
    forgetLastPlan()
    const second = await startPlanning(account, window, 'hash', defaultAppContract, 3600).plan
    for (const plan of [first, second]) {
      expect(plan.encoded).toMatchObject({ count: plan.cacheWrites.length, ttlSeconds: 3600 })
      const head = plan.cacheWrites[0]!
      const command = `*5\r\n$3\r\nSET\r\n$${head.key.length}\r\n${head.key}\r\n$${head.token.length}\r\n${String(head.token)}\r\n$2\r\nEX\r\n$4\r\n3600\r\n`
      expect(plan.encoded!.bytes.toString('latin1', 0, command.length)).toBe(command)
      expect(plan.encoded!.bytes.toString('latin1').split('*5\r\n$3\r\nSET')).toHaveLength(
        plan.cacheWrites.length + 1,
      )
    }
    expect(second.cacheWrites.map((write) => String(write.token))).toEqual(
      first.cacheWrites.map((write) => String(write.token)),
    )
  })

  it('keeps a plan per account, and the password is not part of what finds it', async () => {
    const dir = folder()
    keepPlansOnDisk(dir)
    await planInNewProcess()
    forgetLastPlan()
    await startPlanning({ ...account, password: 'Another-One-42' }, window, 'hash').plan
    expect(readdirSync(dir)).toHaveLength(1)
    forgetLastPlan()
    await startPlanning({ ...account, email: 'other@example.com' }, window, 'hash').plan
    expect(readdirSync(dir)).toHaveLength(2)
  })

  it('does not use a folder other users can read', async () => {
    const dir = folder()
    keepPlansOnDisk(dir)
    chmodSync(dir, 0o755)
    keepPlansOnDisk(dir)
    const first = await planInNewProcess()
    expect(readdirSync(dir)).toHaveLength(0)
    expect((await planInNewProcess()).cacheWrites[0]!.token).not.toBe(first.cacheWrites[0]!.token)
  })
})
