import { createServer, type Server } from 'node:http'
import { DemoAccountError } from '../errors.ts'

/** The report server, bound before anything is seeded, serving the JSON once it is published. */
export interface ReportServer {
  /** From now on, GET / answers 200 with this JSON (until then, 503). */
  publish(report: unknown): void
  close(): void
  readonly server: Server
}

/**
 * Binds `port` on 127.0.0.1 only (the JSON holds every secret), before anything is seeded, so that
 * a port in use is refused before the stores are touched. Tools that wait for a URL (Playwright's
 * `webServer`) see 503 until {@link ReportServer.publish}, then the environment's JSON.
 */
export function listenForReport(port: number): Promise<ReportServer> {
  let body: string | undefined
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end()
      return
    }
    if (body === undefined) {
      response.writeHead(503, { 'retry-after': '1', 'cache-control': 'no-store' }).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    response.end(request.method === 'HEAD' ? undefined : body)
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
        publish: (report) => {
          body = JSON.stringify(report)
        },
        close: () => server.close(),
      }),
    )
  })
}
