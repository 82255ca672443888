import bcrypt from 'bcryptjs'

/**
 * A bcrypt hash of the password as the app's `bcrypt.hashpw(password, bcrypt.gensalt())` writes
 * it: `$2b$<rounds>$`, 60 characters. Asynchronous, so that hashing at cost 12 (a few hundred
 * milliseconds) overlaps with containers starting.
 */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds)
}
