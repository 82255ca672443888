import type { PdlProfile } from '../readings/types.ts'

export const DEFAULT_EMAIL = 'demo@myelectricaldata.fr'
export const DEFAULT_PASSWORD = 'DemoPassword123!'
export const DEFAULT_SEED = 'demo'
/** yesterday - 1095 days to yesterday, both included: what the app's frontend requests. */
export const DEFAULT_DAYS = 1096
export const MAX_DAYS = 1096
export const DEFAULT_BCRYPT_ROUNDS = 12
export const DEFAULT_CACHE_TTL_SECONDS = 86_400
export const MAX_ACCOUNT_INDEX = 99_999

/** The usage point ids of the first account's meters. */
export const DEFAULT_USAGE_POINT_IDS = ['12345678901234', '98765432109876'] as const

export const PROFILE_DEFAULTS: Readonly<
  Record<PdlProfile, { name: string; subscribedPower: number; hasProduction: boolean }>
> = {
  'main-home': { name: 'Résidence principale', subscribedPower: 6, hasProduction: false },
  'solar-home': { name: 'Maison avec panneaux solaires', subscribedPower: 9, hasProduction: true },
  'secondary-home': { name: 'Résidence secondaire', subscribedPower: 3, hasProduction: false },
}

export const DEFAULT_OFFPEAK_HOURS = ['22:00-06:00']

/** The profile of the n-th meter when none is given: a main home, then a home with panels. */
export function defaultProfile(position: number): PdlProfile {
  return position === 1 ? 'solar-home' : 'main-home'
}

/** The email of the account with this index (0 is the demo account). */
export function emailForIndex(index: number): string {
  return index === 0 ? DEFAULT_EMAIL : `demo-${index}@example.com`
}

/**
 * The usage point id of the n-th meter of the account with this index: the demo ids for index 0,
 * else 10 digits of index and 4 of position, so that accounts never share a meter.
 */
export function usagePointIdFor(index: number, position: number): string {
  const demoId = DEFAULT_USAGE_POINT_IDS[position]
  if (index === 0 && demoId) return demoId
  return `${String(index).padStart(10, '0')}${String(position + 1).padStart(4, '0')}`
}
