// Compiled by the package test in a project that installed the tarball: the core's public types.
import {
  type DemoAccount,
  DemoAccountError,
  type DemoAccountErrorCode,
  type DemoAccountOptions,
  withDemoAccount,
} from '@myelectricaldata/demo-account'
import { expectTypeOf } from 'vitest'

const options: DemoAccountOptions = {
  days: 30,
  bcryptRounds: 4,
  referenceDate: '2026-06-15',
  pdls: [{ profile: 'solar-home', offpeakHours: ['22:00-06:00'] }],
  postgres: { image: 'postgres:16-alpine' },
  redis: { url: 'redis://localhost:6379/0' },
}

// @ts-expect-error `days` is a number
export const wrongDays: DemoAccountOptions = { days: '30' }
// @ts-expect-error options are checked for unknown names
export const unknownOption: DemoAccountOptions = { dayz: 30 }

export async function describeDemo(): Promise<string> {
  await using demo = await withDemoAccount(options)
  expectTypeOf(demo).toEqualTypeOf<DemoAccount>()
  expectTypeOf(demo.jwt).toBeString()
  expectTypeOf(demo.env.DATABASE_URL).toBeString()
  const other = await demo.addAccount({ index: 1 })
  return [demo.email, other.email, demo.postgres.url, demo.redis.url, demo.pdls[0]?.usagePointId]
    .filter(Boolean)
    .join(' ')
}

export function codeOf(error: unknown): DemoAccountErrorCode | undefined {
  return error instanceof DemoAccountError ? error.code : undefined
}
