/**
 * A JSON text that writes itself into a buffer: `length` bytes, all ASCII (as Python's
 * `json.dumps` writes them, `ensure_ascii`), that `write(into, at)` puts at `at`. The largest
 * cache entries take this form: each one a string of its own cost more to make and copy than to
 * encrypt.
 */
export interface JsonText {
  readonly length: number
  write(into: Buffer, at: number): void
}

/** The text of a cache entry's JSON, whichever form it has. */
export function jsonString(json: string | JsonText): string {
  if (typeof json === 'string') return json
  const bytes = Buffer.allocUnsafe(json.length)
  json.write(bytes, 0)
  return bytes.toString('latin1')
}
