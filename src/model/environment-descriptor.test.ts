import { describe, expect, it } from 'vitest'
import type { SeededAccount } from '../demo-account.ts'
import { DemoAccountError } from '../errors.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import type { MeterSpec } from '../readings/types.ts'
import { dataWindow } from './data-window.ts'
import type { EnvironmentSettings } from './environment.ts'
import { describeEnvironment, readEnvironmentDescriptor } from './environment-descriptor.ts'

const window = dataWindow('2026-03-01', 30)
const settings: EnvironmentSettings = {
  appVersion: '1.5.0',
  appMode: 'server',
  appSchema: 'head',
  seed: 'descriptor',
  window,
  secretKey: 'k'.repeat(64),
  bcryptRounds: 4,
  cacheTtlSeconds: 0,
}
const meters: MeterSpec[] = [
  {
    usagePointId: '12345678901234',
    profile: 'solar-home',
    subscribedPower: 9,
    hasConsumption: true,
    hasProduction: true,
    offpeakHours: ['22:00-06:00'],
  },
]
const created = new Date('2026-01-30T23:00:00.000Z')
const account: SeededAccount = {
  user: {
    id: 'u-1',
    email: 'a@example.com',
    createdAt: created,
  } as unknown as SeededAccount['user'],
  email: 'a@example.com',
  password: 'pw',
  jwt: 'header.claims.signature',
  clientId: 'cli_x',
  clientSecret: 'secret',
  scenarios: [],
  gaps: [],
  pdls: [
    {
      usagePointId: '12345678901234',
      profile: 'solar-home',
      createdAt: created,
    } as unknown as SeededAccount['pdls'][number],
  ],
  readings: generateReadings({
    seed: 'descriptor',
    firstDate: window.firstDate,
    lastDate: window.lastDate,
    loadCurveFrom: window.loadCurveFrom,
    meters,
  }),
}
const stores = {
  postgresUrl: 'postgres://u:p@localhost:5432/db',
  redisUrl: 'redis://localhost:6379/1',
}

/** What crosses a process boundary: JSON text. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('the environment descriptor', () => {
  it('reads back what it described, through JSON: settings, stores, rows with dates, the same readings', () => {
    const read = readEnvironmentDescriptor(
      throughJson(describeEnvironment(settings, stores, account, meters)),
      'test',
    )
    expect(read.settings).toEqual(settings)
    expect(read.stores).toEqual(stores)
    expect(read.meters).toEqual(meters)
    expect(read.account).toEqual(account)
    expect(read.account.user.createdAt).toBeInstanceOf(Date)
  })

  it('carries the scenarios, the missing days and the verification token, and checks them', () => {
    const withScenarios: SeededAccount = {
      ...account,
      scenarios: ['unverified', 'gaps'],
      gaps: [{ usagePointId: '12345678901234', days: ['2026-02-03', '2026-02-10'] }],
      emailVerificationToken: 't'.repeat(43),
    }
    const described = throughJson(describeEnvironment(settings, stores, withScenarios, meters))
    expect(readEnvironmentDescriptor(described, 'test').account).toEqual(withScenarios)
    const broken = described as { account: Record<string, unknown> }
    broken.account.scenarios = ['gaps', 'locked']
    broken.account.gaps = [{ usagePointId: '12345678901234', days: ['soon'] }]
    expect(() => readEnvironmentDescriptor(broken, 'state.json')).toThrow(
      expect.objectContaining({
        code: 'FIXTURE_MISCONFIGURED',
        problems: [
          '`account.scenarios` has unknown scenarios ["locked"]',
          '`account.gaps[0].days` holds something that is not a YYYY-MM-DD date',
        ],
      }),
    )
  })

  it('reads a description without scenarios as an account in none', () => {
    const described = throughJson(describeEnvironment(settings, stores, account, meters)) as {
      account: Record<string, unknown>
    }
    delete described.account.scenarios
    delete described.account.gaps
    const read = readEnvironmentDescriptor(described, 'test')
    expect([read.account.scenarios, read.account.gaps]).toEqual([[], []])
  })

  it('carries the env a backend needs, and no readings', () => {
    const described = describeEnvironment(settings, stores, account, meters)
    expect(described.env).toEqual({
      DATABASE_URL: 'postgresql+asyncpg://u:p@localhost:5432/db',
      REDIS_URL: stores.redisUrl,
      SECRET_KEY: settings.secretKey,
    })
    expect(JSON.stringify(described)).not.toContain('"wh"')
    expect('readings' in described.account).toBe(false)
  })

  it('refuses another version, naming where it came from and what to do', () => {
    const described = { ...describeEnvironment(settings, stores, account, meters), version: 2 }
    expect(() => readEnvironmentDescriptor(throughJson(described), 'state.json')).toThrow(
      '[demo-account] The demo environment in state.json has version 2, and this library reads version 1: it was written by another version of @myelectricaldata/demo-account. Start the environment again with this one.',
    )
  })

  it('lists every field that is missing or of the wrong type', () => {
    const described = throughJson(describeEnvironment(settings, stores, account, meters)) as {
      settings: Record<string, unknown>
      account: Record<string, unknown>
    }
    delete described.account.jwt
    described.settings.days = 'thirty'
    ;(described as Record<string, unknown>).appMode = 'desktop'
    ;(described as Record<string, unknown>).appSchema = 'latest'
    try {
      readEnvironmentDescriptor(described, 'state.json')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(DemoAccountError)
      expect((error as DemoAccountError).code).toBe('FIXTURE_MISCONFIGURED')
      expect((error as DemoAccountError).problems).toEqual([
        '`appMode` is "desktop", not one of "server", "client"',
        '`appSchema` is "latest", not one of "head", "app-migrates"',
        '`account.jwt` is not a string',
        '`settings.days` is not a whole number',
      ])
    }
  })

  it("reads a client-mode environment back with its mode and client mode's curve days", () => {
    const clientWindow = dataWindow('2026-03-01', 800, '2024-03-01')
    const clientSettings: EnvironmentSettings = {
      ...settings,
      appVersion: '1.22.0',
      appMode: 'client',
      window: clientWindow,
    }
    const readings = generateReadings({
      seed: settings.seed,
      firstDate: clientWindow.firstDate,
      lastDate: clientWindow.lastDate,
      loadCurveFrom: clientWindow.loadCurveFrom,
      meters,
    })
    const described = describeEnvironment(clientSettings, stores, { ...account, readings }, meters)
    expect(described.env).toMatchObject({ SERVER_MODE: 'false' })
    const read = readEnvironmentDescriptor(throughJson(described), 'test')
    expect(read.settings).toEqual(clientSettings)
    expect(read.account.readings).toEqual(readings)
  })
})
