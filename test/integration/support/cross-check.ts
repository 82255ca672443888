import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface CrossCheckRequest {
  password: string
  passwordHash: string
  jwt: string
  secretKey: string
  clientSecret: string
  entries: { key: string; token: string }[]
}

export interface CrossCheckReport {
  passwordMatches: boolean
  wrongPasswordMatches: boolean
  claims: Record<string, unknown>
  header: Record<string, unknown>
  entries: { key: string; value: unknown; sameBytesAsJsonDumps: boolean }[]
}

const SCRIPT = fileURLToPath(new URL('./cross_check.py', import.meta.url))
/** Debian's python3 with python3-bcrypt, python3-jose and python3-cryptography. */
const PYTHON = process.env.E2E_PYTHON ?? '/usr/bin/python3'

/** Verifies seeded values with the Python libraries the app's backend uses. */
export function crossCheck(request: CrossCheckRequest): CrossCheckReport {
  const result = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`cross_check.py failed: ${result.stderr || result.error?.message}`)
  return JSON.parse(result.stdout) as CrossCheckReport
}
