import { parseArgs } from 'node:util'
import { ENV } from '../../internal/environment.ts'
import { ACCOUNT_FLAGS_HELP, missingStoreFlags } from '../account-flags.ts'
import { UsageError } from '../cli-error.ts'
import { UP_FLAGS, up } from './up.ts'

export const SERVE_HELP = `Usage: med-demo serve --database-url URL --redis-url URL --port N [options] [-- command]

Serves accounts on demand over HTTP from existing stores (it never starts containers): seeds the
demo account, then answers on http://127.0.0.1:N/ (loopback only) until Ctrl-C or SIGTERM:

  GET  /                          the environment (the --json object) and the accounts added
  POST /accounts                  body: addAccount() options as JSON ({"index": 3}, {"email": ...},
                                  "pdls", ...; {} picks a free index): 201 and the new account
  DELETE /accounts/EMAIL          204: the account and everything of it removed
  POST /accounts/EMAIL/reset      200: the account back to its seeded state

Every request needs "Authorization: Bearer TOKEN": the token is printed at start and written to
--state-file (server.token). Requests for a Host other than 127.0.0.1:N, localhost:N or [::1]:N
are refused (403). Errors are JSON: {"error": {"code", "message"}}. The stores are left as they
are on exit; --state-file is removed.

Options:
${ACCOUNT_FLAGS_HELP}
  --port N                the port to serve on (required)
  --state-file PATH       write the --json object, this process's pid and the API's URL and token
                          to PATH (mode 0600, removed on exit)

The URLs may also come from ${ENV.databaseUrl} and ${ENV.redisUrl}.`

/** `med-demo serve`: `up --port` over stores that exist. */
export async function serve(argv: readonly string[]): Promise<number> {
  const separator = argv.indexOf('--')
  const { values } = parseArgs({
    args: [...(separator < 0 ? argv : argv.slice(0, separator))],
    options: UP_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(SERVE_HELP)
    return 0
  }
  // Flags of up that start stores mean nothing over given ones.
  const startingFlags = (['reuse', 'engine'] as const).filter((flag) => values[flag] !== undefined)
  if (startingFlags.length > 0) {
    throw new UsageError(
      `serve works over the stores it is given: ${startingFlags.map((flag) => `--${flag}`).join(' and ')} belong to \`med-demo up --port N\`, which starts them`,
    )
  }
  const missing = [...(values.port === undefined ? ['--port'] : []), ...missingStoreFlags(values)]
  if (missing.length > 0) {
    throw new UsageError(
      `serve needs ${missing.join(' and ')} (it never starts containers; \`med-demo up --port N\` does)`,
    )
  }
  return up(argv)
}
