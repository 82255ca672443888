/** Variables the child Vitest must not inherit: this run's own, and the library's overrides. */
const DROPPED = [
  /^VITEST/,
  /^MED_DEMO_(DEBUG|DATABASE_URL|REDIS_URL|ALLOW_HOSTS)$/,
  /^FORCE_COLOR$/,
  /^TEST$/,
]

/**
 * The environment of a child Vitest: this process's, without the variables above, with colours
 * off (plain text to assert on), plus `extra` (an undefined value removes a variable).
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' }
  for (const [name, value] of Object.entries(process.env)) {
    if (!DROPPED.some((pattern) => pattern.test(name))) env[name] = value
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}
