import { createHmac } from 'node:crypto'

/** What the app puts in its access tokens: `ACCESS_TOKEN_EXPIRE_MINUTES` defaults to 30 days. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60

/** The JOSE header of every token, base64url: `{"alg":"HS256","typ":"JWT"}`. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')

/**
 * An access token the app accepts as its own: HS256 over exactly `{ sub: <user id>, exp }`, as
 * python-jose encodes it for `create_access_token` (no `iat`, no `aud`). A compact JWS: the
 * header, the payload and the HMAC-SHA256 of both under the secret key, base64url, joined by dots.
 */
export function signAccessToken(
  userId: string,
  secretKey: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const payload = Buffer.from(
    JSON.stringify({ sub: userId, exp: nowSeconds + ACCESS_TOKEN_LIFETIME_SECONDS }),
  ).toString('base64url')
  const signature = createHmac('sha256', secretKey)
    .update(`${HEADER}.${payload}`)
    .digest('base64url')
  return `${HEADER}.${payload}.${signature}`
}
