import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hash,
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

/**
 * Writes a token's text (ASCII, `FernetBatch.textLength` bytes) into `out` at `offset`: base64url
 * with the `=` padding Python's `base64.urlsafe_b64encode` keeps. Returns its length.
 */
export function writeFernetText(token: Buffer, out: Buffer, offset: number): number {
  const written = out.write(token.toString('base64url'), offset, 'latin1')
  const padded = Math.ceil(token.length / 3) * 4
  out.fill(0x3d, offset + written, offset + padded)
  return padded
}

/** Version, timestamp and IV before the ciphertext; the HMAC after it. */
const HEADER = 25
const MAC = 32
/** The HMAC's inner pad comes before the token in the work buffer, so one hash reads both. */
const PAD = 64

/** PKCS7 pads 1 to 16 bytes. */
const paddedLength = (plaintextBytes: number) => (Math.floor(plaintextBytes / 16) + 1) * 16

/** A plaintext that writes itself: `length` bytes that `write(into, at)` puts at `at`. */
export interface PlaintextWriter {
  readonly length: number
  write(into: Buffer, at: number): void
}

/** What can be encrypted: a text (UTF-8), bytes, or a writer. */
export type Plaintext = Buffer | string | PlaintextWriter

function byteLengthOf(plaintext: Plaintext): number {
  return typeof plaintext === 'string' ? Buffer.byteLength(plaintext) : plaintext.length
}

function writePlaintext(plaintext: Plaintext, into: Buffer, at: number): void {
  if (typeof plaintext === 'string') into.write(plaintext, at, 'utf8')
  else if (Buffer.isBuffer(plaintext)) plaintext.copy(into, at)
  else plaintext.write(into, at)
}

/** Many plaintexts encrypted under one key and timestamp, token after token. */
export interface FernetBatch {
  /** How many tokens. */
  readonly size: number
  /** The length of token `index`'s text (base64url, padded). */
  textLength(index: number): number
  /**
   * The bytes (before base64) of the next token, the first one first, in a buffer that the next
   * call reuses: copy or encode them before asking for another.
   */
  next(): Buffer
}

/** Plaintext encrypted per cipher call: small enough for its buffers to be reused memory. */
const CHUNK_BYTES = 64 * 1024

/**
 * Encrypts plaintexts into Fernet tokens, `0x80 | timestamp (u64 BE) | IV | AES-128-CBC(PKCS7) |
 * HMAC-SHA256` (their text is base64url with Python's `=` padding: {@link writeFernetText}). The
 * timestamp is `nowSeconds`, which must not be in the future: the app's `decrypt` rejects tokens
 * more than 60 s ahead of its clock.
 *
 * All under one key and timestamp, at a fraction of the CPU of
 * one cipher and one HMAC per token (an account's cache is thousands of them): one AES-CBC
 * cipher runs through all the padded plaintexts, and each token takes as its IV the ciphertext
 * block before its first (the first token a random IV), which makes its ciphertext exactly CBC
 * under that IV. The cipher is fed a few tokens at a time, so its buffers stay small (fresh
 * megabytes cost more in page faults than the encryption). The HMAC is SHA-256 twice over pads
 * computed once. The tokens are ordinary Fernet tokens; their IVs are distinct but predictable,
 * which only matters against someone choosing the plaintexts as the tokens are made, and nobody
 * does here.
 */
export function fernetBatch(
  key: FernetKey,
  plaintexts: readonly Plaintext[],
  nowSeconds = Math.floor(Date.now() / 1000),
): FernetBatch {
  const count = plaintexts.length
  const lengths = new Uint32Array(count)
  let longest = 0
  for (let i = 0; i < count; i++) {
    lengths[i] = byteLengthOf(plaintexts[i]!)
    longest = Math.max(longest, paddedLength(lengths[i]!))
  }
  // The IV of the next token: the cipher's chain block, random for the first token and then the
  // last ciphertext block so far.
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv)
  cipher.setAutoPadding(false)
  // The next plaintexts to encrypt (room for the longest), their ciphertext, where the next
  // token's lies in it, and the token after the last one encrypted.
  const plain = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, longest))
  let encrypted = Buffer.alloc(0)
  let offset = 0
  let chunkEnd = 0
  // [inner pad | version, timestamp | IV, ciphertext | HMAC], and [outer pad | inner hash].
  const work = Buffer.allocUnsafeSlow(PAD + HEADER + longest + MAC)
  const outer = Buffer.alloc(PAD + 32, 0x5c)
  const signingKey = key.signing.export()
  work.fill(0x36, 0, PAD)
  for (let i = 0; i < signingKey.length; i++) {
    work[i]! ^= signingKey[i]!
    outer[i]! ^= signingKey[i]!
  }
  work[PAD] = 0x80
  work.writeBigUInt64BE(BigInt(nowSeconds), PAD + 1)
  let nextIndex = 0

  /** Encrypts the next tokens' plaintexts, as many as `plain` holds (at least one). */
  const encryptChunk = () => {
    let size = 0
    while (chunkEnd < count && size + paddedLength(lengths[chunkEnd]!) <= plain.length) {
      const length = lengths[chunkEnd]!
      writePlaintext(plaintexts[chunkEnd]!, plain, size)
      const padded = paddedLength(length)
      plain.fill(padded - length, size + length, size + padded)
      size += padded
      chunkEnd++
    }
    encrypted = cipher.update(plain.subarray(0, size))
    offset = 0
  }

  return {
    size: count,
    textLength(index) {
      return Math.ceil((HEADER + paddedLength(lengths[index]!) + MAC) / 3) * 4
    },
    next() {
      if (nextIndex >= count) throw new RangeError(`all ${count} tokens were made`)
      if (nextIndex === chunkEnd) encryptChunk()
      const padded = paddedLength(lengths[nextIndex]!)
      // The IV and the ciphertext: side by side in the chunk, but for its first token.
      if (offset === 0) {
        iv.copy(work, PAD + 9)
        encrypted.copy(work, PAD + HEADER, 0, padded)
      } else encrypted.copy(work, PAD + 9, offset - 16, offset + padded)
      offset += padded
      nextIndex++
      // The next chunk's first token takes this chunk's last block.
      if (nextIndex === chunkEnd) encrypted.copy(iv, 0, offset - 16, offset)
      const macAt = PAD + HEADER + padded
      // Digests as `binary` (latin1) strings: a third of the cost of a Buffer each (no ArrayBuffer).
      outer.write(hash('sha256', work.subarray(0, macAt), 'binary'), PAD, 'latin1')
      work.write(hash('sha256', outer, 'binary'), macAt, 'latin1')
      return work.subarray(PAD, macAt + MAC)
    },
  }
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
