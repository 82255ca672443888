import { hkdfSync } from 'node:crypto'
import type { AccountIdentity } from '../../model/account.ts'

const SALT = '@myelectricaldata/demo-account'

function derive(seed: string, purpose: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', seed, SALT, purpose, length))
}

/** A UUID string (version 4 layout, as the app's `uuid.uuid4()` ids) derived from its inputs. */
export function deriveUuid(seed: string, purpose: string): string {
  const bytes = derive(seed, `uuid\u001f${purpose}`, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * Derives the account's ids and credentials: the client id is `cli_` + 43 base64url characters
 * and the secret 86, as the app's `secrets.token_urlsafe(32)` and `(64)` give. Derived from the
 * seed and the email, so that seeding again, or from processes racing each other, gives the same
 * account and a cache encrypted with the same secret.
 */
export function deriveAccountIdentity(seed: string, email: string): AccountIdentity {
  return {
    userId: deriveUuid(seed, `user\u001f${email}`),
    clientId: `cli_${derive(seed, `client-id\u001f${email}`, 32).toString('base64url')}`,
    clientSecret: derive(seed, `client-secret\u001f${email}`, 64).toString('base64url'),
  }
}

/** The `pdls.id` of a meter: usage point ids are unique across users, so they key it alone. */
export function derivePdlRowId(seed: string, usagePointId: string): string {
  return deriveUuid(seed, `pdl\u001f${usagePointId}`)
}

/**
 * The token of the `email_verification_tokens` row the app writes at sign-up
 * (`secrets.token_urlsafe(32)`: 43 base64url characters), derived like the credentials.
 */
export function deriveEmailVerificationToken(seed: string, email: string): string {
  return derive(seed, `email-verification\u001f${email}`, 32).toString('base64url')
}
