import { describe, expect, it } from 'vitest'
import { markerMismatch, type ReuseMarker } from './reuse-marker.ts'

const REDIS = { runId: 'r1', db: 0, keys: 4401, expires: 4401 }
const MARKER: ReuseMarker = {
  version: 1,
  fingerprint: 'f1',
  seededAt: 1_000_000,
  tables: 't1',
  redis: REDIS,
  content: {},
}
const EXPECTED = { fingerprint: 'f1', cacheTtlSeconds: 86_400, now: 1_000_000 + 60_000 }

function mismatch(
  found: { marker: ReuseMarker; sealed: boolean } | undefined,
  changes: {
    expected?: Partial<typeof EXPECTED>
    tables?: string | null
    redis?: Partial<typeof REDIS>
  } = {},
) {
  return markerMismatch(
    found,
    { ...EXPECTED, ...changes.expected },
    {
      tables: async () => (changes.tables === undefined ? 't1' : changes.tables),
      redis: async () => ({ ...REDIS, ...changes.redis }),
    },
  )
}

describe('markerMismatch', () => {
  const found = { marker: MARKER, sealed: false }

  it('accepts stores that hold what the marker recorded', async () => {
    expect(await mismatch(found)).toBeUndefined()
    expect(await mismatch(found, { expected: { cacheTtlSeconds: 0, now: 9e15 } })).toBeUndefined()
  })

  it('says why stores cannot be reused as they are', async () => {
    expect(await mismatch(undefined)).toMatch(/no marker/)
    expect(await mismatch(found, { expected: { fingerprint: 'f2' } })).toMatch(/other options/)
    expect(await mismatch(found, { expected: { now: 1_000_000 + 43_200_001 } })).toMatch(
      /half the cache TTL/,
    )
    expect(await mismatch(found, { tables: 't2' })).toMatch(/Postgres rows changed/)
    expect(await mismatch(found, { redis: { runId: 'r2' } })).toMatch(/Redis restarted/)
    expect(await mismatch(found, { redis: { keys: 4400 } })).toMatch(
      /holds 4400 keys \(4401 with a TTL\), the seed left 4401 \(4401\)/,
    )
    expect(await mismatch(found, { redis: { expires: 4400 } })).toMatch(/4400 with a TTL/)
  })

  it('checks a template by its seal, since a sealed database takes no connections', async () => {
    const template = { marker: { ...MARKER, tables: null }, sealed: true }
    expect(await mismatch(template, { tables: null })).toBeUndefined()
    expect(await mismatch({ ...template, sealed: false }, { tables: null })).toMatch(
      /no longer sealed/,
    )
  })
})
