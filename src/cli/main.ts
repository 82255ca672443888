#!/usr/bin/env -S node --
// The `med-demo` entry: checks the Node version before anything that loads undici (through
// testcontainers) is imported, so that an old Node gets a message instead of undici's TypeError.
// The shebang passes `--` to node: without it, node reads `--env-file PATH` among the script's
// own arguments as its own option and fails (nodejs/node behaviour up to at least 24).
import { unsupportedNodeMessage } from '../internal/node-version.ts'

const problem = unsupportedNodeMessage(process.versions.node)
if (problem) {
  console.error(`✖ ${problem} (UNSUPPORTED_NODE)`)
  process.exitCode = 1
} else {
  const { runCli } = await import('./cli.ts')
  process.exitCode = await runCli(process.argv.slice(2))
}
