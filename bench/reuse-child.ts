/**
 * One `withDemoAccount()` in a fresh process, as a developer's re-run of a test file pays it:
 * options as JSON in argv[2]; prints the call's time (imports not counted), the same with
 * `demo.readings` read, and its phases.
 */
import { startDemoAccount } from '../src/seed/start-demo-account.ts'

const options = JSON.parse(process.argv[2] ?? '{}')
const phases: string[] = []
const started = performance.now()
const demo = await startDemoAccount(options, { onPhase: (phase) => phases.push(phase) })
const ms = performance.now() - started
// A warm start makes the readings on first use: what a test that reads them pays on top.
const days = demo.readings.length
const withReadingsMs = performance.now() - started
await demo.stop()
console.log(JSON.stringify({ ms, withReadingsMs, days, phases }))
