/** A reply of Redis's wire format (RESP2): simple strings, errors, integers, bulk strings, arrays. */
export type RespValue = string | number | Buffer | null | RespError | RespValue[]

export class RespError extends Error {
  override name = 'RespError'
}

/**
 * Parses RESP2 replies as their bytes arrive, each byte once: an array is built item by item as
 * they come (its open levels kept), and a bulk string whose length is known waits for its bytes
 * without them being copied again at every chunk. `take()` returns the next whole reply, if any.
 */
export class ReplyReader {
  private data: Buffer = Buffer.alloc(0)
  private offset = 0
  /** Arrays being read, innermost last: their items so far, and how many are still to come. */
  private readonly open: { items: RespValue[]; left: number }[] = []
  /** A bulk string waiting for its bytes (and the CRLF after them): the pieces received. */
  private bulk: { length: number; pieces: Buffer[]; received: number } | undefined
  /** Whole replies not taken yet, from `next` on. */
  private replies: RespValue[] = []
  private next = 0

  push(chunk: Buffer): void {
    if (this.bulk) {
      const bulk = this.bulk
      bulk.pieces.push(chunk)
      bulk.received += chunk.length
      if (bulk.received < bulk.length + 2) return
      const bytes = Buffer.concat(bulk.pieces, bulk.received)
      this.bulk = undefined
      this.data = bytes
      this.offset = bulk.length + 2
      this.complete(bytes.subarray(0, bulk.length))
    } else {
      this.data =
        this.offset === this.data.length
          ? chunk
          : Buffer.concat([this.data.subarray(this.offset), chunk])
      this.offset = 0
    }
    this.parse()
  }

  /** The next whole reply, or undefined until more bytes arrive. */
  take(): RespValue | undefined {
    if (this.next === this.replies.length) return undefined
    const reply = this.replies[this.next]
    this.next += 1
    if (this.next === this.replies.length) {
      this.replies = []
      this.next = 0
    }
    return reply
  }

  private parse(): void {
    for (;;) {
      const end = this.data.indexOf('\r\n', this.offset)
      if (end < 0) return
      const line = this.data.toString('latin1', this.offset, end)
      this.offset = end + 2
      const body = line.slice(1)
      switch (line[0]) {
        case '+':
          this.complete(body)
          break
        case '-':
          this.complete(new RespError(body))
          break
        case ':':
          this.complete(Number(body))
          break
        case '$': {
          const length = Number(body)
          if (length < 0) {
            this.complete(null)
            break
          }
          if (this.data.length >= this.offset + length + 2) {
            const value = this.data.subarray(this.offset, this.offset + length)
            this.offset += length + 2
            this.complete(value)
            break
          }
          // Its bytes are still to come: gathered as they arrive, joined once.
          const first = this.data.subarray(this.offset)
          this.bulk = { length, pieces: [first], received: first.length }
          this.data = Buffer.alloc(0)
          this.offset = 0
          return
        }
        case '*': {
          const count = Number(body)
          if (count < 0) this.complete(null)
          else if (count === 0) this.complete([])
          else this.open.push({ items: [], left: count })
          break
        }
        default:
          throw new RespError(`unexpected reply from Redis: ${line.slice(0, 40)}`)
      }
    }
  }

  /** A value read: the next item of the innermost open array, or a whole reply. */
  private complete(value: RespValue): void {
    let done = value
    for (;;) {
      const array = this.open.at(-1)
      if (!array) {
        this.replies.push(done)
        return
      }
      array.items.push(done)
      array.left -= 1
      if (array.left > 0) return
      this.open.pop()
      done = array.items
    }
  }
}
