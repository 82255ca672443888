import { describe, expect, it } from 'vitest'
import { DEMO_METERS } from '../../../test/support/demo-meters.ts'
import { generateReadings } from '../../readings/generate-readings.ts'
import { detailedRows } from './energy-rows.ts'
import { enedisOffpeakHours } from './meter-details.ts'

describe('client-mode rows', () => {
  it('keep one 30-minute row per start time, the last reading, on the day the clocks go back', () => {
    const [meter] = generateReadings({
      seed: 'demo',
      firstDate: '2025-10-26',
      lastDate: '2025-10-26',
      meters: [DEMO_METERS[0]],
    })
    const curve = meter!.consumption!.loadCurve[0]!
    expect(curve.watts).toHaveLength(50)
    const rows = detailedRows([curve])
    expect(rows.intervalStarts).toHaveLength(48)
    expect(new Set(rows.intervalStarts).size).toBe(48)
    const lastAtTwo = curve.starts.lastIndexOf('2025-10-26 02:00:00')
    expect(rows.values[rows.intervalStarts.indexOf('02:00')]).toBe(curve.watts[lastAtTwo])
  })

  it('give off-peak hours in the form of the Enedis contract', () => {
    expect(enedisOffpeakHours(['22:00-06:00'])).toBe('HC (22H00-6H00)')
    expect(enedisOffpeakHours(['02:30-07:30', '14:00-16:00'])).toBe('HC (2H30-7H30;14H00-16H00)')
    expect(enedisOffpeakHours([])).toBeNull()
  })
})
