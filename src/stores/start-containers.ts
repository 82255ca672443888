// First: on an old Node, a clear DemoAccountError before testcontainers loads undici.
import '../internal/require-supported-node.ts'
import { randomBytes } from 'node:crypto'
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql'
import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis'
import { Wait } from 'testcontainers'
import { DemoAccountError, describeError } from '../errors.ts'
import { ENV } from '../internal/environment.ts'
import { debug } from '../internal/log.ts'
import { closePostgres, connectPostgres } from '../postgres/connect-postgres.ts'
import { rememberStartedStore } from './local-store-guard.ts'
import { DEFAULT_STARTUP_TIMEOUT_MS } from './store-timeouts.ts'

/** The label that names the process which started a container, to find what it left behind. */
export const OWNER_PID_LABEL = 'org.myelectricaldata.demo-account.pid'

/** Which store a container holds: `postgres` or `redis`. */
export const ROLE_LABEL = 'org.myelectricaldata.demo-account.role'

/** Labels on every container this library starts, to find them by label. */
export const CONTAINER_LABELS = {
  'org.myelectricaldata.demo-account': 'true',
  [OWNER_PID_LABEL]: String(process.pid),
}

/**
 * How a container is started: its labels, and whether testcontainers' reaper (Ryuk) removes it
 * when the process ends. Containers kept for a later run (`reuse`) carry other labels and are
 * not reaped.
 */
export interface ContainerSetup {
  readonly labels: Readonly<Record<string, string>>
  readonly reaped: boolean
}

/** What every container gets unless it is kept for reuse. */
export const RUN_SCOPED: ContainerSetup = { labels: CONTAINER_LABELS, reaped: true }

const DATABASE = 'myelectricaldata'
const PGDATA = '/var/lib/postgresql/data'

/**
 * Postgres tuned for tests: data on a tmpfs and no fsync, which makes cloning a template database
 * take about 20 ms instead of 100-300 ms on disk. Nothing here needs to survive the container.
 */
export function postgresContainer(
  image: string,
  setup: ContainerSetup = RUN_SCOPED,
): PostgreSqlContainer {
  return (
    new PostgreSqlContainer(image)
      // The module's default waits for a HEALTHCHECK polled every 250 ms through `docker exec`;
      // the server's own log line says "ready" up to 0.5 s sooner. The official image's init server
      // listens on no TCP port, so only the real server logs it; connectPostgres retries a server
      // that is still starting up, and startPostgres waits until the server answers.
      .withWaitStrategy(Wait.forLogMessage(/listening on IPv4 address/))
      .withDatabase(DATABASE)
      .withUsername(DATABASE)
      .withPassword(randomBytes(12).toString('hex'))
      .withTmpFs({ [PGDATA]: 'rw' })
      .withCommand([
        'postgres',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ])
      .withLabels({ ...setup.labels, [ROLE_LABEL]: 'postgres' })
      .withAutoCleanup(setup.reaped)
  )
}

/**
 * Redis without persistence, with `databases` logical databases (one per test worker). Flags
 * only: the official images then run their own server (`redis-server`, or `valkey-server` in
 * Valkey's, whose entrypoint drops root only for that command).
 */
export function redisContainer(
  image: string,
  databases = 16,
  setup: ContainerSetup = RUN_SCOPED,
): RedisContainer {
  return new RedisContainer(image)
    .withCommand(['--databases', String(databases), '--save', '', '--appendonly', 'no'])
    .withLabels({ ...setup.labels, [ROLE_LABEL]: 'redis' })
    .withAutoCleanup(setup.reaped)
}

/** Where testcontainers looked for an engine, in words for the error message. */
export function engineTried(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST
    ? `It tried DOCKER_HOST=${env.DOCKER_HOST}.`
    : 'DOCKER_HOST is not set, so it tried the default sockets (/var/run/docker.sock, the rootless Docker and Podman ones, and docker.host in ~/.testcontainers.properties).'
}

