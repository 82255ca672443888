import net from 'node:net'
import tls from 'node:tls'
import { StoreFault } from '../stores/store-fault.ts'
import { storeTimeoutMs } from '../stores/store-timeouts.ts'
import { type RedisTarget, redisTarget } from './redis-target.ts'
import { ReplyReader, RespError, type RespValue } from './reply-reader.ts'

/**
 * A minimal Redis client for one job: send a MULTI/EXEC transaction of thousands of commands as a
 * single pre-encoded buffer. Seeding writes 15 MB in about 4,400 commands; ioredis's `multi()`
 * encodes and tracks them one by one, and `npm run bench` (seeding) measures it at 1.0 to 1.8
 * times this (139 ms against 75 ms in one run on 2 vCPUs, connection included; a plain pipelined
 * SET of the same entries took 133 ms; in later runs on a loaded machine 0.81-0.94 of that SET,
 * against 0.67-0.78 for this), so this writes RESP directly and reads back only what is needed.
 * Commands encoded elsewhere (`encodeSets`, in a planning worker or a plan kept on disk)
 * are sent as they are.
 */

export type { RespValue } from './reply-reader.ts'
export { RespError } from './reply-reader.ts'

export type Argument = string | Buffer

/**
 * Commands already in RESP (from `encodeSets`), sent as they are: `count` commands, whose
 * bytes are not copied again.
 */
export interface EncodedCommands {
  readonly bytes: Buffer
  readonly count: number
}

type Command = readonly Argument[] | EncodedCommands

function isEncoded(command: Command): command is EncodedCommands {
  return 'bytes' in command
}

function encode(commands: readonly (readonly Argument[])[]): Buffer {
  let size = 0
  for (const args of commands) {
    size += 3 + String(args.length).length
    for (const arg of args) {
      const length = typeof arg === 'string' ? Buffer.byteLength(arg) : arg.length
      size += 5 + String(length).length + length
    }
  }
  const buffer = Buffer.allocUnsafe(size)
  let offset = 0
  for (const args of commands) {
    offset += buffer.write(`*${args.length}\r\n`, offset, 'latin1')
    for (const arg of args) {
      const length = typeof arg === 'string' ? Buffer.byteLength(arg) : arg.length
      offset += buffer.write(`$${length}\r\n`, offset, 'latin1')
      offset += typeof arg === 'string' ? buffer.write(arg, offset) : arg.copy(buffer, offset)
      offset += buffer.write('\r\n', offset, 'latin1')
    }
  }
  return buffer
}

/**
 * The commands as buffers to send one after the other: runs of commands encoded together, and
 * commands already encoded as they are (not copied).
 */
function encodeAll(commands: readonly Command[]): { chunks: Buffer[]; count: number } {
  const chunks: Buffer[] = []
  let count = 0
  let run: (readonly Argument[])[] = []
  for (const command of commands) {
    if (isEncoded(command)) {
      if (run.length > 0) chunks.push(encode(run))
      run = []
      chunks.push(command.bytes)
      count += command.count
    } else {
      run.push(command)
      count++
    }
  }
  if (run.length > 0) chunks.push(encode(run))
  return { chunks, count }
}

/** A socket to the server the target names, as ioredis would open it. */
function connect(target: RedisTarget, timeoutMs: number): Promise<net.Socket> {
  const { options } = target
  return new Promise((resolve, reject) => {
    const socket = target.path
      ? net.connect(target.path)
      : options.tls
        ? tls.connect({
            host: target.host,
            port: target.port,
            servername: target.host,
            ...(typeof options.tls === 'object' ? options.tls : {}),
          })
        : net.connect({ host: target.host, port: target.port, family: options.family || undefined })
    // Inactivity, not total time: a paused server accepts the connection and never answers.
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(
        new StoreFault('Redis', 'timeout', `Redis did not answer within ${timeoutMs / 1000} s`),
      ),
    )
    socket.once(options.tls && !target.path ? 'secureConnect' : 'connect', () => resolve(socket))
    socket.once('error', (error) => reject(asStoreFault(error)))
  })
}

/** A socket's error as a Redis that refused or dropped the connection (a timeout stays one). */
function asStoreFault(error: Error): StoreFault {
  return error instanceof StoreFault ? error : new StoreFault('Redis', 'closed', error.message)
}

