import type { ReadingsRequest } from '../../src/readings/generate-readings.ts'
import type { MeterSpec, PdlProfile } from '../../src/readings/types.ts'

/** A meter of a profile, measuring production when it is the solar home. */
export function meter(
  usagePointId: string,
  profile: PdlProfile,
  subscribedPower: number,
): MeterSpec {
  return {
    usagePointId,
    profile,
    subscribedPower,
    hasConsumption: true,
    hasProduction: profile === 'solar-home',
    offpeakHours: ['22:00-06:00'],
  }
}

/** One meter of each profile, with the subscribed power the options default to. */
export const DEMO_METERS = [
  meter('12345678901234', 'main-home', 6),
  meter('98765432109876', 'solar-home', 9),
  meter('11111111111111', 'secondary-home', 3),
] as const

/** Three years of them, ending the day before 2026-11-24. */
export const THREE_YEARS: ReadingsRequest = {
  seed: 'demo',
  firstDate: '2023-11-24',
  lastDate: '2026-11-23',
  meters: DEMO_METERS,
}