/**
 * No engine answers: the ways out, the local engine among them (`localMissing`: what it lacks,
 * when 'auto' looked for it and found nothing).
 */
export function runtimeUnavailable(cause: unknown, localMissing?: string): DemoAccountError {
  const local = localMissing
    ? `; the local engine found no ${localMissing}: install them, or point MED_DEMO_PG_BIN and MED_DEMO_REDIS_SERVER at them`
    : ''
  return new DemoAccountError(
    'CONTAINER_RUNTIME_UNAVAILABLE',
    `No container engine answers, and no store URL was given. ${engineTried()} Either start Docker or Podman ` +
      '(for Podman, set DOCKER_HOST to its socket), or point DOCKER_HOST at a running engine, or give existing ' +
      'stores with `postgres: { url }` and `redis: { url }` (or MED_DEMO_DATABASE_URL and MED_DEMO_REDIS_URL), ' +
      `or run them as processes from this machine's Postgres and Redis binaries with \`engine: 'local'\` (or MED_DEMO_ENGINE=local)${local}.`,
    { cause },
  )
}

/** testcontainers' wait strategies say "... not received after 120000ms" and the like. */
const STARTUP_TIMED_OUT = /not (received|bound|healthy|accessible|successful) after \d+ ?ms/i

/** The error a container that did not start becomes, naming the way out. */
export function startError(
  store: string,
  image: string,
  error: unknown,
  startupTimeoutMs: number,
): DemoAccountError {
  const message = describeError(error)
  if (STARTUP_TIMED_OUT.test(message)) {
    return new DemoAccountError(
      'CONTAINER_START_FAILED',
      `The ${store} container (image "${image}") started but was not ready within ${startupTimeoutMs / 1000} s (${message}). ` +
        `A loaded machine, or an image that initialises its data on every start, can take longer: raise the limit with the \`startupTimeoutMs\` option or ${ENV.startupTimeout} (milliseconds).`,
      { cause: error },
    )
  }
  if (/container runtime strategy|connect ENOENT|ECONNREFUSED.*docker/i.test(message)) {
    return runtimeUnavailable(error)
  }
  return new DemoAccountError(
    'CONTAINER_START_FAILED',
    `Could not start the ${store} container from image "${image}": ${message}. ` +
      `Check that the engine can pull or already has that image, or choose another with the \`${store.toLowerCase()}.image\` option.`,
    { cause: error },
  )
}

/** A started Postgres container and the URL to reach it. */
export async function startPostgres(
  image: string,
  startupTimeoutMs = DEFAULT_STARTUP_TIMEOUT_MS,
  setup: ContainerSetup = RUN_SCOPED,
): Promise<{ url: string; container: StartedPostgreSqlContainer }> {
  try {
    const started = performance.now()
    const container = await postgresContainer(image, setup)
      .withStartupTimeout(startupTimeoutMs)
      .start()
    // Listening comes a moment before accepting queries: hand out a server that answers.
    await closePostgres(await connectPostgres(container.getConnectionUri()))
    rememberStartedStore(container.getHost(), container.getPort())
    debug(`Postgres started from ${image} (${Math.round(performance.now() - started)} ms)`)
    return { url: container.getConnectionUri(), container }
  } catch (error) {
    throw startError('Postgres', image, error, startupTimeoutMs)
  }
}

/** A started Redis container and the URL to reach it. */
export async function startRedis(
  image: string,
  databases?: number,
  startupTimeoutMs = DEFAULT_STARTUP_TIMEOUT_MS,
  setup: ContainerSetup = RUN_SCOPED,
): Promise<{ url: string; container: StartedRedisContainer }> {
  try {
    const started = performance.now()
    const container = await redisContainer(image, databases, setup)
      .withStartupTimeout(startupTimeoutMs)
      .start()
    rememberStartedStore(container.getHost(), container.getPort())
    debug(`Redis started from ${image} (${Math.round(performance.now() - started)} ms)`)
    return { url: container.getConnectionUrl(), container }
  } catch (error) {
    throw startError('Redis', image, error, startupTimeoutMs)
  }
}
