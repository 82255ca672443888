import { describe, expect, it } from 'vitest'
import { ReplyReader, RespError, type RespValue } from './reply-reader.ts'

/** Every reply the reader gives for `bytes` pushed in pieces of `size` bytes. */
function readAll(bytes: Buffer, size: number): RespValue[] {
  const reader = new ReplyReader()
  const replies: RespValue[] = []
  for (let at = 0; at < bytes.length; at += size) {
    reader.push(bytes.subarray(at, at + size))
    for (let reply = reader.take(); reply !== undefined; reply = reader.take()) replies.push(reply)
  }
  return replies
}

const MIXED = Buffer.from(
  '+OK\r\n-ERR wrong\r\n:42\r\n$5\r\nhel\r\n\r\n$-1\r\n*-1\r\n*0\r\n' +
    '*3\r\n:1\r\n*2\r\n$1\r\na\r\n-OOM no\r\n$0\r\n\r\n+QUEUED\r\n',
)
const EXPECTED: RespValue[] = [
  'OK',
  new RespError('ERR wrong'),
  42,
  Buffer.from('hel\r\n'),
  null,
  null,
  [],
  [1, [Buffer.from('a'), new RespError('OOM no')], Buffer.alloc(0)],
  'QUEUED',
]

describe('ReplyReader', () => {
  it('reads every type, nested arrays and CRLF inside bulk strings, however the bytes are cut', () => {
    for (const size of [1, 2, 3, 7, 16, MIXED.length]) {
      expect(readAll(MIXED, size), `pieces of ${size}`).toEqual(EXPECTED)
    }
  })

  it('reads a reply of megabytes in many pieces: an array of large bulk strings, whole', () => {
    const values = Array.from({ length: 40 }, (_v, i) => Buffer.alloc(100_000 + i, 97 + (i % 26)))
    const bytes = Buffer.concat([
      Buffer.from(`*${values.length}\r\n`),
      ...values.flatMap((value) => [
        Buffer.from(`$${value.length}\r\n`),
        value,
        Buffer.from('\r\n'),
      ]),
      Buffer.from('+after\r\n'),
    ])
    for (const size of [65_536, 4_099]) {
      expect(readAll(bytes, size)).toEqual([values, 'after'])
    }
  })

  it('gives thousands of replies of one piece one after the other', () => {
    const replies = readAll(Buffer.from('+QUEUED\r\n'.repeat(5_000)), 1 << 20)
    expect(replies).toHaveLength(5_000)
    expect(new Set(replies)).toEqual(new Set(['QUEUED']))
  })

  it('refuses a reply that is not RESP', () => {
    expect(() => readAll(Buffer.from('HTTP/1.1 400 Bad Request\r\n'), 64)).toThrow(
      new RespError('unexpected reply from Redis: HTTP/1.1 400 Bad Request'),
    )
  })
})
