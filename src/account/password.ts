import bcrypt from 'bcryptjs'

/**
 * A bcrypt hash of the password as the app's `bcrypt.hashpw(password, bcrypt.gensalt())` writes
 * it: `$2b$<rounds>$`, 60 characters. Asynchronous, so that hashing at cost 12 (a few hundred
 * milliseconds) overlaps with containers starting.
 */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds)
}

/** Whether `password` matches a `$2a$`/`$2b$`/`$2y$` hash. */
export function verifyPassword(password: string, hash: string): boolean {
  return bcrypt.compareSync(password, hash)
}

/** The cost factor of a bcrypt hash. */
export function roundsOf(hash: string): number {
  return Number(hash.slice(4, 6))
}
