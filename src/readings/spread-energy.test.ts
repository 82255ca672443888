import { describe, expect, it } from 'vitest'
import { randomStream } from './random-stream.ts'
import { spreadEnergy } from './spread-energy.ts'

const sum = (values: readonly number[]) => values.reduce((total, x) => total + x, 0)

/** Reproducible day shapes: 46, 48 or 50 positive weights with a sharp evening peak. */
function sampleDays(count: number) {
  const random = randomStream('spread-energy test')
  return Array.from({ length: count }, (_, day) => {
    const slots = [46, 48, 50][day % 3]!
    const weights = Array.from({ length: slots }, (_, i) => (i === 38 ? 20 : 0.2 + random()))
    return { dayWh: Math.floor(random() * 40_000), weights }
  })
}

describe('spreadEnergy', () => {
  it('gives exactly twice the day energy in watts, so sum(watts) / 2 is its Wh', () => {
    const wrong = sampleDays(500).filter(
      ({ dayWh, weights }) => sum(spreadEnergy(dayWh, weights, 100_000)) !== 2 * dayWh,
    )
    expect(wrong).toEqual([])
  })

  it('keeps every slot under the cap, sharing the excess among the others', () => {
    const capW = 5_400
    let pinnedDays = 0
    for (const { dayWh, weights } of sampleDays(500)) {
      const watts = spreadEnergy(dayWh, weights, capW)
      expect(Math.max(...watts)).toBeLessThanOrEqual(capW)
      expect(sum(watts)).toBe(2 * dayWh)
      if (watts[38]! >= capW - 1) pinnedDays++
    }
    // The evening peak alone would exceed the cap on most days: the cap must have bitten.
    expect(pinnedDays).toBeGreaterThan(300)
  })

  it('pins an over-weighted slot just under the cap', () => {
    const watts = spreadEnergy(1_000, [10, 1, 1, 1], 1_000)
    expect(watts[0]).toBe(999)
    expect(watts.slice(1)).toEqual([334, 333, 334])
  })

  it('follows the weights to within 1 W when nothing reaches the cap', () => {
    const weights = [1, 2, 3, 4, 0.5, 7.25]
    const dayWh = 12_345
    const watts = spreadEnergy(dayWh, weights, 1_000_000)
    const shares = weights.map((w) => (2 * dayWh * w) / sum(weights))
    expect(watts.every((w, i) => Math.abs(w - shares[i]!) <= 1)).toBe(true)
  })

  it('gives whole, non-negative watts, treating negative weights as zero', () => {
    const watts = spreadEnergy(777, [-3, 2, 0, 5, -0.5, 1], 10_000)
    expect(watts.every((w) => Number.isInteger(w) && w >= 0)).toBe(true)
    expect(watts[0]).toBe(0)
    expect(watts[4]).toBe(0)
    expect(sum(watts)).toBe(1_554)
  })

  it('spreads evenly when every weight is zero', () => {
    expect(spreadEnergy(24, [0, 0, 0, 0], 1_000)).toEqual([12, 12, 12, 12])
    expect(spreadEnergy(10, [0, -1, 0], 1_000)).toEqual([7, 6, 7])
  })

  it('gives zero watts to a day without energy', () => {
    expect(spreadEnergy(0, [1, 2, 3], 1_000)).toEqual([0, 0, 0])
  })

  it('uses only the first `count` weights of a reused buffer', () => {
    const buffer = new Float64Array([1, 1, 1, 1, 99, 99])
    expect(spreadEnergy(8, buffer, 1_000, 4)).toEqual([4, 4, 4, 4])
  })

  it('refuses more slots than a day can have', () => {
    expect(() => spreadEnergy(1, new Float64Array(65), 1_000)).toThrow(RangeError)
  })
})
