import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import {
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
  Wait,
} from 'testcontainers'
import { afterAll, describe, expect, it } from 'vitest'

const image = process.env.MED_DEMO_REDIS_IMAGE ?? 'redis:7-alpine'
/** The name testcontainers itself starts its reaper from. */
const reaperImage = process.env.RYUK_CONTAINER_IMAGE ?? 'testcontainers/ryuk:0.14.0'

/** Sends filter lines to a reaper, one ACK each, then closes the connection. */
async function registerFilters(host: string, port: number, lines: string[]): Promise<string> {
  return await new Promise((resolve, reject) => {
    let answers = ''
    const socket = connect(port, host, () =>
      socket.write(lines.map((line) => `${line}\r\n`).join('')),
    )
    socket.setEncoding('utf8')
    socket.on('data', (data) => {
      answers += data
      if (answers.split('\n').length > lines.length) socket.end(() => resolve(answers))
    })
    socket.on('error', reject)
  })
}

async function isGone(id: string): Promise<boolean> {
  const client = await getContainerRuntimeClient()
  try {
    await client.container.inspect(client.container.getById(id))
    return false
  } catch {
    return true
  }
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 250))
}

/**
 * The reaper testcontainers starts (CI runs a stand-in under its name): each line is a URL query
 * of engine filters that must all match, and matching resources go once the client has gone.
 */
describe('the Ryuk image', () => {
  const tag = randomBytes(4).toString('hex')
  const started: StartedTestContainer[] = []
  const labelled = async (labels: Record<string, string>) => {
    const container = await new GenericContainer(image).withLabels(labels).start()
    started.push(container)
    return container
  }

  afterAll(async () => {
    for (const container of started) await container.stop().catch(() => {})
  })

  it('removes what matches every filter of a line, decoded, after the client disconnects', async () => {
    const both = await labelled({ [`t.${tag}.a`]: 'x', [`t.${tag}.b`]: 'y' })
    const onlyOne = await labelled({ [`t.${tag}.a`]: 'x' })
    const encoded = await labelled({ [`t.${tag}.c`]: 'a b&c=d' })
    const client = await getContainerRuntimeClient()
    const reaper = await new GenericContainer(reaperImage)
      .withExposedPorts(8080)
      .withBindMounts([
        { source: client.info.containerRuntime.remoteSocketPath, target: '/var/run/docker.sock' },
      ])
      .withEnvironment({ RYUK_RECONNECTION_TIMEOUT: '1s' })
      .withWaitStrategy(Wait.forLogMessage(/Started/))
      .start()
    started.push(reaper)

    const answers = await registerFilters(reaper.getHost(), reaper.getMappedPort(8080), [
      `label=t.${tag}.a=x&label=t.${tag}.b=y`,
      `label=${encodeURIComponent(`t.${tag}.c=a b&c=d`)}`,
    ])
    expect(answers).toBe('ACK\nACK\n')

    // The reaper removes everything in one pass once the client has gone, then ends.
    await until(async () => {
      const state = await client.container
        .inspect(client.container.getById(reaper.getId()))
        .catch(() => undefined)
      return state === undefined || !state.State.Running
    })
    expect(await isGone(both.getId())).toBe(true)
    expect(await isGone(encoded.getId())).toBe(true)
    expect(await isGone(onlyOne.getId())).toBe(false)
  })
})
