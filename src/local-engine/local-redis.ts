import { chown, mkdir } from 'node:fs/promises'
import net from 'node:net'
import { join } from 'node:path'
import { debug } from '../internal/log.ts'
import type { LocalSession } from './local-session.ts'
import { type StartedServer, startServer } from './server-process.ts'

/** Whether a Redis server answers PING on the port. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
      // "-LOADING" while it starts: not yet.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}

/**
 * A Redis (or Valkey) server of the local engine with the container path's settings: no
 * persistence, `databases` logical databases, on a free loopback port.
 */
export async function startLocalRedis(
  session: LocalSession,
  databases: number,
  startupTimeoutMs: number,
): Promise<{ url: string; server: StartedServer }> {
  const data = join(session.directory, 'redis')
  await mkdir(data, { mode: 0o700 })
  if (session.runAs) {
    await chown(data, session.runAs.uid, session.runAs.gid)
  }
  const started = performance.now()
  const server = await startServer(
    session,
    {
      store: 'Redis',
      file: session.binaries.redisServer,
      args: (port) => [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        data,
        '--databases',
        String(databases),
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      logFile: join(session.directory, 'redis.log'),
      stopSignal: 'SIGTERM',
      ready: answersPing,
    },
    startupTimeoutMs,
  )
  debug(
    `Redis started by the local engine on port ${server.port} (${Math.round(performance.now() - started)} ms)`,
  )
  return { url: `redis://127.0.0.1:${server.port}`, server }
}
