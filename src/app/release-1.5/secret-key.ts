import { randomBytes } from 'node:crypto'

/**
 * Words the app refuses in `SECRET_KEY` at production start-up (`DEBUG=false`), case-insensitively.
 */
export const FORBIDDEN_SECRET_KEY_WORDS = [
  'dev-',
  'changeme',
  'secret',
  'password',
  'test',
  'example',
]

/** The first forbidden word `key` contains, if any. */
export function forbiddenWordIn(key: string): string | undefined {
  const lower = key.toLowerCase()
  return FORBIDDEN_SECRET_KEY_WORDS.find((word) => lower.includes(word))
}

/**
 * A fresh random `SECRET_KEY`: 64 hexadecimal characters, which cannot spell any of the words the
 * app's start-up check refuses.
 */
export function generateSecretKey(): string {
  return randomBytes(32).toString('hex')
}
