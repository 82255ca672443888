import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreFault } from '../stores/store-fault.ts'
import { execTransaction, execTransactionIf, RespError } from './resp-transaction.ts'
import { encodeSets } from './set-commands.ts'

/** Reads the commands a client sent (arrays of bulk strings), as a Redis server would. */
function parseCommands(data: Buffer): { commands: string[][]; complete: boolean } {
  const commands: string[][] = []
  let offset = 0
  const line = () => {
    const end = data.indexOf('\r\n', offset)
    if (end < 0) return undefined
    const text = data.toString('latin1', offset, end)
    offset = end + 2
    return text
  }
  while (offset < data.length) {
    const head = line()
    if (head === undefined) return { commands, complete: false }
    const args: string[] = []
    for (let i = 0; i < Number(head.slice(1)); i++) {
      const length = Number(line()?.slice(1))
      if (Number.isNaN(length) || offset + length + 2 > data.length) {
        return { commands, complete: false }
      }
      args.push(data.toString('utf8', offset, offset + length))
      offset += length + 2
    }
    commands.push(args)
  }
  return { commands, complete: true }
}

/**
 * A fake server: gives every batch of whole commands it receives to `answer`, which returns the
 * raw reply bytes (written in small pieces, to split replies across reads), or `'close'`.
 */
async function fakeServer(answer: (commands: string[][]) => string | 'close') {
  const received: string[][][] = []
  const server = net.createServer((socket) => {
    let data = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk])
      const { commands, complete } = parseCommands(data)
      if (!complete) return
      data = Buffer.alloc(0)
      received.push(commands)
      const reply = answer(commands)
      if (reply === 'close') {
        socket.destroy()
        return
      }
      const bytes = Buffer.from(reply)
      for (let i = 0; i < bytes.length; i += 3) socket.write(bytes.subarray(i, i + 3))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  const { port } = server.address() as net.AddressInfo
  return { port, received }
}

const servers: net.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** A server that answers MULTI/EXEC as Redis does, with `exec` as EXEC's reply. */
function redisLike(exec: string) {
  return (commands: string[][]) =>
    commands
      .map(([name]) => {
        if (name === 'AUTH' || name === 'SELECT' || name === 'MULTI') return '+OK\r\n'
        if (name === 'EXEC') return exec
        return '+QUEUED\r\n'
      })
      .join('')
}

