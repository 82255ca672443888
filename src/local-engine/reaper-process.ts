// The local engine's reaper: a detached process that outlives the one which started local
// servers, and stops them when that one dies without stopping them (SIGKILL, a crash). Like
// testcontainers' Ryuk, it learns of the death from a connection closing: its stdin, a pipe whose
// only writer is the parent. Lines on it:
//   watch <pid> <signal>   a server to stop (that signal, then SIGKILL after a grace)
//   remove <path>          a directory to remove once the servers are gone
//   release                the parent stopped everything itself: exit without doing anything
// Run with `node reaper-process.js`; it imports nothing of the library, to start fast.
import { rmSync } from 'node:fs'

const GRACE_MS = 3000
const watched: { pid: number; signal: NodeJS.Signals }[] = []
const paths: string[] = []
let released = false
let pending = ''

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {}
}

async function reap(): Promise<void> {
  if (released) process.exit(0)
  for (const { pid, signal: name } of watched) signal(pid, name)
  const deadline = Date.now() + GRACE_MS
  while (watched.some((w) => alive(w.pid)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50))
  for (const { pid } of watched) if (alive(pid)) signal(pid, 'SIGKILL')
  for (let i = 0; i < 40 && watched.some((w) => alive(w.pid)); i++)
    await new Promise((resolve) => setTimeout(resolve, 50))
  for (const path of paths) rmSync(path, { recursive: true, force: true })
  process.exit(0)
}

function take(line: string): void {
  const [verb, ...rest] = line.split(' ')
  if (verb === 'watch') watched.push({ pid: Number(rest[0]), signal: rest[1] as NodeJS.Signals })
  else if (verb === 'remove') paths.push(rest.join(' '))
  else if (verb === 'release') released = true
}

// Signals meant for the parent's terminal or process group are not for the reaper; SIGTERM is a
// request to clean up now.
for (const name of ['SIGINT', 'SIGHUP'] as const) process.on(name, () => {})
process.on('SIGTERM', () => void reap())
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  pending += chunk
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) take(line)
})
process.stdin.on('end', () => void reap())
process.stdin.on('error', () => void reap())
