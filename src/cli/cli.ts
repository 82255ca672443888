import { DemoAccountError } from '../errors.ts'
import { libraryVersion } from '../internal/library-version.ts'
import { UsageError } from './cli-error.ts'
import { inCliTerms } from './cli-terms.ts'

const HELP = `Usage: med-demo <command> [options]

A seeded MyElectricalData demo environment (releases 1.0.0-1.22.0, server and client mode) for
people and CI.

Commands:
  up        start Postgres and Redis, seed the demo account, stay up until Ctrl-C
  serve     serve accounts on demand over HTTP from existing stores (add, reset, remove)
  down      stop the up or serve of a state file (or remove the file a killed one left), and
            remove the stores kept for reuse (up --reuse, MED_DEMO_REUSE=1)
  seed      seed the demo account (or another: --index, --pdl) into existing stores
  reset     put an account of existing stores back to its seeded state
  remove    remove an account and everything of it from existing stores
  preview   render the generated readings as an SVG chart

Run med-demo <command> --help for its options. MED_DEMO_DEBUG=1 shows progress details.`

type Command = (argv: readonly string[]) => Promise<number>

/** Loaded on demand: `up` need not load the chart renderer, nor `preview` the container stack. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  up: async () => (await import('./commands/up.ts')).up,
  seed: async () => (await import('./commands/seed.ts')).seed,
  serve: async () => (await import('./commands/serve.ts')).serve,
  down: async () => (await import('./commands/down.ts')).down,
  reset: async () => (await import('./commands/reset.ts')).reset,
  remove: async () => (await import('./commands/remove.ts')).remove,
  preview: async () => (await import('./commands/preview.ts')).preview,
}

function isParseArgsError(error: unknown): error is Error {
  return (
    error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
  )
}

/** Runs one `med-demo` command and returns the process's exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP)
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    console.log(libraryVersion())
    return 0
  }
  const load = COMMANDS[name]
  if (!load) {
    console.error(
      `med-demo: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.`,
    )
    return 2
  }
  try {
    const command = await load()
    return await command(rest)
  } catch (error) {
    // Refused input, whatever noticed it: exit 2 with the help hint, in the words of the flags.
    if (
      error instanceof UsageError ||
      isParseArgsError(error) ||
      (error instanceof DemoAccountError && error.code === 'INVALID_OPTION')
    ) {
      console.error(
        `med-demo ${name}: ${inCliTerms(error.message)} (INVALID_OPTION)\nRun med-demo ${name} --help for its options.`,
      )
      return 2
    }
    if (error instanceof DemoAccountError) {
      console.error(`✖ ${inCliTerms(error.message)} (${error.code})`)
      return 1
    }
    throw error
  }
}
