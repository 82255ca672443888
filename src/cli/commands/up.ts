import { spawn } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { withDemoAccount } from '../../with-demo-account.ts'
import { ACCOUNT_FLAGS, ACCOUNT_FLAGS_HELP, accountOptionsFromFlags } from '../account-flags.ts'
import { accountReport, formatAccountSummary } from '../account-report.ts'
import { UsageError } from '../cli-error.ts'
import { writeEnvFile } from '../env-file.ts'
import { progress, seconds } from '../progress.ts'
import { serveReport } from '../serve-report.ts'

export const UP_HELP = `Usage: med-demo up [options] [-- command [args...]]

Starts Postgres and Redis in containers (or uses --database-url / --redis-url), seeds the demo
account, prints its credentials, and stays up until Ctrl-C or SIGTERM; then it removes the
containers it started. With a command after --, it runs that command (your backend, say) once the
stores are seeded, with DATABASE_URL, REDIS_URL and SECRET_KEY in its environment, and stops when
the command exits.

Options:
${ACCOUNT_FLAGS_HELP}
  --port N                once seeded, serve the --json object on http://127.0.0.1:N/
  --state-file PATH       once seeded, write the --json object to PATH (removed on exit)

Examples:
  med-demo up
  med-demo up --json --env-file .env.demo
  med-demo up --port 4510 -- uvicorn src.main:app --port 8000`

const UP_FLAGS = {
  ...ACCOUNT_FLAGS,
  port: { type: 'string' },
  'state-file': { type: 'string' },
} as const

function waitForSignal(): Promise<NodeJS.Signals> {
  // Signal listeners do not keep Node running: a timer does, until a signal comes.
  const keepAlive = setInterval(() => {}, 1 << 30)
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        clearInterval(keepAlive)
        resolve(signal)
      })
    }
  })
}

function runCommand(command: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env })
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  const onTerm = forward('SIGTERM')
  const onHup = forward('SIGHUP')
  process.on('SIGTERM', onTerm)
  process.on('SIGHUP', onHup)
  // Ctrl-C reaches the child directly: it shares the terminal's process group.
  process.on('SIGINT', () => {})
  return new Promise((resolve) => {
    child.once('error', (error) => {
      progress(`✖ Could not run ${command[0]}: ${error.message}`)
      resolve(127)
    })
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', onTerm)
      process.off('SIGHUP', onHup)
      resolve(code ?? (signal ? 128 + 15 : 1))
    })
  })
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
  const options = accountOptionsFromFlags(values)
  const usesUrls = Boolean(options.postgres?.url && options.redis?.url)
  progress(
    usesUrls ? '› Connecting to the given stores…' : '› Starting Postgres and Redis containers…',
  )
  const demo = await withDemoAccount(options, {
    onPhase: (phase, ms) => {
      if (phase === 'stores')
        progress(`✔ Stores ready (${seconds(ms)})\n› Seeding the demo account…`)
      else progress(`✔ Seeded in ${seconds(ms)}`)
    },
  })
  const written: string[] = []
  let server: Server | undefined
  try {
    const report = accountReport(demo)
    if (values['env-file']) {
      await writeEnvFile(values['env-file'], demo.env)
      written.push(values['env-file'])
    }
    if (values['state-file']) {
      await mkdir(dirname(values['state-file']), { recursive: true })
      await writeFile(values['state-file'], JSON.stringify(report, null, 2), { mode: 0o600 })
      written.push(values['state-file'])
    }
    if (values.json) console.log(JSON.stringify(report, null, 2))
    else {
      console.log(
        `\nMyElectricalData demo environment is ready.\n\n${formatAccountSummary(demo, Boolean(values['show-secrets']))}\n`,
      )
      if (!values['env-file'])
        console.log(
          'A backend needs DATABASE_URL, REDIS_URL and SECRET_KEY: --env-file PATH writes them.',
        )
    }
    if (port !== undefined) {
      server = await serveReport(port, report)
      progress(`✔ Serving the environment on http://127.0.0.1:${port}/`)
    }
    if (command.length > 0) {
      progress(`› Running ${command.join(' ')}`)
      return await runCommand(command, { ...process.env, ...demo.env })
    }
    progress('Press Ctrl-C to stop and remove the containers.')
    await waitForSignal()
    return 0
  } finally {
    progress('› Stopping…')
    server?.close()
    await Promise.all(written.map((path) => rm(path, { force: true })))
    await demo.stop()
    progress('✔ Stopped; the containers this run started are removed.')
  }
}
