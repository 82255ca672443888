import { execFile } from 'node:child_process'
import { type RunAs, spawnIdentity } from './run-as.ts'

/** Runs a program to its end as `runAs` (or this user); rejects with its output when it fails. */
export function runFile(
  file: string,
  args: readonly string[],
  runAs: RunAs | undefined,
  input?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { ...spawnIdentity(runAs), encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`))
        else resolve(stdout)
      },
    )
    // A program that exits (or closes its input) before reading it must not crash this process
    // with EPIPE: its exit status says how it went.
    child.stdin?.on('error', () => {})
    if (input === undefined) child.stdin?.destroy()
    else child.stdin?.end(input)
  })
}
