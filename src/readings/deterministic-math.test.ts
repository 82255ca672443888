import { describe, expect, it } from 'vitest'
import { boxMuller, cosDeterministic, lnDeterministic } from './deterministic-math.ts'
import { randomStream } from './random-stream.ts'

/** Positive numbers from the smallest subnormal to the largest double, dense around 1. */
const LN_INPUTS = [
  Number.MIN_VALUE,
  1e-300,
  Number.MAX_VALUE,
  1e300,
  ...Array.from({ length: 4000 }, (_, i) => (i + 1) / 997),
  ...Array.from({ length: 4000 }, (_, i) => (i + 1) * 13.7),
  ...Array.from({ length: 4000 }, (_, i) => 1 / ((i + 1) * 3.1)),
  ...Array.from({ length: 4000 }, (_, i) => 1 + (i - 2000) * 1e-7),
]
/** Angles over a few turns either way, as the generator passes. */
const COS_INPUTS = Array.from({ length: 20_001 }, (_, i) => (i - 10_000) * 0.00271)

const largest = (values: readonly number[]) => values.reduce((a, b) => Math.max(a, b), 0)

describe('lnDeterministic', () => {
  it('agrees with Math.log to 1e-15 relative away from 1', () => {
    const inputs = LN_INPUTS.filter((x) => Math.abs(Math.log(x)) >= 0.5)
    expect(inputs.length).toBeGreaterThan(8000)
    const errors = inputs.map((x) => Math.abs(lnDeterministic(x) / Math.log(x) - 1))
    expect(largest(errors)).toBeLessThanOrEqual(1e-15)
  })

  it('agrees with Math.log to 1e-15 absolute near 1', () => {
    const inputs = LN_INPUTS.filter((x) => Math.abs(Math.log(x)) < 0.5)
    expect(inputs.length).toBeGreaterThan(4000)
    const errors = inputs.map((x) => Math.abs(lnDeterministic(x) - Math.log(x)))
    expect(largest(errors)).toBeLessThanOrEqual(1e-15)
  })

  it('gives exactly 0 for 1 and exact multiples of ln 2 for powers of two', () => {
    expect(lnDeterministic(1)).toBe(0)
    expect(lnDeterministic(2 ** 10)).toBe(10 * Math.LN2)
    expect(lnDeterministic(2 ** -10)).toBe(-10 * Math.LN2)
  })

  it('refuses zero, negative and non-finite numbers', () => {
    for (const x of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => lnDeterministic(x)).toThrow(RangeError)
    }
  })
})

describe('cosDeterministic', () => {
  it('agrees with Math.cos to 1e-15 absolute over several turns', () => {
    const errors = COS_INPUTS.map((x) => Math.abs(cosDeterministic(x) - Math.cos(x)))
    expect(largest(errors)).toBeLessThanOrEqual(2e-15)
  })

  it('agrees with Math.cos to 3e-15 relative away from its zeros', () => {
    const inputs = COS_INPUTS.filter((x) => Math.abs(Math.cos(x)) >= 0.5)
    const errors = inputs.map((x) => Math.abs(cosDeterministic(x) / Math.cos(x) - 1))
    expect(largest(errors)).toBeLessThanOrEqual(3e-15)
  })

  it('is even and gives exactly 1 at 0', () => {
    expect(cosDeterministic(0)).toBe(1)
    expect(COS_INPUTS.every((x) => cosDeterministic(-x) === cosDeterministic(x))).toBe(true)
  })
})

describe('boxMuller', () => {
  const random = randomStream('box-muller test')
  const normals = Array.from({ length: 100_000 }, () => boxMuller(random(), random()))
  const mean = normals.reduce((sum, z) => sum + z, 0) / normals.length
  const sd = Math.sqrt(normals.reduce((sum, z) => sum + (z - mean) ** 2, 0) / normals.length)

  it('has a mean near 0', () => {
    // The standard error of the mean of 100 000 draws is 0.003.
    expect(Math.abs(mean)).toBeLessThan(0.015)
  })

  it('has a standard deviation near 1', () => {
    expect(Math.abs(sd - 1)).toBeLessThan(0.015)
  })

  it('puts about 68 % of draws within one standard deviation and 95 % within two', () => {
    const within = (k: number) => normals.filter((z) => Math.abs(z) <= k).length / normals.length
    expect(Math.abs(within(1) - 0.6827)).toBeLessThan(0.01)
    expect(Math.abs(within(2) - 0.9545)).toBeLessThan(0.006)
  })

  it('stays finite when the first uniform is 0', () => {
    expect(Number.isFinite(boxMuller(0, 0.25))).toBe(true)
    expect(Number.isFinite(boxMuller(0, 0))).toBe(true)
  })
})
