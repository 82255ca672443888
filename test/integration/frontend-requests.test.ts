import { type DemoAccount, withDemoAccount } from '@myelectricaldata/demo-account'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The reference app's own copy of the frontend's requests, shared with its page: plain JS.
import { dataRequests } from '../../e2e/reference-app/frontend-requests.js'
import { type RunningReferenceApp, startReferenceApp } from './support/reference-app.ts'

interface Served {
  readonly request: string
  readonly outcome: string
}

/** Sends every request of the data pages for each PDL, as the browser would on `today`. */
async function sendPageRequests(app: RunningReferenceApp, demo: DemoAccount, today: string) {
  const served: Served[] = []
  for (const pdl of demo.pdls) {
    const meter = {
      usage_point_id: pdl.usagePointId,
      has_consumption: pdl.hasConsumption,
      has_production: pdl.hasProduction,
    }
    for (const request of dataRequests(meter, new Date(`${today}T12:00:00`))) {
      const response = await fetch(`${app.url}${request.path}`, {
        headers: { Authorization: `Bearer ${demo.jwt}` },
      })
      const body = (await response.json()) as { success: boolean; error: { code: string } | null }
      served.push({
        request: `${request.kind} ${request.start}..${request.end}`,
        outcome: body.success && !body.error ? 'cache' : (body.error?.code ?? `${response.status}`),
      })
    }
  }
  return served
}

// Dates in the past, so that the app's clock (REFERENCE_TODAY here) can be set to them: a leap
// day inside the window, the last day of February in a leap year, and a window without a leap
// day, where the app reads the consumption range key instead of the days.
describe.each([
  { referenceDate: '2025-03-01', days: undefined },
  { referenceDate: '2024-03-01', days: undefined },
  { referenceDate: '2023-06-01', days: undefined },
  { referenceDate: '2026-01-15', days: 400 },
])('the data pages on $referenceDate with days = $days', ({ referenceDate, days }) => {
  let demo: DemoAccount
  let app: RunningReferenceApp

  beforeAll(async () => {
    demo = await withDemoAccount({ referenceDate, days, email: 'pages@example.com' })
    app = await startReferenceApp({ ...demo.env }, referenceDate)
  })

  afterAll(async () => {
    await app?.stop()
    await demo?.stop()
  })

  it('are served from the seeded cache, with no request left for Enedis', async () => {
    const served = await sendPageRequests(app, demo, referenceDate)
    // 5 unified and 6 chunked requests for the home, 5 + 9 for the one with production.
    expect(served).toHaveLength(9 + 14)
    const missed = served.filter((s) => s.outcome !== 'cache')
    if (days === undefined) {
      expect(missed).toEqual([])
    } else {
      // Fewer days than the frontend asks for: every range key (max power, daily production) is
      // there, and only the per-day reads miss the days before the seeded ones (the app asks
      // Enedis for them).
      expect(missed.length).toBeGreaterThan(0)
      for (const { request, outcome } of missed) {
        expect([request.split(' ')[0], outcome]).toEqual([
          expect.stringMatching(/^consumption\/daily$|\/detail\/batch$/),
          'PARTIAL_DATA',
        ])
      }
    }
  })
})
