import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { DemoAccount } from '../../demo-account.ts'
import { DemoAccountError, describeError } from '../../errors.ts'
import { ENV, readEnv } from '../../internal/environment.ts'
import type { DemoAccountOptions } from '../../options/demo-account-options.ts'
import { resolveDemoAccountOptions, reusesStores } from '../../options/resolve-options.ts'
import { describeDemoAccount } from '../../seed/assemble-account.ts'
import { startDemoAccount } from '../../seed/start-demo-account.ts'
import { chooseEngine } from '../../stores/choose-engine.ts'
import { ACCOUNT_FLAGS, ACCOUNT_FLAGS_HELP, accountOptionsFromFlags } from '../account-flags.ts'
import { formatAccountSummary } from '../account-report.ts'
import { UsageError } from '../cli-error.ts'
import { writeEnvFile } from '../env-file.ts'
import { isRunnable } from '../find-executable.ts'
import { type Interruption, listenForInterruption } from '../interruption.ts'
import { checkOutputFile } from '../output-file.ts'
import { progress, seconds } from '../progress.ts'
import { newServerToken } from '../request-guard.ts'
import { runCommand } from '../run-command.ts'
import { listenForReport, type ReportServer } from '../serve-report.ts'
import {
  claimStateFile,
  SERVER_TOKEN_VARIABLE,
  SERVER_URL_VARIABLE,
  STATE_FILE_VARIABLE,
  writeStateFile,
} from '../state-file.ts'
import { escalate, type Leftovers, type RunStores } from '../up-leftovers.ts'

export const UP_HELP = `Usage: med-demo up [options] [-- command [args...]]

Starts Postgres and Redis in containers (or uses --database-url / --redis-url), seeds the demo
account, prints its credentials, and stays up until Ctrl-C or SIGTERM; then it removes the
containers it started (also when interrupted while they start) and exits 130 or 143. With a
command after --, it runs that command (your backend, say) once the stores are seeded, with
DATABASE_URL, REDIS_URL and SECRET_KEY in its environment, passes signals on to it, and stops
when the command exits.

Options:
${ACCOUNT_FLAGS_HELP}
  --port N                serve the HTTP API on http://127.0.0.1:N/ (loopback only; bound before
                          seeding, 503 until then): GET / the --json object, POST /accounts,
                          DELETE /accounts/EMAIL, POST /accounts/EMAIL/reset. Every request needs
                          "Authorization: Bearer TOKEN", with the token printed at start
  --state-file PATH       once seeded, write the --json object, this process's pid and the HTTP
                          API's URL and token to PATH (mode 0600, removed on exit). A file left by
                          a run that was killed is removed; one of a run still going is refused
  --reuse                 keep the containers when this run ends, and start from them in a later
                          run with the same flags (nothing to seed when they still hold it);
                          med-demo down removes them (or MED_DEMO_REUSE=1; MED_DEMO_REUSE=NAME
                          keeps a set of that name)
  --engine ENGINE         what starts the stores: container (Docker or Podman), local (Postgres and
                          Redis processes from this machine's binaries), or auto (default, or
                          MED_DEMO_ENGINE: containers when an engine answers, else local)

Examples:
  med-demo up
  med-demo up --json --env-file .env.demo
  med-demo up --port 4510 -- uvicorn src.main:app --port 8000`

export const UP_FLAGS = {
  ...ACCOUNT_FLAGS,
  port: { type: 'string' },
  'state-file': { type: 'string' },
  reuse: { type: 'boolean' },
  engine: { type: 'string' },
} as const

/** Whether this run starts containers: a store given by neither flag nor variable. */
function startsContainers(values: { 'database-url'?: string; 'redis-url'?: string }): boolean {
  return (
    (values['database-url'] === undefined && readEnv(ENV.databaseUrl) === undefined) ||
    (values['redis-url'] === undefined && readEnv(ENV.redisUrl) === undefined)
  )
}

/** Whether MED_DEMO_REUSE names a set to reuse (or says `1`), rather than being unset or off. */
function reuseNamedByEnv(): boolean {
  const value = readEnv(ENV.reuse)
  return value !== undefined && !/^(0|false)$/i.test(value)
}

