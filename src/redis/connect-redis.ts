import { Redis } from 'ioredis'
import { DemoAccountError, describeError } from '../errors.ts'
import { redactUrl, toRedisUrl } from '../stores/store-url.ts'

/** A connected client, or a STORE_UNREACHABLE error that says what to check. */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(toRedisUrl(url), {
    lazyConnect: true,
    connectTimeout: 15_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: true,
  })
  client.on('error', () => {
    // Reported through the command or connect() that failed.
  })
  try {
    await client.connect()
    return client
  } catch (error) {
    client.disconnect()
    throw new DemoAccountError(
      'STORE_UNREACHABLE',
      `Cannot connect to Redis at ${redactUrl(url)}: ${describeError(error)}. Check that the server runs, the host and port, and the password.`,
      { cause: error },
    )
  }
}
