import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  fernetBatch,
  fernetDecrypt,
  fernetKeyFromClientSecret,
  type Plaintext,
  writeFernetText,
} from './fernet.ts'

const key = fernetKeyFromClientSecret('client-secret-of-the-test')
/** Lengths around the block size (padding of 1 to 16 bytes), a multi-byte text and a large one. */
const plaintexts: Plaintext[] = [
  '',
  'a',
  'x'.repeat(15),
  'x'.repeat(16),
  'x'.repeat(17),
  '{"value": "1234", "date": "2025-01-01"}',
  'é€ünicode',
  'y'.repeat(10_000),
  Buffer.from([0, 1, 2, 255]),
  // A plaintext that writes itself.
  { length: 20, write: (into: Buffer, at: number) => void into.write('written-by-itself-20', at) },
]
/** What each plaintext's bytes are. */
const bytesOf = (plaintext: (typeof plaintexts)[number]) =>
  typeof plaintext === 'string' || Buffer.isBuffer(plaintext)
    ? Buffer.from(plaintext)
    : Buffer.from('written-by-itself-20')

/** The batch's tokens as texts, each written where its length says. */
function batchTexts(nowSeconds: number, texts: readonly Plaintext[] = plaintexts) {
  const batch = fernetBatch(key, texts, nowSeconds)
  expect(batch.size).toBe(texts.length)
  const tokens: string[] = []
  for (let i = 0; i < texts.length; i++) {
    const out = Buffer.alloc(batch.textLength(i) + 2, '#')
    expect(writeFernetText(batch.next(), out, 1)).toBe(batch.textLength(i))
    // Exactly its length, nothing written around it.
    expect([out.toString('latin1', 0, 1), out.toString('latin1', out.length - 1)]).toEqual([
      '#',
      '#',
    ])
    tokens.push(out.toString('latin1', 1, out.length - 1))
  }
  return tokens
}

describe('fernetBatch', () => {
  it('gives tokens that decrypt to each plaintext, each with its own IV', () => {
    const tokens = batchTexts(1_700_000_000)
    // Last first: no token needs the one before it to decrypt.
    for (const [i, token] of [...tokens.entries()].reverse()) {
      expect(fernetDecrypt(key, token)?.toString('latin1')).toBe(
        bytesOf(plaintexts[i]!).toString('latin1'),
      )
      const data = Buffer.from(token, 'base64url')
      expect(data[0]).toBe(0x80)
      expect(data.readBigUInt64BE(1)).toBe(1_700_000_000n)
    }
    const ivs = tokens.map((token) =>
      Buffer.from(token, 'base64url').subarray(9, 25).toString('hex'),
    )
    expect(new Set(ivs).size).toBe(tokens.length)
  })

  it('encrypts many chunks of plaintexts, and refuses a token past the last', () => {
    // 3 MB: the cipher is fed dozens of times, a token larger than a chunk among them.
    const many = Array.from({ length: 600 }, (_v, i) =>
      `${i}:`.padEnd(i === 300 ? 200_000 : 4_800, 'z'),
    )
    const tokens = batchTexts(1_700_000_000, many)
    expect(tokens.map((token) => fernetDecrypt(key, token)?.toString())).toEqual(many)
    const batch = fernetBatch(key, ['a'])
    batch.next()
    expect(() => batch.next()).toThrow(RangeError)
  })

  it("gives tokens Python's cryptography decrypts with the app's key", () => {
    const now = Math.floor(Date.now() / 1000)
    const tokens = batchTexts(now)
    const script = `
import base64, hashlib, json, sys
from cryptography.fernet import Fernet
f = Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"client-secret-of-the-test").digest()))
print(json.dumps([f.decrypt(t.encode()).hex() for t in json.load(sys.stdin)]))
`
    const decrypted = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script], {
        input: JSON.stringify(tokens),
      }).toString(),
    )
    const hex = plaintexts.map((plaintext) => bytesOf(plaintext).toString('hex'))
    expect(decrypted).toEqual(hex)
  })
})
