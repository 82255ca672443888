// Run as a child process by sigkill-reaped.test.ts: starts a demo account in containers, says
// where its stores are, and waits to be killed.
import { withDemoAccount } from '../../../../src/index.ts'

const demo = await withDemoAccount({ referenceDate: '2026-06-15', days: 5, bcryptRounds: 4 })
process.stdout.write(`${JSON.stringify({ postgres: demo.postgres.url, redis: demo.redis.url })}\n`)
setInterval(() => {}, 60_000)
