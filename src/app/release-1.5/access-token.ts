import jwt from 'jsonwebtoken'

/** What the app puts in its access tokens: `ACCESS_TOKEN_EXPIRE_MINUTES` defaults to 30 days. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60

/**
 * An access token the app accepts as its own: HS256 over exactly `{ sub: <user id>, exp }`, as
 * python-jose encodes it for `create_access_token` (no `iat`, no `aud`).
 */
export function signAccessToken(
  userId: string,
  secretKey: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  return jwt.sign({ sub: userId, exp: nowSeconds + ACCESS_TOKEN_LIFETIME_SECONDS }, secretKey, {
    algorithm: 'HS256',
    noTimestamp: true,
  })
}
