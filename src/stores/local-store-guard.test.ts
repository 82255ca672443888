import { afterEach, describe, expect, it } from 'vitest'
import { assertLocalStore, rememberStartedStore } from './local-store-guard.ts'

afterEach(() => {
  delete process.env.MED_DEMO_ALLOW_HOSTS
})

describe('assertLocalStore', () => {
  it('accepts loopback hosts and unix sockets', () => {
    for (const url of [
      'postgres://u:p@localhost:5432/db',
      'postgres://u:p@127.0.0.42:5432/db',
      'postgres://u:p@[::1]:5432/db',
      'postgres://u@/db?host=/var/run/postgresql',
      'redis://localhost:6379/0',
      'unix:///tmp/redis.sock',
    ]) {
      expect(() => assertLocalStore(url, 'Postgres', false), url).not.toThrow()
    }
  })

  it('refuses another host unless allowed, saying how to allow it', () => {
    expect(() =>
      assertLocalStore('postgres://u:secret@db.example.com:5432/app', 'Postgres', false),
    ).toThrow(
      '[demo-account] Refusing to seed Postgres at postgres://u:***@db.example.com:5432/app: "db.example.com" is not a local host, and this library writes a known password. If this store is disposable, pass `allowRemote: true` (CLI: --allow-remote) or add "db.example.com" to MED_DEMO_ALLOW_HOSTS.',
    )
    expect(() => assertLocalStore('redis://10.0.0.5:6379', 'Redis', true)).not.toThrow()
    process.env.MED_DEMO_ALLOW_HOSTS = 'ci-redis, db.example.com'
    expect(() =>
      assertLocalStore('postgres://u:p@db.example.com:5432/app', 'Postgres', false),
    ).not.toThrow()
  })

  it('accepts a container this library started, at its address only', () => {
    rememberStartedStore('172.17.0.1', 32768)
    expect(() => assertLocalStore('redis://172.17.0.1:32768', 'Redis', false)).not.toThrow()
    expect(() => assertLocalStore('redis://172.17.0.1:6379', 'Redis', false)).toThrow(
      /not a local host/,
    )
  })
})
