import { isIP } from 'node:net'
import { DemoAccountError } from '../errors.ts'
import { ENV, readEnv } from '../internal/environment.ts'
import { postgresTarget } from '../postgres/connect-postgres.ts'
import { redisTarget } from '../redis/redis-target.ts'
import { redactUrl } from './store-url.ts'

/** Addresses of containers this process started: they are ours to write to, wherever they listen. */
const startedStores = new Set<string>()

/** Records the address (`host:port`) of a container this library started. */
export function rememberStartedStore(host: string, port: number): void {
  startedStores.add(`${host.toLowerCase()}:${port}`)
}

/**
 * Where the driver will really connect, read by the driver's own parser: a unix socket, or a host
 * (lower-cased, without IPv6 brackets) and a port. Query parameters such as `?host=` count.
 */
function driverAddress(url: string, kind: 'Postgres' | 'Redis'): { host: string; port: string } {
  if (kind === 'Postgres') {
    const { host, port } = postgresTarget(url)
    return host.startsWith('/')
      ? { host: 'unix', port: '' }
      : { host: bare(host), port: String(port) }
  }
  const target = redisTarget(url)
  return target.path
    ? { host: 'unix', port: '' }
    : { host: bare(target.host), port: String(target.port) }
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase()
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === 'unix' || host === '::1') return true
  return isIP(host) === 4 && host.startsWith('127.')
}

function allowListed(host: string): boolean {
  const list = readEnv(ENV.allowHosts)
  return list?.split(',').some((entry) => entry.trim().toLowerCase() === host) ?? false
}

/**
 * Refuses to seed a store that is not local: this library writes a known password and
 * overwrites accounts. Local means loopback (`localhost`, `127.0.0.0/8`, `::1`), a unix socket, a
 * container this library started, or a host listed in `MED_DEMO_ALLOW_HOSTS` (comma-separated);
 * `allowRemote` lifts the check. The address judged is the one the driver will use, after its own
 * parsing (`pg`'s `?host=`, ioredis's `?host=` and `?path=`...), and nothing is connected.
 */
export function assertLocalStore(
  url: string,
  kind: 'Postgres' | 'Redis',
  allowRemote: boolean,
): void {
  if (allowRemote) return
  const { host, port } = driverAddress(url, kind)
  if (isLoopback(host) || startedStores.has(`${host}:${port}`) || allowListed(host)) return
  throw new DemoAccountError(
    'REMOTE_STORE_REFUSED',
    `Refusing to seed ${kind} at ${redactUrl(url)}: "${host}" is not a local host, and this library writes a known password. ` +
      `If this store is disposable, pass \`allowRemote: true\` (CLI: --allow-remote) or add "${host}" to ${ENV.allowHosts}.`,
  )
}
