import { createServer, type Server, type ServerResponse } from 'node:http'
import type { DemoAccount } from '../demo-account.ts'
import { DemoAccountError } from '../errors.ts'
import { describeDemoAccount } from '../seed/assemble-account.ts'
import { answer, errorAnswer, type RouteAnswer } from './account-routes.ts'
import { refuseHost, refuseToken } from './request-guard.ts'
import { type ServedAccounts, servedAccounts } from './served-accounts.ts'

/** The HTTP API, bound before anything is seeded, serving the environment once it is published. */
export interface ReportServer {
  /** From now on, the routes serve this environment and seed accounts into it (until then, 503). */
  publish(environment: DemoAccount): void
  /** Stops taking requests and waits for those under way. */
  close(): Promise<void>
  readonly server: Server
  readonly url: string
  /** What every request sends as `Authorization: Bearer <token>`. */
  readonly token: string
}

function send(response: ServerResponse, head: boolean, { status, body, headers }: RouteAnswer) {
  response.writeHead(status, {
    'cache-control': 'no-store',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  })
  response.end(head || body === undefined ? undefined : JSON.stringify(body))
}

/**
 * Binds `port` on 127.0.0.1 only (the JSON holds every secret), before anything is seeded, so that
 * a port in use is refused before the stores are touched. Every request must name a loopback
 * `Host` of this port (403 otherwise: DNS rebinding) and, once the environment is seeded, send
 * `Authorization: Bearer <token>` (401 otherwise). Until then it answers 503, so that tools that
 * wait for a URL to answer (Playwright's `webServer`) wait for the seed.
 */
export function listenForReport(port: number, token: string): Promise<ReportServer> {
  let published: { environment: DemoAccount; accounts: ServedAccounts } | undefined
  const server = createServer((request, response) => {
    const head = request.method === 'HEAD'
    const refused =
      refuseHost(request, port) ?? (published ? refuseToken(request, token) : undefined)
    if (refused) {
      const { status, code, message, headers } = refused
      send(response, head, errorAnswer(status, code, message, headers ? { headers } : {}))
      return
    }
    if (!published) {
      send(
        response,
        head,
        errorAnswer(503, 'NOT_READY', 'The environment is being seeded: try again in a second.', {
          headers: { 'retry-after': '1' },
        }),
      )
      return
    }
    const { environment, accounts } = published
    void answer(request, () => describeDemoAccount(environment), accounts).then((answered) =>
      send(response, head, answered),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'it is already in use; choose another port'
          : error.code === 'EACCES'
            ? 'this user may not bind it; choose a port above 1023'
            : error.message
      reject(
        new DemoAccountError(
          'INVALID_OPTION',
          `--port ${port} cannot be served on 127.0.0.1: ${why}.`,
          {
            cause: error,
          },
        ),
      )
    })
    server.listen(port, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${port}/`,
        token,
        publish: (environment) => {
          published = { environment, accounts: servedAccounts(environment) }
        },
        close: async () => {
          const closed = new Promise((done) => server.close(done))
          // Seeds under way end (all or nothing), then kept-alive connections are dropped.
          await published?.accounts.settle()
          await new Promise(setImmediate)
          server.closeAllConnections()
          await closed
        },
      }),
    )
  })
}
