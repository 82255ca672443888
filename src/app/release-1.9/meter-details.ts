/** A demo address, in the fields of `address_data`. */
export interface DemoAddress {
  readonly street: string
  readonly postalCode: string
  readonly city: string
  readonly country: string
  readonly inseeCode: string
  readonly latitude: number
  readonly longitude: number
}

/** A made-up address in Paris, a different number for each meter of the account. */
export function demoAddress(displayOrder: number): DemoAddress {
  return {
    street: `${displayOrder} rue de la Démonstration`,
    postalCode: '75001',
    city: 'Paris',
    country: 'France',
    inseeCode: '75101',
    latitude: 48.8606,
    longitude: 2.3376,
  }
}

function enedisTime(time: string): string {
  const [hours, minutes] = time.split(':')
  return `${Number(hours)}H${minutes}`
}

/**
 * Off-peak hours in the form the Enedis contract (through the gateway) gives them and the app's
 * sync stores as they come: `HC (22H00-6H00)`, ranges separated by `;`; `null` for none.
 */
export function enedisOffpeakHours(ranges: readonly string[]): string | null {
  if (ranges.length === 0) return null
  const parts = ranges.map((range) => range.split('-').map(enedisTime).join('-'))
  return `HC (${parts.join(';')})`
}
