import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateReadings, type ReadingsRequest } from './generate-readings.ts'

/**
 * The readings of the default demo account, pinned: any change to the generator's output, on
 * any supported Node version, changes this digest. Update it only on purpose, saying why.
 */
const DEFAULT_READINGS_SHA256 = '2f9424a9c829092af2c79e6414d0cf55f0ba50cde8726f16e0b0b49334dc8884'

const defaultRequest: ReadingsRequest = {
  seed: 'demo',
  firstDate: '2023-11-24',
  lastDate: '2026-11-23',
  loadCurveFrom: '2024-11-25',
  meters: [
    {
      usagePointId: '12345678901234',
      profile: 'main-home',
      subscribedPower: 6,
      hasConsumption: true,
      hasProduction: false,
      offpeakHours: ['22:00-06:00'],
    },
    {
      usagePointId: '98765432109876',
      profile: 'solar-home',
      subscribedPower: 9,
      hasConsumption: true,
      hasProduction: true,
      offpeakHours: ['22:00-06:00'],
    },
  ],
}

/** JSON with every object's keys sorted, so the digest does not depend on property order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  )
}

describe('default readings', () => {
  it('hash to the pinned SHA-256 digest', () => {
    const json = canonicalJson(generateReadings(defaultRequest))
    expect(createHash('sha256').update(json).digest('hex')).toBe(DEFAULT_READINGS_SHA256)
  })

  it('serialise canonically whatever the order of object keys', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}')
  })
})
