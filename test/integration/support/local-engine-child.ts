// Run as a child process by local-engine.test.ts: starts a demo account with the options of its
// first argument (JSON), prints one line of JSON saying where its stores are, then either stops
// it and exits ("stop") or waits to be killed ("hold").
import { withDemoAccount } from '../../../src/index.ts'

const [optionsJson = '{}', mode = 'stop'] = process.argv.slice(2)
const demo = await withDemoAccount({
  referenceDate: '2026-06-15',
  days: 5,
  bcryptRounds: 4,
  ...JSON.parse(optionsJson),
})
process.stdout.write(`${JSON.stringify({ postgres: demo.postgres.url, redis: demo.redis.url })}\n`)
if (mode === 'stop') await demo.stop()
else setInterval(() => {}, 60_000)
