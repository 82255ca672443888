import { Redis } from 'ioredis'
import { DemoAccountError, describeError } from '../errors.ts'
import { StoreFault } from '../stores/store-fault.ts'
import { storeTimeoutMs, withTimeout } from '../stores/store-timeouts.ts'
import { redactUrl } from '../stores/store-url.ts'
import { type RedisTarget, redisTarget } from './redis-target.ts'

const OUT_OF_RANGE = /DB index is out of range/i

/** INVALID_OPTION for a database the server does not have, saying how many it has. */
async function databaseOutOfRange(
  client: Redis,
  url: string,
  db: number,
): Promise<DemoAccountError> {
  const reply = await client.config('GET', 'databases').catch(() => [])
  const count = Number((reply as string[])[1])
  const has = Number.isInteger(count)
    ? `has ${count} databases (0 to ${count - 1})`
    : 'has fewer databases'
  return new DemoAccountError(
    'INVALID_OPTION',
    `The Redis URL ${redactUrl(url)} selects database ${db}, but that server ${has}. ` +
      `Nothing was written. Use a database the server has, or start it with \`redis-server --databases ${db + 1}\` or more.`,
  )
}

/**
 * A connected client on the database the URL names, or a DemoAccountError: STORE_UNREACHABLE
 * when the server does not answer (in time), INVALID_OPTION when it has no such database.
 * ioredis itself only reports a failed SELECT as an 'error' event and goes on in database 0, so
 * the client connects to database 0 and selects the URL's database itself, checking the reply.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const target: RedisTarget = redisTarget(url)
  const timeoutMs = storeTimeoutMs()
  const client = new Redis({
    ...target.options,
    db: 0,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: true,
  })
  client.on('error', () => {
    // Reported through the command or connect() that failed.
  })
  try {
    // connectTimeout covers the TCP connection only: a paused server accepts it and never answers.
    await withTimeout(
      client.connect(),
      timeoutMs,
      () => new StoreFault('Redis', 'timeout', `no answer within ${timeoutMs / 1000} s`),
    )
    if (target.db !== 0) {
      try {
        await client.select(target.db)
      } catch (error) {
        if (OUT_OF_RANGE.test(describeError(error)))
          throw await databaseOutOfRange(client, url, target.db)
        throw error
      }
    }
    return client
  } catch (error) {
    client.disconnect()
    if (error instanceof DemoAccountError) throw error
    throw new DemoAccountError(
      'STORE_UNREACHABLE',
      `Cannot connect to Redis at ${redactUrl(url)}: ${describeError(error)}. Check that the server runs (and is not paused), the host and port, and the password.`,
      { cause: error },
    )
  }
}
