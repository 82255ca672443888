import { afterEach, describe, expect, it } from 'vitest'
import { assertLocalStore, rememberStartedStore } from './local-store-guard.ts'

afterEach(() => {
  delete process.env.MED_DEMO_ALLOW_HOSTS
  delete process.env.PGHOST
})

describe('assertLocalStore', () => {
  it('accepts loopback hosts and unix sockets', () => {
    for (const url of [
      'postgres://u:p@localhost:5432/db',
      'postgres://u:p@127.0.0.42:5432/db',
      'postgres://u:p@[::1]:5432/db',
      'postgres://u@/db?host=/var/run/postgresql',
      'postgres://u@%2Ftmp/db',
    ]) {
      expect(() => assertLocalStore(url, 'Postgres', false), url).not.toThrow()
    }
    for (const url of [
      'redis://localhost:6379/0',
      'redis://[::1]:6379/0',
      'unix:///tmp/redis.sock',
      'redis+unix:///tmp/redis.sock?db=2',
    ]) {
      expect(() => assertLocalStore(url, 'Redis', false), url).not.toThrow()
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

describe('assertLocalStore judges the address the driver will use', () => {
  // Each URL looks local (or like a socket) to a reader of its host part, and is not to pg.
  it.each([
    ['?host= overrides the URL host', 'postgres://u@127.0.0.1:5432/db?host=10.0.0.1'],
    ['?host= with no URL host', 'postgres://u@/db?host=10.0.0.1'],
    ['the app form with ?host=', 'postgresql+asyncpg://u@localhost/db?host=10.0.0.1'],
    ['a socket marker inside another parameter', 'postgres://u@10.0.0.1/db?options=x?host=/tmp'],
    ['a socket marker in the fragment', 'postgres://u@10.0.0.1:5432/db#?host=/tmp'],
    ['an encoded socket marker in the fragment', 'postgres://u@10.0.0.1/db#&host=%2Ftmp'],
  ])('Postgres: %s', (_, url) => {
    expect(() => assertLocalStore(url, 'Postgres', false)).toThrow(
      /"10\.0\.0\.1" is not a local host/,
    )
  })

  it('Postgres: PGHOST, which pg uses when the URL names no host', () => {
    process.env.PGHOST = '10.0.0.1'
    expect(() => assertLocalStore('postgres://u@/db', 'Postgres', false)).toThrow(
      /"10\.0\.0\.1" is not a local host/,
    )
  })

  it('Postgres: a ?host= socket directory that pg does use is local', () => {
    expect(() =>
      assertLocalStore('postgres://u@10.0.0.1/db?host=/tmp', 'Postgres', false),
    ).not.toThrow()
  })

  it.each([
    ['?host= with no URL host', 'redis:///0?host=10.0.0.1'],
    ['?host= and nothing else', 'redis://?host=10.0.0.1'],
    ['a ?host= socket marker that ioredis ignores', 'redis://10.0.0.1:6379/0?host=/tmp'],
    ['a ?path= in the fragment', 'redis://10.0.0.1:6379/0#?path=/tmp/redis.sock'],
    ['a ?path= inside another parameter', 'redis://10.0.0.1:6379/0?name=x?path=/tmp/r.sock'],
  ])('Redis: %s', (_, url) => {
    expect(() => assertLocalStore(url, 'Redis', false)).toThrow(/"10\.0\.0\.1" is not a local host/)
  })

  it('Redis: what ioredis does use is judged: ?path= is a socket, ?host= beside a host is ignored', () => {
    expect(() =>
      assertLocalStore('redis://10.0.0.1:6379/0?path=/tmp/redis.sock', 'Redis', false),
    ).not.toThrow()
    expect(() =>
      assertLocalStore('redis://localhost:6379/0?host=10.0.0.1', 'Redis', false),
    ).not.toThrow()
  })
})
