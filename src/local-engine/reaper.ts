import { spawn } from 'node:child_process'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The parent's end of a {@link file://./reaper-process.ts reaper}. */
export interface Reaper {
  readonly pid: number
  /** Stop `pid` with `signal` (then SIGKILL) if this process dies first. */
  watch(pid: number, signal: NodeJS.Signals): void
  /** Remove `path` once the watched servers are gone, if this process dies first. */
  remove(path: string): void
  /** Everything was stopped and removed here: the reaper exits doing nothing. */
  release(): void
}

/** The reaper script next to this module: `.ts` when running from source, `.js` from dist. */
function reaperScript(): string {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  return fileURLToPath(new URL(`./reaper-process${extension}`, import.meta.url))
}

/**
 * Starts a detached reaper whose stdin is a pipe from this process. It does not keep this
 * process alive; when this process exits in any way, the pipe closes and the reaper stops what it
 * was told to watch unless it was released.
 */
export function startReaper(): Reaper {
  const { NODE_OPTIONS: _ignored, ...env } = process.env
  const child = spawn(process.execPath, [reaperScript()], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env,
  })
  child.unref()
  const input = child.stdin as Socket
  input.unref()
  // The reaper gone early (killed by hand) must not crash this process with EPIPE.
  input.on('error', () => {})
  const send = (line: string) => {
    if (!input.destroyed) input.write(`${line}\n`)
  }
  return {
    pid: child.pid!,
    watch: (pid, signal) => send(`watch ${pid} ${signal}`),
    remove: (path) => send(`remove ${path}`),
    release: () => {
      send('release')
      input.end()
    },
  }
}
