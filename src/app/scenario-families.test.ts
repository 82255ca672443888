import { describe, expect, it } from 'vitest'
import { dataWindow } from '../model/data-window.ts'
import { gapDays, SCENARIOS } from '../model/scenario.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import { jsonString } from './json-text.ts'
import { appContractFor, KNOWN_RELEASES } from './releases.ts'

// Scenario rules per family of releases (the app's answers: docs/app-contract/account-scenarios.md).
describe('account scenarios in each family', () => {
  it('answers a missing Enedis token with ACCESS_DENIED up to 1.8.0, ENEDIS_UNAVAILABLE from 1.9.0', () => {
    for (const tag of KNOWN_RELEASES) {
      const minor = Number(tag.split('.')[1])
      const expected = minor <= 8 ? 'ACCESS_DENIED' : 'ENEDIS_UNAVAILABLE'
      expect([tag, appContractFor(tag)!.enedisUnavailableCode]).toEqual([tag, expected])
      const migrating = appContractFor(tag, { schema: 'app-migrates' })!
      expect(migrating.enedisUnavailableCode).toBe(expected)
    }
  })

  it('seeds every scenario in server mode and none in client mode', () => {
    for (const tag of KNOWN_RELEASES) {
      expect(appContractFor(tag)!.supportedScenarios).toEqual(SCENARIOS)
      const client = appContractFor(tag, { mode: 'client' })
      if (client) {
        expect(client.supportedScenarios).toEqual([])
        expect(client.scenarioKeys('u', ['rate-limited'], Date.now())).toEqual([])
      }
    }
  })

  it.each(['1.0.0', '1.5.0', '1.22.0'])(
    'in %s, leaves the gap days out of the per-day cache and keeps the range entries whole',
    (tag) => {
      const app = appContractFor(tag)!
      const window = dataWindow('2026-06-01', 800)
      const meters = [
        {
          usagePointId: '98765432109876',
          profile: 'solar-home' as const,
          subscribedPower: 9,
          hasConsumption: true,
          hasProduction: true,
          offpeakHours: ['22:00-06:00'],
        },
      ]
      const readings = generateReadings({ seed: 'g', ...window, meters })
      const days = gapDays('g', meters[0]!.usagePointId, window)
      const gaps = [{ usagePointId: meters[0]!.usagePointId, days }]
      const whole = app.cacheEntries(readings, window).map((entry) => entry.key)
      const holed = app.cacheEntries(readings, window, gaps)
      const left = new Set(holed.map((entry) => entry.key))
      const dropped = whole.filter((key) => !left.has(key))
      expect(dropped.sort()).toEqual(
        days
          .flatMap((day) => [
            `consumption:daily:98765432109876:${day}`,
            `consumption:detail:daily:98765432109876:${day}`,
            `production:detail:daily:98765432109876:${day}`,
          ])
          .sort(),
      )
      // A range entry still lists a gap day: the app caches whole responses.
      const power = holed.find((entry) => entry.key.includes(':power:'))!
      expect(jsonString(power.json)).toContain(`"${days[0]}`)
    },
  )
})
