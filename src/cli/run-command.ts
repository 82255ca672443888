import { spawn } from 'node:child_process'
import { type Interruption, signalExitCode } from './interruption.ts'
import { progress } from './progress.ts'
import type { Leftovers } from './up-leftovers.ts'

/**
 * Runs the command with the environment; the first signal this process gets is passed on to it
 * (when Ctrl-C reaches the whole process group, the command gets SIGINT twice).
 */
export function runCommand(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  interruption: Interruption,
  leftovers: Leftovers,
): Promise<number> {
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env })
  leftovers.child = child
  leftovers.waitingFor = `waiting for ${command[0]} to exit`
  void interruption.requested.then((signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  })
  return new Promise((resolve) => {
    child.once('error', (error) => {
      progress(`✖ Could not run ${command[0]}: ${error.message}`)
      resolve(127)
    })
    child.once('exit', (code, signal) => {
      leftovers.child = undefined
      resolve(code ?? (signal ? signalExitCode(signal) : 1))
    })
  })
}
