/**
 * A bcrypt hash of the password as the app's `bcrypt.hashpw(password, bcrypt.gensalt())` writes
 * it: `$2b$<rounds>$`, 60 characters. Asynchronous, so that hashing at cost 12 (a few hundred
 * milliseconds) overlaps with containers starting.
 */
export async function hashPassword(password: string, rounds: number): Promise<string> {
  // Loaded when first needed: the planning workers, which share this module, never hash.
  const { default: bcrypt } = await import('bcryptjs')
  return bcrypt.hash(password, rounds)
}
