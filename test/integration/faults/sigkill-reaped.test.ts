import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { getContainerRuntimeClient } from 'testcontainers'
import { afterEach, expect, test } from 'vitest'
import { CONTAINER_LABELS } from '../../../src/stores/start-containers.ts'

const HOLDER = fileURLToPath(new URL('./support/hold-demo-account.ts', import.meta.url))
const [LABEL] = Object.keys(CONTAINER_LABELS)
/** Ryuk removes a dead session's containers about 10 s after its connection drops. */
const REAP_BOUND_MS = 120_000

let child: ChildProcess | undefined

afterEach(() => {
  child?.kill('SIGKILL')
})

/** The first line the child prints. */
async function firstLine(process: ChildProcess): Promise<string> {
  let output = ''
  process.stdout!.setEncoding('utf8')
  for await (const chunk of process.stdout!) {
    output += chunk
    if (output.includes('\n')) return output.split('\n')[0]!
  }
  throw new Error(`the child ended without saying where its stores are: ${output}`)
}

/** Ids of the library's containers that publish one of these host ports. */
async function containersOn(ports: readonly number[]): Promise<string[]> {
  const client = await getContainerRuntimeClient()
  const containers = await client.container.list()
  return containers
    .filter((c) => c.Labels[LABEL!] === 'true')
    .filter((c) => c.Ports.some((port) => ports.includes(Number(port.PublicPort))))
    .map((c) => c.Id)
}

test(
  'removes the containers of a process killed with SIGKILL',
  async () => {
    const env = { ...process.env }
    for (const name of [
      'MED_DEMO_DATABASE_URL',
      'MED_DEMO_REDIS_URL',
      'TESTCONTAINERS_RYUK_DISABLED',
    ])
      delete env[name]
    child = spawn(process.execPath, ['--', HOLDER], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    const stores = JSON.parse(await firstLine(child)) as { postgres: string; redis: string }
    const ports = [Number(new URL(stores.postgres).port), Number(new URL(stores.redis).port)]
    const started = await containersOn(ports)
    expect(started).toHaveLength(2)

    child.kill('SIGKILL')
    await once(child, 'exit')

    // Polled with a generous bound: how fast Ryuk reaps is not what this test checks.
    const deadline = Date.now() + REAP_BOUND_MS
    let left = started
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(500)
      left = await containersOn(ports)
    }
    expect(left, `containers still there ${REAP_BOUND_MS} ms after SIGKILL`).toEqual([])
  },
  REAP_BOUND_MS + 60_000,
)
