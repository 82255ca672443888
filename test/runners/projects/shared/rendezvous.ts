import { access, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** The directory workers meet in, from the runner test. */
function meetingDir(): string {
  const dir = process.env.RUNNER_MEETING_DIR
  if (!dir) throw new Error('RUNNER_MEETING_DIR is not set: run this project from its runner test')
  return dir
}

/** Tells the other workers that `name` reached a point, with data for them. */
export async function announce(name: string, data: unknown = null): Promise<void> {
  // Written aside, then renamed: a reader never sees a half-written file.
  const path = join(meetingDir(), `${name}.json`)
  await writeFile(`${path}.${process.pid}.tmp`, JSON.stringify(data))
  await rename(`${path}.${process.pid}.tmp`, path)
}

/**
 * Waits until another worker announces `name`, and returns its data. Workers that must meet run
 * at the same time; one that never comes means they did not, which fails the test.
 */
export async function awaitAnnouncement<T = unknown>(name: string, timeoutMs = 60_000): Promise<T> {
  const path = join(meetingDir(), `${name}.json`)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const present = await access(path).then(
      () => true,
      () => false,
    )
    if (present) return JSON.parse(await readFile(path, 'utf8')) as T
    if (Date.now() > deadline) throw new Error(`no worker announced "${name}" in ${timeoutMs} ms`)
    await sleep(50)
  }
}
