import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { DemoAccountEnv } from '../demo-account.ts'

/** Writes only the app's own settings, readable by the owner alone: it holds the secret key. */
export async function writeEnvFile(path: string, env: DemoAccountEnv): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const lines = Object.entries(env).map(([name, value]) => `${name}=${value}`)
  await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 })
}
