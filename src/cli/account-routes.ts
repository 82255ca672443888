import type { IncomingMessage } from 'node:http'
import { DemoAccountError, describeError } from '../errors.ts'
import { AccountRequestError, type ServedAccounts } from './served-accounts.ts'

/** What a route answers: a status and a JSON body (none for 204 and HEAD). */
export interface RouteAnswer {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** An error as every route answers it: `{ "error": { "code", "message", "problems"? } }`. */
export function errorAnswer(
  status: number,
  code: string,
  message: string,
  extra: { problems?: readonly string[]; headers?: Readonly<Record<string, string>> } = {},
): RouteAnswer {
  const problems = extra.problems && extra.problems.length > 1 ? { problems: extra.problems } : {}
  return {
    status,
    body: { error: { code, message: message.replace(/^\[demo-account\] /, ''), ...problems } },
    ...(extra.headers ? { headers: extra.headers } : {}),
  }
}

/** Bad options are the client's (400, 409 for PDL ids another account owns); the rest ours. */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  INVALID_OPTION: 400,
  PDL_CONFLICT: 409,
  REMOTE_STORE_REFUSED: 400,
}

function failure(error: unknown): RouteAnswer {
  if (error instanceof AccountRequestError) {
    return errorAnswer(error.status, error.code, error.message)
  }
  if (error instanceof DemoAccountError) {
    return errorAnswer(STATUS_OF_CODE[error.code] ?? 500, error.code, error.message, {
      problems: error.problems,
    })
  }
  return errorAnswer(500, 'SEED_FAILED', describeError(error))
}

/** Bodies of more than this are refused: options are a few hundred bytes. */
const MAX_BODY_BYTES = 1 << 20

class BodyError extends Error {
  readonly status: 400 | 413
  constructor(status: 400 | 413, message: string) {
    super(message)
    this.status = status
  }
}

/** The request's JSON body; an empty body is `{}`. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BodyError(413, `the body is over ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new BodyError(400, `the body is not JSON (${describeError(error)})`)
  }
}

const ACCOUNT = /^\/accounts\/([^/]+)$/
const ACCOUNT_RESET = /^\/accounts\/([^/]+)\/reset$/

function methodNotAllowed(allowed: string): RouteAnswer {
  return errorAnswer(405, 'METHOD_NOT_ALLOWED', `This path takes ${allowed}.`, {
    headers: { allow: allowed },
  })
}

/**
 * The HTTP API's routes, once the request passed the Host and token checks:
 * `GET /` (the environment and the accounts added), `GET /accounts` (those accounts alone),
 * `POST /accounts` (the body is `addAccount()`'s options), `DELETE /accounts/{email}`,
 * `POST /accounts/{email}/reset`.
 */
export async function answer(
  request: IncomingMessage,
  environment: () => object,
  accounts: ServedAccounts,
): Promise<RouteAnswer> {
  const method = request.method ?? 'GET'
  const path = new URL(request.url ?? '/', 'http://localhost').pathname
  try {
    if (path === '/') {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed('GET, HEAD')
      return { status: 200, body: { ...environment(), accounts: accounts.list() } }
    }
    if (path === '/accounts') {
      if (method === 'GET' || method === 'HEAD') return { status: 200, body: accounts.list() }
      if (method !== 'POST') return methodNotAllowed('GET, HEAD, POST')
      return { status: 201, body: await accounts.add(await readJson(request)) }
    }
    const reset = path.match(ACCOUNT_RESET)
    if (reset) {
      if (method !== 'POST') return methodNotAllowed('POST')
      return { status: 200, body: await accounts.reset(decodeURIComponent(reset[1]!)) }
    }
    const account = path.match(ACCOUNT)
    if (account) {
      if (method !== 'DELETE') return methodNotAllowed('DELETE')
      await accounts.remove(decodeURIComponent(account[1]!))
      return { status: 204 }
    }
    return errorAnswer(
      404,
      'NOT_FOUND',
      `No route ${method} ${path}: GET /, GET or POST /accounts, DELETE /accounts/{email}, POST /accounts/{email}/reset.`,
    )
  } catch (error) {
    if (error instanceof BodyError)
      return errorAnswer(error.status, 'INVALID_OPTION', error.message)
    if (error instanceof URIError)
      return errorAnswer(400, 'INVALID_OPTION', 'the email in the path is not URL-encoded')
    return failure(error)
  }
}
