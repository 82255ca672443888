import { describe, expect, it } from 'vitest'
import { chooseAppContract } from './choose-app-contract.ts'
import { appContractFor, appContractForHead, KNOWN_RELEASES } from './releases.ts'

/** Every release tag of the app from 1.0.0 to 1.22.0 (`git tag`, without -dev and helm tags). */
const APP_TAGS = `
  1.0.0 1.1.0 1.2.0 1.3.0 1.4.0 1.4.1 1.5.0 1.6.0 1.7.0 1.8.0 1.9.0 1.9.1 1.10.0 1.11.0 1.12.0
  1.13.0 1.14.0 1.15.0 1.16.0 1.17.0 1.18.0 1.18.1 1.18.2 1.18.3 1.18.4 1.19.0 1.20.0 1.21.0 1.22.0
`
  .trim()
  .split(/\s+/)

/** The alembic head of each range of tags, computed from each tag's migrations (issue 10 research). */
function expectedHead(tag: string): string {
  const [, minor] = tag.split('.').map(Number)
  if (minor! <= 3) return '006'
  if (minor! <= 8) return '007'
  return minor! <= 20 ? 'a1b2c3d4e5f6' : 'b2c3d4e5f6g7'
}

describe('the release registry', () => {
  it('knows exactly the app releases 1.0.0 to 1.22.0, oldest first', () => {
    expect(KNOWN_RELEASES).toEqual(APP_TAGS)
  })

  it.each(APP_TAGS)('maps server-mode %s to one family with the head of its migrations', (tag) => {
    const contract = appContractFor(tag)
    expect(contract?.mode).toBe('server')
    expect(contract?.alembicHead).toBe(expectedHead(tag))
    expect(contract?.releases).toContain(tag)
  })

  it('maps client mode of 1.9.1 to 1.22.0 to one family, and nothing before', () => {
    for (const tag of APP_TAGS) {
      const contract = appContractFor(tag, { mode: 'client' })
      const minor = Number(tag.split('.')[1])
      if (minor < 9 || tag === '1.9.0') expect(contract, tag).toBeUndefined()
      else
        expect([contract?.mode, contract?.alembicHead], tag).toEqual(['client', expectedHead(tag)])
    }
  })

  it('keeps the browser auth of each family: localStorage to 1.4.0, the cookie from 1.4.1, none in client mode', () => {
    const jwt = 'header.payload.signature'
    const state = (tag: string, mode: 'server' | 'client' = 'server') =>
      appContractFor(tag, { mode })!.browserState(jwt, 'http://localhost:5173')
    for (const tag of ['1.0.0', '1.3.0', '1.4.0']) {
      expect(state(tag).cookies).toEqual([])
      expect(state(tag).origins[0]?.localStorage).toContainEqual({
        name: 'access_token',
        value: jwt,
      })
    }
    for (const tag of ['1.4.1', '1.8.0', '1.9.0', '1.22.0']) {
      expect(state(tag).cookies.map((c) => [c.name, c.value, c.httpOnly])).toEqual([
        ['access_token', jwt, true],
      ])
      expect(state(tag).origins[0]?.localStorage.map((e) => e.name)).not.toContain('access_token')
    }
    expect(state('1.22.0', 'client')).toEqual({ cookies: [], origins: [] })
    expect(appContractFor('1.22.0', { mode: 'client' })?.loginForm).toBeUndefined()
  })

  it('gives the backend SERVER_MODE from 1.9.0 on: true for server mode, false for client mode', () => {
    const stores = {
      postgresUrl: 'postgres://u:p@localhost:5432/db',
      redisUrl: 'redis://localhost:6379/0',
    }
    const env = (tag: string, mode: 'server' | 'client' = 'server') =>
      appContractFor(tag, { mode })!.backendEnv(stores, 'k')
    expect(env('1.8.0')).not.toHaveProperty('SERVER_MODE')
    expect(env('1.9.0').SERVER_MODE).toBe('true')
    expect(env('1.22.0').SERVER_MODE).toBe('true')
    expect(env('1.22.0', 'client').SERVER_MODE).toBe('false')
    expect(env('1.22.0').DATABASE_URL).toBe('postgresql+asyncpg://u:p@localhost:5432/db')
  })

  it('checks weak secret keys only where the app refuses them (1.4.1 on, client mode included)', () => {
    expect(appContractFor('1.3.0')?.weakSecretKeyWord('my-test-key')).toBeUndefined()
    expect(appContractFor('1.4.0')?.weakSecretKeyWord('my-test-key')).toBeUndefined()
    expect(appContractFor('1.5.0')?.weakSecretKeyWord('my-test-key')).toBe('test')
    expect(appContractFor('1.22.0', { mode: 'client' })?.weakSecretKeyWord('my-test-key')).toBe(
      'test',
    )
  })

  it("offers 1.5.0's schema stamped 007 for 1.9+ server mode when the app migrates", () => {
    expect(appContractFor('1.22.0', { schema: 'app-migrates' })?.alembicHead).toBe('007')
    expect(
      appContractFor('1.22.0', { schema: 'app-migrates' })?.backendEnv(
        { postgresUrl: 'postgres://localhost/db', redisUrl: 'redis://localhost' },
        'k',
      ).SERVER_MODE,
    ).toBe('true')
    expect(appContractFor('1.5.0', { schema: 'app-migrates' })?.alembicHead).toBe('007')
    expect(appContractFor('1.22.0', { mode: 'client', schema: 'app-migrates' })).toBeUndefined()
  })

  it('finds the family of an existing database from its alembic head, and none for an unknown head', () => {
    expect(appContractForHead('006')?.family).toBe('1.0')
    expect(appContractForHead('007')?.family).toBe('1.5')
    expect(appContractForHead('a1b2c3d4e5f6')?.family).toBe('1.9-server')
    expect(appContractForHead('b2c3d4e5f6g7', 'client')?.family).toBe('1.21-client')
    expect(appContractForHead('007', 'client')).toBeUndefined()
    expect(appContractForHead('ed8dbde4cf0a')).toBeUndefined()
  })

  it('is undefined for a release it does not know', () => {
    expect(appContractFor('0.9.0')).toBeUndefined()
    expect(appContractFor('1.23.0')).toBeUndefined()
    expect(appContractFor('1.9.0-dev.1')).toBeUndefined()
  })
})

describe('chooseAppContract', () => {
  it('says what is wrong in option terms', () => {
    expect(chooseAppContract('1.23.0').problem).toMatch(
      /`appVersion` must be a release of MyElectricalData from 1.0.0 to 1.22.0/,
    )
    expect(chooseAppContract('1.9.0', 'client').problem).toMatch(
      /needs `appVersion` 1.9.1 or later.*cannot read its own local tables/,
    )
    expect(chooseAppContract('1.5.0', 'client').problem).toMatch(
      /releases before 1.9.0 have no client mode/,
    )
    expect(chooseAppContract('1.22.0', 'client', 'app-migrates').problem).toMatch(/for server mode/)
    expect(chooseAppContract('1.22.0', 'client').contract?.family).toBe('1.21-client')
  })
})