/** The commands that authenticate and select the database the target names. */
function preamble(target: RedisTarget): Argument[][] {
  const commands: Argument[][] = []
  const { username, password } = target.options
  if (password) commands.push(username ? ['AUTH', username, password] : ['AUTH', password])
  if (target.db !== 0) commands.push(['SELECT', String(target.db)])
  return commands
}

/** Sends commands and resolves with the next `count` replies. */
function exchange(
  socket: net.Socket,
  reader: ReplyReader,
  payload: readonly Buffer[],
  count: number,
): Promise<RespValue[]> {
  return new Promise((resolve, reject) => {
    const replies: RespValue[] = []
    const onData = (chunk: Buffer) => {
      try {
        reader.push(chunk)
        while (replies.length < count) {
          const reply = reader.take()
          if (reply === undefined) return
          replies.push(reply)
        }
        finish()
        resolve(replies)
      } catch (error) {
        finish()
        reject(error)
      }
    }
    const onError = (error: Error) => {
      finish()
      reject(asStoreFault(error))
    }
    const onClose = () => {
      finish()
      reject(
        new StoreFault('Redis', 'closed', 'Redis closed the connection during the transaction'),
      )
    }
    const finish = () => {
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('close', onClose)
    }
    socket.on('data', onData)
    socket.once('error', onError)
    socket.once('close', onClose)
    if (count === 0) {
      finish()
      resolve(replies)
      return
    }
    socket.cork()
    for (const chunk of payload) socket.write(chunk)
    socket.uncork()
  })
}

/**
 * Runs `commands` in one MULTI/EXEC on a fresh connection to the server and database the URL
 * names (read by ioredis's parser, as every other connection), and returns EXEC's replies (an
 * error reply among them means that command failed while the others ran). Authentication and
 * SELECT are answered before MULTI is sent: a refused SELECT must not leave the transaction to
 * run in database 0. Throws when Redis refused the transaction as a whole, in which case nothing
 * was written; every read is limited to the store time limit.
 */
export async function execTransaction(
  redisUrl: string,
  commands: readonly Command[],
): Promise<RespValue[]> {
  return (await execTransactionIf(redisUrl, undefined, commands)).replies!
}

/** A command sent before a transaction, whose reply decides whether the transaction runs. */
export interface TransactionCheck {
  readonly command: readonly Argument[]
  proceed(reply: RespValue): boolean
}

/**
 * {@link execTransaction}, after `check`: its command goes with AUTH and SELECT (a read-only one:
 * it runs before SELECT is known to have been taken), and the transaction runs only if
 * `check.proceed` says so of its reply. Returns that reply, and EXEC's replies if it ran. One
 * connection and one round trip fewer than a check made on another connection.
 */
export async function execTransactionIf(
  redisUrl: string,
  check: TransactionCheck | undefined,
  commands: readonly Command[],
): Promise<{ checked?: RespValue; replies?: RespValue[] }> {
  const target = redisTarget(redisUrl)
  const socket = await connect(target, storeTimeoutMs())
  try {
    const reader = new ReplyReader()
    const setup = preamble(target)
    const first = check ? [...setup, check.command] : setup
    const setupReplies = await exchange(socket, reader, [encode(first)], first.length)
    const setupError = setupReplies
      .slice(0, setup.length)
      .find((reply) => reply instanceof RespError)
    if (setupError) throw setupError
    const checked = check ? setupReplies.at(-1)! : undefined
    if (checked instanceof RespError) throw checked
    if (check && !check.proceed(checked!)) return { checked }
    const { chunks, count } = encodeAll([['MULTI'], ...commands, ['EXEC']])
    const replies = await exchange(socket, reader, chunks, count).catch((error: unknown) => {
      // Once EXEC may have reached the server, a silent server may still run the transaction.
      if (!(error instanceof StoreFault)) throw error
      throw new StoreFault(error.store, error.fault, error.message, { outcomeUnknown: true })
    })
    const exec = replies.at(-1)
    if (exec instanceof RespError) {
      const queued = replies.slice(1, -1).find((reply) => reply instanceof RespError)
      throw queued ?? exec
    }
    if (!Array.isArray(exec)) throw new RespError('Redis discarded the transaction')
    return { ...(check ? { checked } : {}), replies: exec }
  } finally {
    socket.destroy()
  }
}
