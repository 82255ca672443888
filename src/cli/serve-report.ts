import { createServer, type Server } from 'node:http'

/**
 * Serves the environment's JSON on 127.0.0.1 once it is seeded, so that tools which wait for a URL
 * (Playwright's `webServer`) know when it is ready and can read the credentials.
 */
export function serveReport(port: number, report: unknown): Promise<Server> {
  const body = JSON.stringify(report)
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    response.end(request.method === 'HEAD' ? undefined : body)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}
