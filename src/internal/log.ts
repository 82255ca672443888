import { ENV, readEnv } from './environment.ts'

/**
 * Progress messages, off by default and on with `MED_DEMO_DEBUG=1`. (Not `DEBUG`: the app's
 * backend reads `DEBUG` as a boolean and refuses to start when it inherits a pattern.) Messages
 * never contain secrets.
 */
export function debug(message: string): void {
  const flag = readEnv(ENV.debug)
  if (flag === undefined || flag === '0' || flag === 'false') return
  process.stderr.write(`[demo-account] ${message}\n`)
}
