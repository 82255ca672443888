import { describe, expect, it } from 'vitest'
import { readEnvironmentDescriptor } from '../../src/model/environment-descriptor.ts'
import { runCli } from './support/run-cli.ts'
import { query, redisClient, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

/** `med-demo seed` into fresh stores of this file, with more flags. */
async function seedFresh(...flags: string[]) {
  const fresh = await stores.fresh()
  const args = ['seed', '--database-url', fresh.postgresUrl, '--redis-url', fresh.redisUrl]
  return { fresh, result: await runCli([...args, ...flags]) }
}

describe('med-demo seed --scenario', () => {
  it('seeds the scenarios and describes them, gaps included, in --json', async () => {
    const { fresh, result } = await seedFresh(
      '--email',
      'cli-scenarios@example.com',
      '--days',
      '20',
      '--scenario',
      'inactive,gaps',
      '--scenario',
      'near-rate-limit',
      '--json',
    )
    expect(result.code, result.stderr).toBe(0)
    const described = JSON.parse(result.stdout)
    expect(described.account.scenarios).toEqual(['near-rate-limit', 'inactive', 'gaps'])
    // What a Playwright worker or another language reads back.
    const read = readEnvironmentDescriptor(described, 'the CLI output')
    expect(read.account.gaps).toEqual(described.account.gaps)
    const gap = read.account.gaps[0]!
    const rows = await query(fresh.postgresUrl, 'SELECT is_active FROM users')
    expect(rows).toEqual([{ is_active: false }])
    const redis = redisClient(fresh.redisUrl)
    try {
      const cached = await redis.exists(
        ...gap.days.map((day) => `consumption:daily:${gap.usagePointId}:${day}`),
      )
      expect(cached).toBe(0)
      const day = new Date().toISOString().slice(0, 10)
      expect(await redis.get(`rate_limit:${read.account.user.id}:cached:${day}`)).toBe('999')
    } finally {
      redis.disconnect()
    }
  })

  it('refuses an unknown scenario in flag words, before writing', async () => {
    const { fresh, result } = await seedFresh('--scenario', 'locked')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--scenario 'locked' is not a scenario")
    expect(await query(fresh.postgresUrl, "SELECT to_regclass('users') AS t")).toEqual([
      { t: null },
    ])
  })
})
