import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto'

/**
 * Fernet, as `cryptography.fernet.Fernet` implements it, keyed the way the app keys its cache:
 * the key is SHA-256 of the user's client secret; its first 16 bytes sign, the last 16 encrypt.
 */
export interface FernetKey {
  readonly signing: KeyObject
  readonly encryption: KeyObject
}

/** The cache key the app derives from a client secret. */
export function fernetKeyFromClientSecret(clientSecret: string): FernetKey {
  const digest = createHash('sha256').update(clientSecret, 'utf8').digest()
  return {
    signing: createSecretKey(digest.subarray(0, 16)),
    encryption: createSecretKey(digest.subarray(16, 32)),
  }
}

/** Random IVs drawn in batches: one `randomBytes` call per entry was the slowest part of seeding. */
const ivPool = { bytes: Buffer.alloc(0), offset: 0 }

function nextIv(): Buffer {
  if (ivPool.offset + 16 > ivPool.bytes.length) {
    ivPool.bytes = randomBytes(16 * 4096)
    ivPool.offset = 0
  }
  ivPool.offset += 16
  return ivPool.bytes.subarray(ivPool.offset - 16, ivPool.offset)
}

/**
 * A Fernet token: `0x80 | timestamp (u64 BE) | IV | AES-128-CBC(PKCS7) | HMAC-SHA256`, base64url
 * with padding. The timestamp is `nowSeconds`, which must not be in the future: the app's
 * `decrypt` rejects tokens more than 60 s ahead of its clock.
 */
export function fernetEncrypt(
  key: FernetKey,
  plaintext: Buffer | string,
  nowSeconds = Math.floor(Date.now() / 1000),
  iv: Buffer = nextIv(),
): string {
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv)
  const head = cipher.update(plaintext)
  const tail = cipher.final()
  // One buffer for the whole token: version, timestamp, IV, ciphertext, then the HMAC of them all.
  const signedLength = 25 + head.length + tail.length
  const token = Buffer.allocUnsafe(signedLength + 32)
  token[0] = 0x80
  token.writeBigUInt64BE(BigInt(nowSeconds), 1)
  iv.copy(token, 9)
  head.copy(token, 25)
  tail.copy(token, 25 + head.length)
  createHmac('sha256', key.signing)
    .update(token.subarray(0, signedLength))
    .digest()
    .copy(token, signedLength)
  return token.toString('base64url') + padding(token.length)
}

/** base64url in Python keeps the `=` padding that Node's base64url drops. */
function padding(byteLength: number): string {
  const remainder = byteLength % 3
  return remainder === 0 ? '' : '='.repeat(3 - remainder)
}

/** Decrypts a Fernet token, or returns `undefined` when it does not verify (as the app's cache reads treat any failure as a miss). */
export function fernetDecrypt(key: FernetKey, token: string): Buffer | undefined {
  const data = Buffer.from(token, 'base64url')
  if (data.length < 57 || data[0] !== 0x80) return undefined
  const signed = data.subarray(0, data.length - 32)
  const mac = createHmac('sha256', key.signing).update(signed).digest()
  if (!mac.equals(data.subarray(data.length - 32))) return undefined
  const iv = data.subarray(9, 25)
  try {
    const decipher = createDecipheriv('aes-128-cbc', key.encryption, iv)
    return Buffer.concat([decipher.update(data.subarray(25, data.length - 32)), decipher.final()])
  } catch {
    return undefined
  }
}
