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

/** This process's environment without the store URLs, for commands that must be told them. */
export function withoutStoreUrls(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.MED_DEMO_DATABASE_URL
  delete env.MED_DEMO_REDIS_URL
  return env
}
