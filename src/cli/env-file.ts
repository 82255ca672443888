import type { DemoAccountEnv } from '../demo-account.ts'
import { writeSecretFile } from '../internal/secret-file.ts'

/** Writes only the app's own settings, readable by the owner alone: it holds the secret key. */
export async function writeEnvFile(path: string, env: DemoAccountEnv): Promise<void> {
  const lines = Object.entries(env).map(([name, value]) => `${name}=${value}`)
  await writeSecretFile(path, `${lines.join('\n')}\n`)
}
