import { readFileSync } from 'node:fs'
import { DemoAccountError } from '../errors.ts'

/** The unprivileged user the servers run as when this process is root (Postgres refuses root). */
export interface RunAs {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/** Users tried in order when running as root: `MED_DEMO_LOCAL_USER`, then `postgres`, then `nobody`. */
function candidates(env: NodeJS.ProcessEnv): string[] {
  return [...(env.MED_DEMO_LOCAL_USER ? [env.MED_DEMO_LOCAL_USER] : []), 'postgres', 'nobody']
}

function passwdEntries(): Map<string, RunAs> {
  const entries = new Map<string, RunAs>()
  let text = ''
  try {
    text = readFileSync('/etc/passwd', 'utf8')
  } catch {
    return entries
  }
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':')
    if (name && uid && gid) entries.set(name, { name, uid: Number(uid), gid: Number(gid) })
  }
  return entries
}

/**
 * Undefined when this process is not root (the servers run as this user); when it is root, the
 * first existing unprivileged user of {@link candidates}, since `postgres` refuses to run as root.
 */
export function unprivilegedUser(env: NodeJS.ProcessEnv = process.env): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined
  const users = passwdEntries()
  for (const name of candidates(env)) {
    const user = users.get(name)
    if (user && user.uid !== 0) return user
  }
  throw new DemoAccountError(
    'LOCAL_ENGINE_UNAVAILABLE',
    `The local engine runs as root, and Postgres refuses to run as root, but none of the users ${candidates(env).join(', ')} exists in /etc/passwd. ` +
      'Name an unprivileged user with MED_DEMO_LOCAL_USER, or run as a user that is not root.',
  )
}

/** The `spawn()` options that run a child as `runAs` (none when undefined). */
export function spawnIdentity(runAs: RunAs | undefined): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {}
}
