/** A `users` row, camelCased. */
export interface UserRow {
  readonly id: string
  readonly email: string
  readonly hashedPassword: string
  readonly clientId: string
  readonly clientSecret: string
  readonly isActive: boolean
  readonly isAdmin: boolean
  readonly emailVerified: boolean
  readonly debugMode: boolean
  readonly enedisCustomerId: string | null
  readonly roleId: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
  /** Absent on schemas older than the app's migration 007. */
  readonly adminDataSharing?: boolean
  readonly adminDataSharingEnabledAt?: Date | null
}

/** A `pdls` row, camelCased; dates are `YYYY-MM-DD`. */
export interface PdlRow {
  readonly id: string
  readonly usagePointId: string
  readonly userId: string
  readonly name: string | null
  readonly displayOrder: number | null
  /** kVA. */
  readonly subscribedPower: number | null
  readonly offpeakHours: unknown
  readonly pricingOption: string | null
  readonly hasConsumption: boolean
  readonly hasProduction: boolean
  readonly isActive: boolean
  readonly oldestAvailableDataDate: string | null
  readonly activationDate: string | null
  readonly linkedProductionPdlId: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly selectedOfferId?: string | null
}

/** A row as `pg` returns it, with snake_case columns, to camelCase. */
export function camelCaseRow<T>(row: Record<string, unknown>): T {
  const result: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(row)) {
    result[column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value
  }
  return result as T
}
