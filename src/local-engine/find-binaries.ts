import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** The server binaries the local engine runs. */
export interface LocalBinaries {
  /** `initdb`, in the same directory as `postgres`. */
  readonly initdb: string
  readonly postgres: string
  /** `redis-server` or `valkey-server`. */
  readonly redisServer: string
}

/** What was found, or where it was looked for (for the error message). */
export type BinarySearch =
  | { readonly found: LocalBinaries }
  | { readonly found: undefined; readonly missing: string }

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function pathDirectories(env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? '').split(delimiter).filter(Boolean)
}

/** `<parent>/<prefix><version><suffix>` directories, the newest (highest number) first. */
function versioned(parent: string, prefix: string, suffix: string): string[] {
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    return []
  }
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+(\.\d+)?$/.test(name.slice(prefix.length)))
    .sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)))
    .map((name) => join(parent, name, suffix))
}

/**
 * Where Postgres's `initdb` and `postgres` are looked for, in order: `MED_DEMO_PG_BIN`, the
 * `PATH`, then the usual places of Debian/Ubuntu (`/usr/lib/postgresql/<n>/bin`), source builds
 * (`/usr/local/pgsql/bin`) and Homebrew (`postgresql@<n>`), the newest version first.
 */
export function postgresDirectories(env: NodeJS.ProcessEnv = process.env, system = true): string[] {
  const given = [...(env.MED_DEMO_PG_BIN ? [env.MED_DEMO_PG_BIN] : []), ...pathDirectories(env)]
  if (!system) return given
  return [
    ...given,
    ...versioned('/usr/lib/postgresql', '', 'bin'),
    '/usr/local/pgsql/bin',
    ...versioned('/opt/homebrew/opt', 'postgresql@', 'bin'),
    ...versioned('/usr/local/opt', 'postgresql@', 'bin'),
    '/opt/homebrew/opt/postgresql/bin',
    '/usr/local/opt/postgresql/bin',
  ]
}

/** Where `redis-server` and `valkey-server` are looked for: `MED_DEMO_REDIS_SERVER`, then the PATH and the usual directories. */
export function redisCandidates(env: NodeJS.ProcessEnv = process.env, system = true): string[] {
  const directories = [
    ...pathDirectories(env),
    ...(system ? ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'] : []),
  ]
  return [
    ...(env.MED_DEMO_REDIS_SERVER ? [env.MED_DEMO_REDIS_SERVER] : []),
    ...['redis-server', 'valkey-server'].flatMap((name) => directories.map((d) => join(d, name))),
  ]
}

/**
 * Finds `initdb` + `postgres` (from one directory) and a Redis server, without running them;
 * `system: false` looks in the variables and the PATH only.
 */
export function findLocalBinaries(
  env: NodeJS.ProcessEnv = process.env,
  { system = true } = {},
): BinarySearch {
  const pgDirectory = postgresDirectories(env, system).find(
    (dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'postgres')),
  )
  const redisServer = redisCandidates(env, system).find(isExecutable)
  const missing = [
    ...(pgDirectory
      ? []
      : [
          "Postgres's initdb and postgres (looked in MED_DEMO_PG_BIN, the PATH, /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin and Homebrew's postgresql@*)",
        ]),
    ...(redisServer
      ? []
      : ['redis-server or valkey-server (looked in MED_DEMO_REDIS_SERVER and the PATH)']),
  ]
  if (!pgDirectory || !redisServer) return { found: undefined, missing: missing.join(' and ') }
  // Symlinks (/usr/local/bin/postgres, Homebrew's) resolved: initdb finds its postgres next to it.
  return {
    found: {
      initdb: realpathSync(join(pgDirectory, 'initdb')),
      postgres: realpathSync(join(pgDirectory, 'postgres')),
      redisServer,
    },
  }
}
