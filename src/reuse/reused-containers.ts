import { type ContainerRuntimeClient, getContainerRuntimeClient } from 'testcontainers'
import { DemoAccountError, describeError } from '../errors.ts'
import { rememberStartedStore } from '../stores/local-store-guard.ts'
import { type ContainerSetup, engineTried, ROLE_LABEL } from '../stores/start-containers.ts'

/** The label of containers kept for later runs; its value is the key of their set-up. */
export const REUSE_LABEL = 'org.myelectricaldata.demo-account.reuse'

/** The label that holds the name of the set (`reuse: 'name'`; `default` for `reuse: true`). */
export const REUSE_NAME_LABEL = 'org.myelectricaldata.demo-account.reuse.name'

/** How containers kept for reuse are started: labelled with their set-up key, never reaped. */
export function reusedSetup(setupKey: string, name: string): ContainerSetup {
  return {
    labels: {
      'org.myelectricaldata.demo-account': 'true',
      [REUSE_LABEL]: setupKey,
      [REUSE_NAME_LABEL]: name,
    },
    reaped: false,
  }
}

/** A container kept for reuse, as the engine lists it. */
export interface ReusedContainer {
  readonly id: string
  readonly role: string
  /** The value of the reuse label: the key of the containers' set-up. */
  readonly key: string
  /** The name of the set they belong to. */
  readonly name: string
  readonly running: boolean
}

/** The stores of a running pair of reused containers. */
export interface FoundStores {
  readonly postgresUrl: string
  readonly redisUrl: string
  readonly containers: readonly ReusedContainer[]
}

async function engine(): Promise<ContainerRuntimeClient> {
  try {
    return await getContainerRuntimeClient()
  } catch (error) {
    throw new DemoAccountError(
      'CONTAINER_RUNTIME_UNAVAILABLE',
      `No container engine answers (${describeError(error)}), so reused stores cannot be found or started. ${engineTried()} Start Docker or Podman, or point DOCKER_HOST at a running engine.`,
      { cause: error },
    )
  }
}

/** The containers kept for reuse: all of them, or those of one set-up key. */
export async function listReusedContainers(key?: string): Promise<ReusedContainer[]> {
  const client = await engine()
  const label = key === undefined ? REUSE_LABEL : `${REUSE_LABEL}=${key}`
  const listed = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [label] },
  })
  return listed.map((c) => ({
    id: c.Id,
    role: c.Labels[ROLE_LABEL] ?? 'unknown',
    key: c.Labels[REUSE_LABEL] ?? '',
    name: c.Labels[REUSE_NAME_LABEL] ?? '',
    running: c.State === 'running',
  }))
}

/** Removes containers (and their anonymous volumes); one already gone counts as removed. */
export async function removeContainers(containers: readonly ReusedContainer[]): Promise<void> {
  if (containers.length === 0) return
  const client = await engine()
  await Promise.all(
    containers.map((c) =>
      client.container.dockerode
        .getContainer(c.id)
        .remove({ force: true, v: true })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error
        }),
    ),
  )
}

function hostPort(inspect: { NetworkSettings: { Ports: Record<string, unknown> } }, port: string) {
  const bindings = inspect.NetworkSettings.Ports[`${port}/tcp`] as
    | { HostPort: string }[]
    | null
    | undefined
  const hostPort = Number(bindings?.[0]?.HostPort)
  return Number.isInteger(hostPort) && hostPort > 0 ? hostPort : undefined
}

function envOf(inspect: { Config: { Env: string[] | null } }): Map<string, string> {
  const env = new Map<string, string>()
  for (const entry of inspect.Config.Env ?? []) {
    const at = entry.indexOf('=')
    if (at > 0) env.set(entry.slice(0, at), entry.slice(at + 1))
  }
  return env
}

/**
 * The stores of the containers kept under `key`, when there is exactly one running
 * container for each store; otherwise `undefined`, with `containers` listing what there is (a
 * stopped one, half a pair) for the caller to remove.
 */
export async function findReusedStores(
  key: string,
): Promise<{ found?: FoundStores; containers: readonly ReusedContainer[] }> {
  const containers = await listReusedContainers(key)
  const postgres = containers.filter((c) => c.role === 'postgres')
  const redis = containers.filter((c) => c.role === 'redis')
  if (
    postgres.length !== 1 ||
    redis.length !== 1 ||
    containers.length !== 2 ||
    !containers.every((c) => c.running)
  ) {
    return { containers }
  }
  const client = await engine()
  const host = client.info.containerRuntime.host
  const [pg, rd] = await Promise.all(
    [postgres[0]!, redis[0]!].map((c) => client.container.dockerode.getContainer(c.id).inspect()),
  )
  const pgPort = hostPort(pg!, '5432')
  const redisPort = hostPort(rd!, '6379')
  if (!pgPort || !redisPort || !pg!.State.Running || !rd!.State.Running) return { containers }
  const env = envOf(pg!)
  const url = new URL('', 'postgres://')
  url.hostname = host
  url.port = String(pgPort)
  url.pathname = env.get('POSTGRES_DB') ?? ''
  url.username = env.get('POSTGRES_USER') ?? ''
  url.password = env.get('POSTGRES_PASSWORD') ?? ''
  const redisUrl = new URL('', 'redis://')
  redisUrl.hostname = host
  redisUrl.port = String(redisPort)
  rememberStartedStore(host, pgPort)
  rememberStartedStore(host, redisPort)
  return {
    found: { postgresUrl: url.toString(), redisUrl: redisUrl.toString(), containers },
    containers,
  }
}
