import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const image = process.env.MED_DEMO_REDIS_IMAGE ?? 'redis:7-alpine'

/**
 * What the official `redis` and `valkey/valkey` images do with a command that is only flags: they
 * put their own server in front, and run it as an unprivileged user. CI's stand-in must too, so
 * that the library can pass flags only and stay correct on both images.
 */
describe('the Redis image, given a command that is only flags', () => {
  let container: StartedRedisContainer

  beforeAll(async () => {
    container = await new RedisContainer(image)
      .withCommand(['--databases', '32', '--save', ''])
      .start()
  })

  afterAll(async () => {
    await container?.stop()
  })

  it('starts its server with those flags', async () => {
    const redis = new Redis(container.getConnectionUrl())
    try {
      expect(await redis.config('GET', 'databases')).toEqual(['databases', '32'])
    } finally {
      redis.disconnect()
    }
  })

  it('runs the server as a user other than root', async () => {
    const owner = await container.exec(['stat', '-c', '%u', '/proc/1'])
    expect(owner.exitCode).toBe(0)
    expect(owner.output.trim()).toMatch(/^[1-9]\d*$/)
  })
})
