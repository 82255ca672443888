/**
 * Every failure this library reports on purpose is a {@link DemoAccountError} with one of these
 * stable codes. Match on `code`, never on the message.
 *
 * - `INVALID_OPTION`: an option is unknown, has the wrong type or an impossible value (a malformed
 *   PDL id, the same PDL id twice in `pdls`, an impossible date, `days` out of range, a Redis
 *   database the server does not have). Nothing was written.
 * - `PDL_CONFLICT`: a usage point id already belongs to another user of the stores (usage point
 *   ids are unique across all users). Nothing was written.
 * - `REMOTE_STORE_REFUSED`: a store URL points at a host that is not local. Nothing was written.
 * - `CONTAINER_RUNTIME_UNAVAILABLE`: no store URL was given and no container engine answers.
 * - `CONTAINER_START_FAILED`: the engine answered but a container (or, with the local engine, a
 *   server process) did not start, or was not ready within `startupTimeoutMs`.
 * - `LOCAL_ENGINE_UNAVAILABLE`: `engine: 'local'` was asked for but the machine lacks Postgres's
 *   or Redis's binaries (or, as root, an unprivileged user to run them as).
 * - `STORE_UNREACHABLE`: a store URL could not be connected to, or a store stopped answering
 *   (each operation has a time limit, `MED_DEMO_STORE_TIMEOUT`) or dropped the connection.
 * - `STORE_PERMISSION_DENIED`: the database user may not create the app's tables.
 * - `SCHEMA_MISMATCH`: the database holds tables that are not the app's 1.0.0-1.5.0 schema.
 * - `SEED_FAILED`: writing failed for another reason; both stores were left as they were, or, when
 *   they could not be (a commit refused and the Redis undo refused too), the message says what was
 *   left and how to clean it.
 * - `WORKER_OUT_OF_RANGE`: a test-runner worker has no store of its own (too many workers).
 * - `FIXTURE_MISCONFIGURED`: a runner adapter is used in a way it cannot work.
 * - `UNSUPPORTED_NODE`: the Node running this package is older than it supports (22.22).
 */
export type DemoAccountErrorCode =
  | 'INVALID_OPTION'
  | 'PDL_CONFLICT'
  | 'REMOTE_STORE_REFUSED'
  | 'CONTAINER_RUNTIME_UNAVAILABLE'
  | 'CONTAINER_START_FAILED'
  | 'LOCAL_ENGINE_UNAVAILABLE'
  | 'STORE_UNREACHABLE'
  | 'STORE_PERMISSION_DENIED'
  | 'SCHEMA_MISMATCH'
  | 'SEED_FAILED'
  | 'WORKER_OUT_OF_RANGE'
  | 'FIXTURE_MISCONFIGURED'
  | 'UNSUPPORTED_NODE'

const PREFIX = '[demo-account]'

/**
 * The error this library throws. `code` is stable; `message` says what failed and what to do;
 * `problems` lists every problem found when several options are wrong at once.
 *
 * @example
 * ```ts
 * try {
 *   await withDemoAccount({ days: 0 })
 * } catch (error) {
 *   if (error instanceof DemoAccountError && error.code === 'INVALID_OPTION') console.log(error.problems)
 * }
 * ```
 */
export class DemoAccountError extends Error {
  override name = 'DemoAccountError'
  readonly code: DemoAccountErrorCode
  readonly problems: readonly string[]

  constructor(
    code: DemoAccountErrorCode,
    message: string,
    options?: ErrorOptions & { problems?: readonly string[] },
  ) {
    super(`${PREFIX} ${message}`, options)
    this.code = code
    this.problems = options?.problems ?? [message]
  }
}

/** Throws one INVALID_OPTION error that lists every problem, when there is at least one. */
export function throwIfInvalid(problems: readonly string[], subject = 'options'): void {
  if (problems.length === 0) return
  const message =
    problems.length === 1
      ? `Invalid ${subject}: ${problems[0]}`
      : `Invalid ${subject} (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`
  throw new DemoAccountError('INVALID_OPTION', message, { problems })
}

/** The message of any thrown value, for wrapping it in a DemoAccountError. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
