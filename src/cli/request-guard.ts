import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A refused request: the status and the JSON error it gets. */
export interface Refusal {
  readonly status: number
  readonly code: string
  readonly message: string
  readonly headers?: Readonly<Record<string, string>>
}

/** A new bearer token for the HTTP API: 256 random bits. */
export function newServerToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The `Host` values a loopback server on this port answers to. */
function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
}

/** Compares in constant time (through digests, so that lengths do not matter either). */
function sameToken(given: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(token))
}

/**
 * The `Host` check: a page in the user's browser can reach a loopback port through a name it
 * controls (DNS rebinding), but its requests then carry that name, not a loopback one.
 */
export function refuseHost(request: IncomingMessage, port: number): Refusal | undefined {
  const host = request.headers.host?.toLowerCase()
  if (host !== undefined && allowedHosts(port).has(host)) return undefined
  return {
    status: 403,
    code: 'FORBIDDEN_HOST',
    message: `This server answers requests for 127.0.0.1:${port}, localhost:${port} or [::1]:${port} only, and this one is for ${host === undefined ? 'no Host' : JSON.stringify(host)}.`,
  }
}

/** The token check: every request sends `Authorization: Bearer <token>`. */
export function refuseToken(request: IncomingMessage, token: string): Refusal | undefined {
  const header = request.headers.authorization
  const given = header?.match(/^Bearer (\S+)$/i)?.[1]
  if (given !== undefined && sameToken(given, token)) return undefined
  return {
    status: 401,
    code: 'UNAUTHORIZED',
    message: `${header === undefined ? 'No Authorization header' : 'Wrong token'}: send "Authorization: Bearer <token>" with the token med-demo printed when it started, also in its --state-file as server.token.`,
    headers: { 'www-authenticate': 'Bearer realm="med-demo"' },
  }
}
