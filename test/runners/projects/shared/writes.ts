import type { VitestDemoAccount } from '@myelectricaldata/demo-account/vitest'
import { inject } from 'vitest'
import { emails, query, withRedis } from './stores.ts'

export const CHANGED_EMAIL = 'changed@example.com'

/** Changes the user's email and adds a Redis key. */
export async function writeBoth(demoAccount: VitestDemoAccount): Promise<void> {
  await query(demoAccount.postgres.url, 'UPDATE users SET email = $1', [CHANGED_EMAIL])
  await withRedis(demoAccount.redis.url, (redis) => redis.set('runner:written', 'yes'))
}

/** What the writes touch: the emails, the added key, and how many keys the Redis database has. */
export async function readBoth(demoAccount: VitestDemoAccount) {
  return {
    emails: await emails(demoAccount.postgres.url),
    written: await withRedis(demoAccount.redis.url, (redis) => redis.get('runner:written')),
    keys: await withRedis(demoAccount.redis.url, (redis) => redis.dbsize()),
  }
}

/** `readBoth` of the seeded state: the template's keys, as the global setup seeded them. */
export async function seededState(demoAccount: VitestDemoAccount) {
  const template = inject('demoAccount')
  if (!template) throw new Error('this project runs with the global setup')
  return {
    emails: [demoAccount.email],
    written: null,
    keys: await withRedis(template.redisUrl, (redis) => redis.dbsize()),
  }
}
