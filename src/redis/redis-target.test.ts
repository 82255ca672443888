import { describe, expect, it } from 'vitest'
import { redisTarget } from './redis-target.ts'

describe('redisTarget', () => {
  it('reads the URL as ioredis does: host, port, socket path, database', () => {
    expect(redisTarget('redis://localhost:6380/3')).toMatchObject({
      host: 'localhost',
      port: 6380,
      path: undefined,
      db: 3,
    })
    expect(redisTarget('redis://?host=10.0.0.1&db=2')).toMatchObject({ host: '10.0.0.1', db: 2 })
    expect(redisTarget('unix:///tmp/redis.sock?db=4')).toMatchObject({ db: 4 })
    expect(redisTarget('unix:///tmp/redis.sock').path).toMatch(/\/tmp\/redis\.sock$/)
  })

  it.each([
    ['redis://localhost:6379/abc', 'abc'],
    ['redis://localhost:6379/2x', '2x'],
    ['redis://localhost:6379?db=-1', '-1'],
    ['unix:///tmp/redis.sock?db=one', 'one'],
  ])('refuses %s with INVALID_OPTION before any connection', (url, written) => {
    expect(() => redisTarget(url)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: expect.stringContaining(`selects the database "${written}"`),
      }),
    )
  })
})
