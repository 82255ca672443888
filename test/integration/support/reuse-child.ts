/**
 * A process that starts a demo account with `reuse` (options as JSON in argv[2]) and prints what
 * it got as one JSON line: the phases it went through, the stores, the account's ids. With
 * `--hold`, it keeps the account (and so its lease on the reused stores) until stdin closes.
 */
import { createHash } from 'node:crypto'
import { resolveDemoAccountOptions } from '../../../src/options/resolve-options.ts'
import { reuseSetupKey } from '../../../src/reuse/reuse-fingerprint.ts'
import { startDemoAccount } from '../../../src/seed/start-demo-account.ts'

const options = JSON.parse(process.argv[2] ?? '{}')
const phases: string[] = []
const demo = await startDemoAccount(options, { onPhase: (phase) => phases.push(phase) })
const key = reuseSetupKey(resolveDemoAccountOptions(options), {
  kind: 'account',
  redisDatabases: 16,
})
console.log(
  JSON.stringify({
    phases,
    key,
    postgresUrl: demo.postgres.url,
    redisUrl: demo.redis.url,
    userId: demo.user.id,
    clientSecret: demo.clientSecret,
    jwt: demo.jwt,
    secretKey: demo.secretKey,
    dailyDays: demo.readings[0]?.consumption?.daily.length,
    readings: createHash('sha256').update(JSON.stringify(demo.readings)).digest('hex'),
  }),
)
if (process.argv.includes('--hold')) {
  process.stdin.resume()
  await new Promise((resolve) => process.stdin.on('end', resolve))
}
await demo.stop()
