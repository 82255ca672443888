import { DemoAccountError } from '../errors.ts'

/** The oldest Node this package runs on: testcontainers' HTTP client (undici) needs it. */
export const MINIMUM_NODE = { major: 22, minor: 22 } as const

/**
 * What is wrong with running on Node `version` (such as `20.20.2`), or undefined when it is
 * supported. Plain code that any Node runs: it is checked before anything that would crash.
 */
export function unsupportedNodeMessage(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  const { major: needMajor, minor: needMinor } = MINIMUM_NODE
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined
  return (
    `@myelectricaldata/demo-account needs Node >= ${needMajor}.${needMinor}, found v${version.replace(/^v/, '')}: ` +
    `its container client (undici, through testcontainers) cannot run on it. Install Node ${needMajor}.${needMinor} or later ` +
    '(for example `nvm install 22`) and run it again.'
  )
}

/** Throws `UNSUPPORTED_NODE` on a Node this package cannot run on. */
export function assertSupportedNode(version: string = process.versions.node): void {
  const problem = unsupportedNodeMessage(version)
  if (problem) throw new DemoAccountError('UNSUPPORTED_NODE', problem)
}
