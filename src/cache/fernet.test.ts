import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { fernetDecrypt, fernetEncrypter, fernetKeyFromClientSecret } from './fernet.ts'

const key = fernetKeyFromClientSecret('client-secret-of-the-test')
/** Lengths around the block size (padding of 1 to 16 bytes), a multi-byte text and a large one. */
const plaintexts = [
  '',
  'a',
  'x'.repeat(15),
  'x'.repeat(16),
  'x'.repeat(17),
  '{"value": "1234", "date": "2025-01-01"}',
  'é€ünicode',
  'y'.repeat(10_000),
  Buffer.from([0, 1, 2, 255]),
]

describe('fernetEncrypter', () => {
  it('gives tokens that decrypt to each plaintext, in any order, each with its own IV', () => {
    const encrypt = fernetEncrypter(key, 1_700_000_000)
    const tokens = plaintexts.map((plaintext) => encrypt(plaintext))
    // Last first: no token needs the one before it (the cipher runs through them all).
    for (const [i, token] of [...tokens.entries()].reverse()) {
      expect(fernetDecrypt(key, token)?.toString('latin1')).toBe(
        Buffer.from(plaintexts[i]!).toString('latin1'),
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

  it("gives tokens Python's cryptography decrypts with the app's key", () => {
    const encrypt = fernetEncrypter(key, Math.floor(Date.now() / 1000))
    const tokens = plaintexts.map((plaintext) => encrypt(plaintext))
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
    expect(decrypted).toEqual(plaintexts.map((plaintext) => Buffer.from(plaintext).toString('hex')))
  })
})
