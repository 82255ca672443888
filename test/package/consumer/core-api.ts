// Compiled by the package test in a project that installed the tarball: the core's public types.
import {
  type CachedValue,
  type DemoAccount,
  DemoAccountError,
  type DemoAccountErrorCode,
  type DemoAccountOptions,
  readCachedDaily,
  readCachedLoadCurve,
  readCachedMaxPower,
  readCachedProduction,
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

export async function readBack(demo: DemoAccount): Promise<number> {
  const pdl = demo.pdls[0]!.usagePointId
  const daily = await readCachedDaily(demo, pdl, '2026-06-01', '2026-06-14')
  expectTypeOf(daily).toEqualTypeOf<CachedValue[]>()
  expectTypeOf(daily[0]!.value).toBeNumber()
  const curve = await readCachedLoadCurve(demo, pdl, '2026-06-14', '2026-06-14', {
    direction: 'production',
  })
  const peaks = await readCachedMaxPower(demo, pdl, '2026-06-01', '2026-06-14')
  expectTypeOf(peaks).toEqualTypeOf<CachedValue[] | undefined>()
  const produced = await readCachedProduction(demo, pdl, '2026-06-01', '2026-06-14')
  // @ts-expect-error the direction is consumption or production
  await readCachedLoadCurve(demo, pdl, '2026-06-14', '2026-06-14', { direction: 'both' })
  return daily.length + curve.length + (peaks?.length ?? 0) + (produced?.length ?? 0)
}

export function codeOf(error: unknown): DemoAccountErrorCode | undefined {
  return error instanceof DemoAccountError ? error.code : undefined
}
