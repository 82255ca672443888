// The README's example: accounts seeded in scenarios, next to the demo account.
import { withDemoAccount } from '@myelectricaldata/demo-account'
import { expect, test } from 'vitest'

test('seeds accounts in the states the app can be in', async () => {
  await using demo = await withDemoAccount({ days: 30 })

  const limited = await demo.addAccount({ index: 1, scenario: ['near-rate-limit', 'gaps'] })
  expect(limited.scenarios).toEqual(['near-rate-limit', 'gaps'])
  // Per PDL, the days left out of the cache, which the app must ask Enedis for.
  expect(limited.gaps.map((gap) => gap.days.length)).toEqual([3, 3])

  const admin = await demo.addAccount({ email: 'admin@example.com', scenario: 'admin' })
  expect(admin.user.isAdmin).toBe(true)

  const unverified = await demo.addAccount({ index: 2, scenario: 'unverified' })
  // For GET /api/accounts/verify-email?token=…, as the sign-up email's link.
  expect(unverified.emailVerificationToken).toHaveLength(43)

  // The app exempts admins from the daily limit: the pair is refused, and nothing is written.
  await expect(
    demo.addAccount({ index: 3, scenario: ['admin', 'rate-limited'] }),
  ).rejects.toMatchObject({ code: 'INVALID_OPTION' })
})