/** `med-demo up` */
export async function up(argv: readonly string[]): Promise<number> {
  const separator = argv.indexOf('--')
  const flags = separator < 0 ? argv : argv.slice(0, separator)
  const command = separator < 0 ? [] : argv.slice(separator + 1)
  const { values } = parseArgs({
    args: [...flags],
    options: UP_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(UP_HELP)
    return 0
  }
  if (separator >= 0 && command.length === 0) throw new UsageError('nothing to run after --')
  const port = values.port === undefined ? undefined : Number(values.port)
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new UsageError(`--port takes a TCP port from 1 to 65535, got "${values.port}"`)
  }
  // Every input is checked before anything is started or written.
  const options = accountOptionsFromFlags(values)
  // The flag keeps the set MED_DEMO_REUSE names, if it names one, else the default set.
  if (values.reuse && !reuseNamedByEnv()) options.reuse = true
  if (values.engine !== undefined) options.engine = values.engine as DemoAccountOptions['engine']
  const resolved = resolveDemoAccountOptions(options)
  // Reused stores outlive the run: they are not this run's to remove.
  const reusing = reusesStores(resolved)
  for (const flag of ['env-file', 'state-file'] as const) {
    const path = values[flag]
    if (path !== undefined) await checkOutputFile(path, `--${flag}`)
  }
  if (values['state-file'] !== undefined) await claimStateFile(values['state-file'], '--state-file')
  if (command.length > 0 && !(await isRunnable(command[0]!))) {
    throw new DemoAccountError(
      'INVALID_OPTION',
      `the command after -- ("${command[0]}") is neither an executable file nor on PATH.`,
    )
  }
  // The engine is decided now ('auto' looks for a container engine, else takes the local one), so
  // that what up says it starts and stops is what it starts and stops.
  if (startsContainers(values) && resolved.engine === 'auto') {
    options.engine = (await chooseEngine('auto')).engine
  }
  const engine = options.engine ?? resolved.engine
  const stores: RunStores =
    reusing && engine !== 'local'
      ? 'reused'
      : !startsContainers(values)
        ? 'given'
        : engine === 'local'
          ? 'local servers'
          : 'containers'
  const interruption = listenForInterruption()
  const leftovers: Leftovers = { stores, files: [], waitingFor: 'stopping' }
  escalate(interruption, leftovers)
  let server: ReportServer | undefined
  let demo: DemoAccount | undefined
  try {
    // Bound before seeding: a port in use is refused before the stores are touched.
    if (port !== undefined) server = await listenOnPort(port, values['state-file'])
    if (interruption.signal) return interruption.exitCode!
    demo = await startAndSeed(options, interruption, leftovers)
    if (!demo) return interruption.exitCode!
    const code = await serve(demo, values, command, server, interruption, leftovers)
    return interruption.exitCode ?? code
  } finally {
    leftovers.waitingFor = 'removing what this run started'
    await server?.close()
    await Promise.all(leftovers.files.map((path) => rm(path, { force: true })))
    if (demo) {
      progress(interruption.signal ? `› ${interruption.signal}: stopping…` : '› Stopping…')
      await demo.stop()
      progress(stoppedMessage(leftovers, interruption))
    }
    interruption.dispose()
  }
}

/** What `up` says of the stores once it stopped them. */
function storesStopped(leftovers: Leftovers): string {
  return {
    containers: 'the containers this run started are removed',
    'local servers': 'the local servers this run started are stopped and their data removed',
    reused: 'the reused stores are left running (med-demo down removes them)',
    given: 'the given stores are left as they are',
  }[leftovers.stores]
}

function stoppedMessage(leftovers: Leftovers, interruption: Interruption): string {
  const what = storesStopped(leftovers)
  const files = leftovers.files.length > 0 ? `; removed ${leftovers.files.join(', ')}` : ''
  const exit = interruption.exitCode === undefined ? '' : ` (exit ${interruption.exitCode})`
  return `✔ Stopped; ${what}${files}${exit}.`
}

/**
 * Starts the stores and seeds them. A signal meanwhile cannot cancel the containers' start (the
 * engine's promise cannot be cancelled): the start is left to settle, then what it started is
 * stopped, and `undefined` says so.
 */