describe('execTransaction', () => {
  it('frames every argument by its byte length, strings (UTF-8) and buffers alike', async () => {
    const { port, received } = await fakeServer(redisLike('*2\r\n+OK\r\n+OK\r\n'))
    const replies = await execTransaction(`redis://127.0.0.1:${port}`, [
      ['SET', 'consumption:daily:é', 'valeur €', 'EX', '60'],
      ['SET', 'k', Buffer.from('gAAAAA==\r\n$5')],
    ])
    expect(replies).toEqual(['OK', 'OK'])
    expect(received).toEqual([
      [
        ['MULTI'],
        ['SET', 'consumption:daily:é', 'valeur €', 'EX', '60'],
        ['SET', 'k', 'gAAAAA==\r\n$5'],
        ['EXEC'],
      ],
    ])
  })

  it('sends SETs encoded beforehand (with or without a TTL) as the commands they encode, among others', async () => {
    const { port, received } = await fakeServer(
      redisLike('*5\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n:1\r\n'),
    )
    const entries = [
      { key: 'consumption:daily:é', token: 'gAAAAB_tok-en==' },
      { key: 'k', token: '' },
    ]
    const encode = (some: typeof entries, ttlSeconds: number) =>
      encodeSets(
        some.map((entry) => entry.key),
        some.map((entry) => entry.token.length),
        ttlSeconds,
        (i, bytes, offset) => bytes.write(some[i]!.token, offset, 'latin1'),
      )
    const withTtl = encode(entries, 86_400)
    const withoutTtl = encode(entries.slice(0, 1), 0)
    expect(
      entries.map((_entry, i) =>
        withTtl.bytes.toString('latin1', withTtl.valueStarts[i], withTtl.valueEnds[i]),
      ),
    ).toEqual(entries.map((entry) => entry.token))
    const replies = await execTransaction(`redis://127.0.0.1:${port}`, [
      ['DEL', 'old'],
      { bytes: withTtl.bytes, count: 2 },
      { bytes: withoutTtl.bytes, count: 1 },
      ['SET', 'rate', '1'],
    ])
    expect(replies).toHaveLength(5)
    expect(received).toEqual([
      [
        ['MULTI'],
        ['DEL', 'old'],
        ['SET', 'consumption:daily:é', 'gAAAAB_tok-en==', 'EX', '86400'],
        ['SET', 'k', '', 'EX', '86400'],
        ['SET', 'consumption:daily:é', 'gAAAAB_tok-en=='],
        ['SET', 'rate', '1'],
        ['EXEC'],
      ],
    ])
  })

  it('authenticates and selects the database before MULTI, and stops when that is refused', async () => {
    const { port, received } = await fakeServer(redisLike('*1\r\n+OK\r\n'))
    await execTransaction(`redis://:pw@127.0.0.1:${port}/3`, [['SET', 'a', '1']])
    expect(received[0]).toEqual([
      ['AUTH', 'pw'],
      ['SELECT', '3'],
    ])
    expect(received[1]![0]).toEqual(['MULTI'])

    const refusing = await fakeServer((commands) =>
      commands[0]![0] === 'SELECT' ? '-ERR DB index is out of range\r\n' : '+OK\r\n',
    )
    await expect(
      execTransaction(`redis://127.0.0.1:${refusing.port}/99`, [['SET', 'a', '1']]),
    ).rejects.toThrow(new RespError('ERR DB index is out of range'))
    expect(refusing.received).toEqual([[['SELECT', '99']]])
  })

  it('sends a check with AUTH and SELECT, and runs the transaction only when its reply says so', async () => {
    const answer = (check: string) => (commands: string[][]) =>
      commands
        .map(([name]) => (name === 'EXISTS' ? check : redisLike('*1\r\n+OK\r\n')([[name!]])))
        .join('')
    const check = (yes: boolean) => ({
      command: ['EXISTS', 'a', 'b'],
      proceed: (reply: unknown) => (reply === 0) === yes,
    })
    const go = await fakeServer(answer(':0\r\n'))
    expect(
      await execTransactionIf(`redis://:pw@127.0.0.1:${go.port}/3`, check(true), [
        ['SET', 'a', '1'],
      ]),
    ).toEqual({ checked: 0, replies: ['OK'] })
    expect(go.received).toEqual([
      [
        ['AUTH', 'pw'],
        ['SELECT', '3'],
        ['EXISTS', 'a', 'b'],
      ],
      [['MULTI'], ['SET', 'a', '1'], ['EXEC']],
    ])
    const stop = await fakeServer(answer(':1\r\n'))
    expect(
      await execTransactionIf(`redis://127.0.0.1:${stop.port}`, check(true), [['SET', 'a', '1']]),
    ).toEqual({ checked: 1 })
    // Nothing but the check was sent.
    expect(stop.received).toEqual([[['EXISTS', 'a', 'b']]])
    const refused = await fakeServer(answer('-NOSCRIPT no such script\r\n'))
    await expect(
      execTransactionIf(`redis://127.0.0.1:${refused.port}`, check(true), [['SET', 'a', '1']]),
    ).rejects.toThrow(new RespError('NOSCRIPT no such script'))
    expect(refused.received).toHaveLength(1)
  })

  it('reports a refused connection as a Redis that dropped it (a store fault), not as a bare socket error', async () => {
    const { port } = await fakeServer(() => '')
    await new Promise((resolve) => servers.pop()!.close(resolve))
    const failure = await execTransaction(`redis://127.0.0.1:${port}`, [['SET', 'a', '1']]).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(StoreFault)
    expect(failure).toMatchObject({ store: 'Redis', fault: 'closed', outcomeUnknown: false })
    expect((failure as Error).message).toContain('ECONNREFUSED')
  })

  it("reads EXEC's replies of every type, split across reads, an error reply among them", async () => {
    const exec = '*6\r\n+OK\r\n:42\r\n$5\r\nhello\r\n$-1\r\n-OOM no memory\r\n*1\r\n$1\r\nx\r\n'
    const { port } = await fakeServer(redisLike(exec))
    const replies = await execTransaction(`redis://127.0.0.1:${port}`, [
      ['SET', 'a', '1'],
      ['INCR', 'n'],
      ['GET', 'b'],
      ['GET', 'missing'],
      ['SET', 'c', '1'],
      ['KEYS', 'x'],
    ])
    expect(replies).toEqual([
      'OK',
      42,
      Buffer.from('hello'),
      null,
      new RespError('OOM no memory'),
      [Buffer.from('x')],
    ])
  })

  it('throws the queuing error when Redis refuses the whole transaction (EXECABORT)', async () => {
    const { port } = await fakeServer((commands) =>
      commands
        .map(([name]) =>
          name === 'MULTI'
            ? '+OK\r\n'
            : name === 'EXEC'
              ? '-EXECABORT Transaction discarded\r\n'
              : "-ERR unknown command 'NOPE'\r\n",
        )
        .join(''),
    )
    await expect(execTransaction(`redis://127.0.0.1:${port}`, [['NOPE']])).rejects.toThrow(
      new RespError("ERR unknown command 'NOPE'"),
    )
  })

  it('says the outcome is unknown when the connection closes once EXEC may have been sent', async () => {
    const { port } = await fakeServer((commands) => (commands[0]![0] === 'MULTI' ? 'close' : ''))
    const failure = await execTransaction(`redis://127.0.0.1:${port}`, [['SET', 'a', '1']]).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(StoreFault)
    expect(failure).toMatchObject({ store: 'Redis', fault: 'closed', outcomeUnknown: true })
  })
})
