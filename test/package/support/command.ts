import { spawn } from 'node:child_process'
import { childEnv } from '../../runners/support/child-env.ts'

/** Below the package project's test timeout, so that a stuck command is stopped, not orphaned. */
const TIMEOUT_MS = 300_000

export interface CommandResult {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
}

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
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: childEnv(env), stdio: 'pipe', timeout: TIMEOUT_MS })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
  })
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
