import { fileURLToPath } from 'node:url'
import { spawnCollect } from '../../support/spawn-collect.ts'

export const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `med-demo` from the sources with the Node running the tests. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> {
  return spawnCollect(process.execPath, ['--', CLI, ...args], { env }).then(
    ({ exitCode, stdout, stderr }) => ({
      code: exitCode,
      stdout,
      stderr,
    }),
  )
}