async function startAndSeed(
  options: ReturnType<typeof accountOptionsFromFlags>,
  interruption: Interruption,
  leftovers: Leftovers,
): Promise<DemoAccount | undefined> {
  progress(
    {
      containers: '› Starting Postgres and Redis containers…',
      'local servers': '› Starting Postgres and Redis as local processes…',
      reused: '› Looking for reused stores (or starting them)…',
      given: '› Connecting to the given stores…',
    }[leftovers.stores],
  )
  leftovers.waitingFor =
    leftovers.stores === 'containers'
      ? 'waiting for the containers being started, to remove them'
      : leftovers.stores === 'local servers'
        ? 'waiting for the local servers being started, to stop them'
        : 'waiting for the seed in progress (all or nothing) to end'
  const starting = startDemoAccount(options, {
    onPhase: (phase, ms) => {
      if (interruption.signal) return
      if (phase === 'stores')
        progress(`✔ Stores ready (${seconds(ms)})\n› Seeding the demo account…`)
      else if (phase === 'reused') progress('✔ The reused stores hold the seed: nothing to seed')
      else progress(`✔ Seeded in ${seconds(ms)}`)
    },
  })
  const first = await Promise.race([
    starting.then((demo) => ({ demo })),
    interruption.requested.then((signal) => ({ signal })),
  ])
  if ('demo' in first) return first.demo
  progress(`› ${first.signal}: ${leftovers.waitingFor} (a start in progress cannot be cancelled)…`)
  // On failure, withDemoAccount has already closed and removed what it opened.
  const demo = await starting.catch((error: unknown) => {
    progress(`  (the start failed meanwhile, and closed what it opened: ${describeError(error)})`)
    return undefined
  })
  leftovers.waitingFor =
    leftovers.stores === 'local servers'
      ? 'stopping the local servers this run started'
      : 'removing the containers this run started'
  await demo?.stop()
  progress(
    `✔ Stopped on ${first.signal} before the environment was ready; ${storesStopped(leftovers)} (exit ${interruption.exitCode}).`,
  )
  return undefined
}

/** Writes and prints the environment, then runs the command or waits for a signal. */
async function serve(
  demo: DemoAccount,
  values: {
    json?: boolean
    'show-secrets'?: boolean
    'env-file'?: string
    'state-file'?: string
  },
  command: readonly string[],
  server: ReportServer | undefined,
  interruption: Interruption,
  leftovers: Leftovers,
): Promise<number> {
  leftovers.waitingFor = 'removing what this run started'
  const report = describeDemoAccount(demo)
  if (values['env-file'] !== undefined) {
    leftovers.files.push(values['env-file'])
    await writeEnvFile(values['env-file'], demo.env)
  }
  if (values['state-file'] !== undefined) {
    leftovers.files.push(values['state-file'])
    await writeStateFile(
      values['state-file'],
      report,
      server && { url: server.url, token: server.token },
    )
  }
  if (values.json) console.log(JSON.stringify(report, null, 2))
  else {
    console.log(
      `\nMyElectricalData demo environment is ready.\n\n${formatAccountSummary(demo, Boolean(values['show-secrets']))}\n`,
    )
    if (values['env-file'] === undefined)
      console.log(
        'A backend needs DATABASE_URL, REDIS_URL and SECRET_KEY: --env-file PATH writes them.',
      )
  }
  if (server) {
    server.publish(demo)
    progress(`✔ Serving the environment and accounts on ${server.url}`)
  }
  if (interruption.signal) return 0
  if (command.length > 0) {
    progress(`› Running ${command.join(' ')}`)
    const env = { ...process.env, ...demo.env, ...commandEnv(values['state-file'], server) }
    return runCommand(command, env, interruption, leftovers)
  }
  progress(
    {
      containers: 'Press Ctrl-C to stop and remove the containers.',
      'local servers': 'Press Ctrl-C to stop and remove the local servers.',
      reused: 'Press Ctrl-C to stop (the reused stores stay up).',
      given: 'Press Ctrl-C to stop (the stores were given: they stay as they are).',
    }[leftovers.stores],
  )
  await interruption.wait()
  return 0
}

/** What the command after -- learns of this run: the state file and the HTTP API. */
function commandEnv(
  stateFile: string | undefined,
  server: ReportServer | undefined,
): Record<string, string> {
  return {
    ...(stateFile === undefined ? {} : { [STATE_FILE_VARIABLE]: resolve(stateFile) }),
    ...(server ? { [SERVER_URL_VARIABLE]: server.url, [SERVER_TOKEN_VARIABLE]: server.token } : {}),
  }
}

/** Binds the HTTP API with a new token, and prints the token, once. */
async function listenOnPort(port: number, stateFile: string | undefined): Promise<ReportServer> {
  const token = newServerToken()
  const server = await listenForReport(port, token)
  const where =
    stateFile === undefined ? '' : ` (also in ${stateFile} as server.token, once seeded)`
  progress(
    `› HTTP API on ${server.url} (loopback only). Every request needs this header${where}:\n    Authorization: Bearer ${token}`,
  )
  return server
}
