import { createHash } from 'node:crypto'
import { libraryVersion } from '../internal/library-version.ts'
import type { ResolvedOptions } from '../options/resolve-options.ts'

/**
 * How the reused stores are laid out: one account in the app's database (`withDemoAccount`,
 * `med-demo up`), or the Vitest global setup's template with a Redis database per worker slot.
 * Two layouts never share containers.
 */
export type ReuseLayout =
  | { readonly kind: 'account'; readonly redisDatabases: number }
  | { readonly kind: 'vitest-template'; readonly redisDatabases: number }

/**
 * Resolved options that do not decide what the stores hold: the secret key only signs the JWT
 * (which is signed again on every run, with the key given or the one of the run that seeded), the
 * rest says how to reach, start or wait for the stores. Everything else counts, including options added
 * later, since the rest of the resolved options is hashed as it is.
 */
const NOT_IN_THE_DATA = ['secretKey', 'allowRemote', 'startupTimeoutMs', 'reuse', 'engine'] as const

/** JSON with the keys of every object sorted; functions and `undefined` left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/**
 * What the reused containers are found by (the value of their reuse label): a fingerprint of the
 * set's name and of how they are set up, this library's version, the images and the layout, but
 * not of what they hold.
 * So a run with other options re-seeds the same containers (when no other run uses them) instead
 * of adding a pair per set of options, or per day with the default `referenceDate`.
 */
export function reuseSetupKey(resolved: ResolvedOptions, layout: ReuseLayout): string {
  const inputs = {
    name: resolved.reuse,
    library: libraryVersion(),
    postgres: resolved.postgres.image,
    redis: resolved.redis.image,
    layout,
  }
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex')
}

/**
 * The fingerprint of the seeded data and the stores' setup: sha256 of a canonical JSON of the
 * resolved options (but {@link NOT_IN_THE_DATA}, and the app contract's code, of which the
 * release, mode and schema stand for it), this library's version, the images and the layout.
 * `referenceDate` defaults to today, so a new day gives a new fingerprint: its data differ.
 */
export function reuseFingerprint(resolved: ResolvedOptions, layout: ReuseLayout): string {
  const data: Record<string, unknown> = { ...resolved }
  for (const key of NOT_IN_THE_DATA) delete data[key]
  const { contract: _contract, ...app } = resolved.app
  const inputs = {
    library: libraryVersion(),
    options: { ...data, app, postgres: resolved.postgres.image, redis: resolved.redis.image },
    layout,
  }
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex')
}
