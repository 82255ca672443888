import { createHash } from 'node:crypto'
import { chown, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalBinaries } from './find-binaries.ts'
import type { RunAs } from './run-as.ts'
import { runFile } from './run-file.ts'

/** The superuser and database of a local cluster, as the container path names them. */
export const LOCAL_DATABASE = 'myelectricaldata'

/**
 * How the template cluster is made. Local (unix socket) connections are trusted: the socket lives
 * in the start's private directory. TCP needs a password, set anew on every start.
 */
const INITDB_ARGS = [
  '--username',
  LOCAL_DATABASE,
  '--encoding',
  'UTF8',
  '--locale',
  'C',
  '--auth-local',
  'trust',
  '--auth-host',
  'scram-sha-256',
  '--no-sync',
]

/**
 * Where template clusters are kept: `MED_DEMO_CACHE_DIR`, else `$XDG_CACHE_HOME/med-demo` (or
 * `~/.cache/med-demo`); as root, under the temporary directory, which the unprivileged server
 * user can reach (root's home it cannot).
 */
export function cacheDirectory(runAs: RunAs | undefined, env = process.env): string {
  if (env.MED_DEMO_CACHE_DIR) return env.MED_DEMO_CACHE_DIR
  if (runAs) return join(tmpdir(), `med-demo-cache-${runAs.name}`)
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'med-demo')
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/**
 * A cluster initialised once per machine (per Postgres build, initdb options and server user),
 * ready to be copied for each start: `initdb`, then the `myelectricaldata` database, created in a
 * temporary directory and renamed into place, so that concurrent first starts each see either no
 * template or a whole one.
 */
/** `postgres --version`, asked once per binary and user in a process (it decides the template's key). */
const versions = new Map<string, Promise<string>>()
function postgresVersion(postgres: string, runAs: RunAs | undefined): Promise<string> {
  const key = `${postgres}\u0000${runAs?.uid ?? 'self'}`
  let version = versions.get(key)
  if (!version) {
    version = runFile(postgres, ['--version'], runAs).then((out) => out.trim())
    version.catch(() => versions.delete(key))
    versions.set(key, version)
  }
  return version
}

export async function templateCluster(
  binaries: LocalBinaries,
  runAs: RunAs | undefined,
): Promise<string> {
  const version = await postgresVersion(binaries.postgres, runAs)
  const key = createHash('sha256')
    .update(JSON.stringify([binaries.postgres, version, INITDB_ARGS, runAs?.uid ?? 'self']))
    .digest('hex')
    .slice(0, 16)
  const major = /(\d+)/.exec(version.replace(/^\D+/, ''))?.[1] ?? 'x'
  const base = cacheDirectory(runAs)
  const template = join(base, `postgres-${major}-${key}`)
  if (await exists(join(template, 'PG_VERSION'))) return template
  await mkdir(base, { recursive: true, mode: 0o755 })
  const work = await mkdtemp(join(base, '.init-'))
  try {
    if (runAs) await chown(work, runAs.uid, runAs.gid)
    const data = join(work, 'data')
    await runFile(binaries.initdb, ['--pgdata', data, ...INITDB_ARGS], runAs)
    // Single-user mode: no server, no port, no socket.
    await runFile(
      binaries.postgres,
      ['--single', '-D', data, '-c', 'fsync=off', 'postgres'],
      runAs,
      `CREATE DATABASE ${LOCAL_DATABASE};\n`,
    )
    await rename(data, template).catch(async (error: NodeJS.ErrnoException) => {
      // Another first start renamed its own in meanwhile: use that one.
      if (!(await exists(join(template, 'PG_VERSION')))) throw error
    })
    return template
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
