import { childEnv } from '../../runners/support/child-env.ts'
import { spawnCollect } from '../../support/spawn-collect.ts'

/** Below the package project's test timeout, so that a stuck command is stopped, not orphaned. */
const TIMEOUT_MS = 300_000

export type { SpawnResult as CommandResult } from '../../support/spawn-collect.ts'

import type { SpawnResult as CommandResult } from '../../support/spawn-collect.ts'

/**
 * Runs a command (`npm`, `npx`, `node`) in a directory, with this run's Vitest variables and the
 * library's debug and store overrides removed from the environment.
 */
export function command(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<CommandResult> {
  return spawnCollect(file, args, { cwd, env: childEnv(env), timeoutMs: TIMEOUT_MS })
}

/** Like {@link command}, but a non-zero exit throws, with the output. */
export async function mustRun(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<CommandResult> {
  const result = await command(file, args, cwd, env)
  if (result.exitCode !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} exited with ${result.exitCode} in ${cwd}\n${result.stdout}\n${result.stderr}`,
    )
  }
  return result
}
