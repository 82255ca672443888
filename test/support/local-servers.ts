import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { freePort } from '../../src/local-engine/server-process.ts'
import { alive } from './process-alive.ts'

/**
 * Postgres and Redis servers of a test's own, as plain processes on free loopback ports: they can
 * be paused (SIGSTOP), resumed, killed and restarted on the same data, which shared containers
 * cannot be. Debian's binaries: /usr/lib/postgresql/15/bin and /usr/bin/redis-server.
 */
export interface LocalServer {
  readonly url: string
  readonly port: number
  /** SIGSTOP to every process of the server: it accepts connections and never answers. */
  pause(): void
  resume(): void
  /** SIGKILL, then waits until the processes are gone. */
  kill(): Promise<void>
  /** Starts it again on the same port and data. */
  restart(): Promise<void>
  /** Stops it and removes its data. */
  stop(): Promise<void>
}

const PG_BIN = process.env.MED_DEMO_PG_BIN ?? '/usr/lib/postgresql/15/bin'
const REDIS_SERVER = process.env.MED_DEMO_REDIS_SERVER ?? '/usr/bin/redis-server'
/** Postgres refuses to run as root. */
const PG_USER = 'postgres'
export const LOCAL_POSTGRES_PASSWORD = 'local-pw'

export { freePort }

/** The direct children of a process (a postmaster's backends and helpers). */
function childrenOf(pid: number): number[] {
  const found = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout
  return found.split('\n').filter(Boolean).map(Number)
}

async function until(what: string, ready: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await ready().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${what} did not start`)
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))
}

/** A server run as a process group of its own, so that signals reach its every process. */
function managed(
  start: () => ChildProcess,
  ready: () => Promise<boolean>,
  what: string,
  dataDir: string,
) {
  let child = start()
  // Postgres's children call setsid(): a process group signal would reach the postmaster only.
  const group = (signal: NodeJS.Signals) => {
    const pids = [child.pid!, ...childrenOf(child.pid!)]
    for (const pid of signal === 'SIGCONT' ? pids.reverse() : pids) {
      try {
        process.kill(pid, signal)
      } catch {}
    }
  }
  return {
    ready: () => until(what, ready),
    pause: () => group('SIGSTOP'),
    resume: () => group('SIGCONT'),
    async kill() {
      const pids = [child.pid!, ...childrenOf(child.pid!)]
      group('SIGKILL')
      await exited(child)
      // Until every process of the server is gone (and its port and shared memory free).
      for (let i = 0; i < 400 && pids.some(alive); i++)
        await new Promise((resolve) => setTimeout(resolve, 25))
    },
    async restart() {
      child = start()
      await until(what, ready)
    },
    async stop() {
      const pids = [child.pid!, ...childrenOf(child.pid!)]
      group('SIGCONT')
      group('SIGKILL')
      await exited(child)
      for (let i = 0; i < 400 && pids.some(alive); i++)
        await new Promise((resolve) => setTimeout(resolve, 25))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** redis-server on a free port, no persistence unless `appendonly` (then fsync on every write). */
export async function startLocalRedis(
  options: { databases?: number; appendonly?: boolean } = {},
): Promise<LocalServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'med-redis-'))
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--databases',
    String(options.databases ?? 16),
    '--save',
    '',
    '--appendonly',
    options.appendonly ? 'yes' : 'no',
    '--appendfsync',
    'always',
  ]
  const url = `redis://127.0.0.1:${port}/0`
  const server = managed(
    () => spawn(REDIS_SERVER, args, { detached: true, stdio: 'ignore' }),
    async () => {
      const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null })
      redis.on('error', () => {})
      try {
        await redis.connect()
        return (await redis.ping()) === 'PONG'
      } finally {
        redis.disconnect()
      }
    },
    'redis-server',
    dir,
  )
  await server.ready()
  return { url, port, ...server }
}

/** A Postgres 15 cluster on a free port with password authentication over TCP. */
export async function startLocalPostgres(): Promise<LocalServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'med-pg-'))
  const passwordFile = join(dir, 'pw')
  writeFileSync(passwordFile, LOCAL_POSTGRES_PASSWORD)
  const uid = Number(spawnSync('id', ['-u', PG_USER], { encoding: 'utf8' }).stdout)
  const gid = Number(spawnSync('id', ['-g', PG_USER], { encoding: 'utf8' }).stdout)
  chownSync(dir, uid, gid)
  chownSync(passwordFile, uid, gid)
  const data = join(dir, 'data')
  const asPostgres = ['--reuid', PG_USER, '--regid', PG_USER, '--clear-groups']
  const init = spawnSync(
    'setpriv',
    [
      ...asPostgres,
      join(PG_BIN, 'initdb'),
      '-D',
      data,
      '-U',
      'postgres',
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      `--pwfile=${passwordFile}`,
      '--no-sync',
    ],
    { encoding: 'utf8' },
  )
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const url = `postgres://postgres:${LOCAL_POSTGRES_PASSWORD}@127.0.0.1:${port}/postgres`
  const server = managed(
    () =>
      spawn(
        'setpriv',
        [
          ...asPostgres,
          join(PG_BIN, 'postgres'),
          '-D',
          data,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${dir}`,
          '-c',
          'fsync=off',
          // Its dynamic shared memory in the data directory: the fault tests SIGKILL it, which
          // would otherwise leave segments in /dev/shm for every kill.
          '-c',
          'dynamic_shared_memory_type=mmap',
        ],
        { detached: true, stdio: 'ignore' },
      ),
    async () => {
      const client = new pg.Client(url)
      client.on('error', () => {})
      try {
        await client.connect()
        await client.query('SELECT 1')
        return true
      } finally {
        await client.end().catch(() => {})
      }
    },
    'postgres',
    dir,
  )
  await server.ready()
  return { url, port, ...server }
}
