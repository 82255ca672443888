import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { debug } from '../internal/log.ts'
import { closePostgres } from '../postgres/connect-postgres.ts'
import type { LocalSession } from './local-session.ts'
import { runFile } from './run-file.ts'
import { type StartedServer, startServer } from './server-process.ts'
import { LOCAL_DATABASE, templateCluster } from './template-cluster.ts'

/**
 * Test data only, as in the container path: nothing here must survive the process, so no fsync,
 * no synchronous commit and no full-page writes. Dynamic shared memory in the data directory, so
 * that a killed server leaves nothing in /dev/shm outside it.
 */
const SETTINGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'dynamic_shared_memory_type=mmap',
]

/** Sets this start's password over the private unix socket: the server answers a query, and TCP logins need it. */
async function setPassword(socketDirectory: string, port: number, password: string) {
  const client = new pg.Client({
    host: socketDirectory,
    port,
    user: LOCAL_DATABASE,
    database: LOCAL_DATABASE,
    connectionTimeoutMillis: 2000,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query(`ALTER ROLE ${LOCAL_DATABASE} PASSWORD '${password}'`)
    return true
  } finally {
    await closePostgres(client)
  }
}

/**
 * A Postgres server of the local engine: a copy of the machine's template cluster in the
 * session's directory, on a free loopback port, with a random password.
 */
export async function startLocalPostgres(
  session: LocalSession,
  startupTimeoutMs: number,
): Promise<{ url: string; server: StartedServer }> {
  const started = performance.now()
  const { binaries, runAs, directory } = session
  const template = await templateCluster(binaries, runAs)
  const data = join(directory, 'postgres')
  // As the servers' user, so that the copy is theirs (and 0700, as Postgres requires).
  await runFile('cp', ['-R', template, data], runAs)
  const password = randomBytes(12).toString('hex')
  const server = await startServer(
    session,
    {
      store: 'Postgres',
      file: binaries.postgres,
      args: (port) => [
        '-D',
        data,
        '-k',
        directory,
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        ...SETTINGS.flatMap((setting) => ['-c', setting]),
      ],
      logFile: join(directory, 'postgres.log'),
      stopSignal: 'SIGQUIT',
      ready: (port) => setPassword(directory, port, password),
    },
    startupTimeoutMs,
  )
  debug(
    `Postgres copied from the template and started by the local engine on port ${server.port} (${Math.round(performance.now() - started)} ms)`,
  )
  return {
    url: `postgres://${LOCAL_DATABASE}:${password}@127.0.0.1:${server.port}/${LOCAL_DATABASE}`,
    server,
  }
}
