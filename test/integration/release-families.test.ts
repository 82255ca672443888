import { readFileSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { AppContract } from '../../src/app/app-contract.ts'
import { familyOfDatabase } from '../../src/app/database-family.ts'
import { appContractFor } from '../../src/app/releases.ts'
import { contractPlan, writeThroughContract } from './support/contract-seed.ts'
import { schemaCatalog } from './support/schema-catalog.ts'
import { query, useTestStores } from './support/test-stores.ts'

const stores = useTestStores()

/** A catalog the app's own migrations made (issue 10's research), as sorted lines. */
function appCatalog(name: string): string[] {
  const text = readFileSync(
    new URL(`./support/app-schema-${name}.catalog.txt`, import.meta.url),
    'utf8',
  )
  return text.split('\n').filter(Boolean).sort()
}

/** 007 is 006 plus the two columns its migration adds (checked by running 1.5.0's migrations). */
function catalog007(): string[] {
  return [
    ...appCatalog('006'),
    'C|users|admin_data_sharing|boolean|NO|false',
    'C|users|admin_data_sharing_enabled_at|timestamp with time zone|YES|',
  ].sort()
}

async function schemaOf(contract: AppContract) {
  const fresh = await stores.fresh()
  await writeThroughContract(
    fresh.postgresUrl,
    contract,
    await contractPlan(contract, '2026-06-15', 40),
  )
  const [stamp] = await query<{ version_num: string }>(
    fresh.postgresUrl,
    'SELECT version_num FROM alembic_version',
  )
  return { catalog: await schemaCatalog(fresh.postgresUrl), head: stamp?.version_num }
}

describe('the schema each family creates equals what the app’s migrations make', () => {
  it.each([
    ['1.22.0', 'server', 'head', 'b2c3d4e5f6g7'],
    ['1.22.0', 'client', 'head', 'b2c3d4e5f6g7'],
    ['1.20.0', 'server', 'head', 'a1b2c3d4e5f6'],
    ['1.9.1', 'client', 'head', 'a1b2c3d4e5f6'],
  ] as const)(
    '%s %s mode: the 1.22 head catalog, stamped %s',
    async (version, mode, schema, head) => {
      const result = await schemaOf(appContractFor(version, { mode, schema })!)
      expect(result.head).toBe(head)
      expect(result.catalog).toEqual(appCatalog('1.22'))
    },
  )

  it('1.0.0 to 1.3.0: head 006, without users.admin_data_sharing*', async () => {
    const result = await schemaOf(appContractFor('1.3.0')!)
    expect(result).toEqual({ catalog: appCatalog('006'), head: '006' })
  })

  it.each([['1.4.0'], ['1.5.0'], ['1.8.0']])('%s: head 007', async (version) => {
    const result = await schemaOf(appContractFor(version)!)
    expect(result).toEqual({ catalog: catalog007(), head: '007' })
  })

  it("1.22.0 with schema 'app-migrates': 1.5.0's schema stamped 007, which the app's alembic upgrades to head", async () => {
    const result = await schemaOf(appContractFor('1.22.0', { schema: 'app-migrates' })!)
    expect(result).toEqual({ catalog: catalog007(), head: '007' })
  })
})

describe('an existing schema of another family', () => {
  it('is refused for client mode when it lacks the client tables, naming what is missing and what to do', async () => {
    const fresh = await stores.fresh()
    const release15 = appContractFor('1.5.0')!
    await writeThroughContract(
      fresh.postgresUrl,
      release15,
      await contractPlan(release15, '2026-06-15', 20),
    )
    const client = appContractFor('1.22.0', { mode: 'client' })!
    const attempt = writeThroughContract(
      fresh.postgresUrl,
      client,
      await contractPlan(client, '2026-06-15', 20),
    )
    await expect(attempt).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: expect.stringMatching(/missing consumption_data\.id.*alembic upgrade head/),
    })
  })
})

describe("the family of an existing database ('auto')", () => {
  async function familyOf(url: string, mode: 'server' | 'client') {
    const client = new pg.Client(url)
    await client.connect()
    try {
      return (await familyOfDatabase(client, mode))?.family
    } finally {
      await client.end()
    }
  }

  it('is read from alembic_version, none for an empty database, and an unknown head is refused', async () => {
    const fresh = await stores.fresh()
    expect(await familyOf(fresh.postgresUrl, 'server')).toBeUndefined()
    const contract = appContractFor('1.22.0', { mode: 'client' })!
    await writeThroughContract(
      fresh.postgresUrl,
      contract,
      await contractPlan(contract, '2026-06-15', 20),
    )
    expect(await familyOf(fresh.postgresUrl, 'client')).toBe('1.21-client')
    expect(await familyOf(fresh.postgresUrl, 'server')).toBe('1.21-server')
    await query(fresh.postgresUrl, "UPDATE alembic_version SET version_num = '006'")
    await expect(familyOf(fresh.postgresUrl, 'client')).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: expect.stringMatching(
        /head 006 \(MyElectricalData 1.0.0-1.3.0\), which has no client mode/,
      ),
    })
    await query(fresh.postgresUrl, "UPDATE alembic_version SET version_num = 'ed8dbde4cf0a'")
    await expect(familyOf(fresh.postgresUrl, 'server')).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
      message: expect.stringMatching(/"ed8dbde4cf0a", which is no release/),
    })
  })
})
