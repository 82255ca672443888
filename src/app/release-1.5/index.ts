import { fernetKeyFromClientSecret } from '../../cache/fernet.ts'
import { toAsyncpgUrl } from '../../stores/store-url.ts'
import type { AppContract } from '../app-contract.ts'
import { signAccessToken } from './access-token.ts'
import { browserState, loginForm } from './browser-state.ts'
import { buildCacheEntries } from './cache-entries.ts'
import { meterKeyPatterns, rateLimitPattern } from './cache-keys.ts'
import { cacheRanges } from './cache-ranges.ts'
import { deriveAccountIdentity } from './identity.ts'
import { hashPassword } from './password.ts'
import { removeAccountRows } from './remove-account-rows.ts'
import { ALEMBIC_REVISION } from './schema.ts'
import { FORBIDDEN_SECRET_KEY_WORDS, forbiddenWordIn, generateSecretKey } from './secret-key.ts'
import { writeAccountRows } from './write-account-rows.ts'

/**
 * MyElectricalData 1.5.0, the release the library was first checked against: schema of
 * migrations 001 to 007, the JWT in an httpOnly cookie, the cache in Redis (contract notes in
 * `docs/`).
 */
export const release15: AppContract = {
  family: '1.5',
  releases: ['1.5.0'],
  alembicHead: ALEMBIC_REVISION,
  deriveIdentity: deriveAccountIdentity,
  hashPassword,
  signAccessToken: (userId, secretKey) => signAccessToken(userId, secretKey),
  generateSecretKey,
  weakSecretKeyWords: FORBIDDEN_SECRET_KEY_WORDS,
  weakSecretKeyWord: forbiddenWordIn,
  cacheEntries: (readings, window) => buildCacheEntries(readings, cacheRanges(window)),
  cacheKey: fernetKeyFromClientSecret,
  accountKeyPatterns: ({ userId, usagePointIds }) => [
    ...usagePointIds.flatMap(meterKeyPatterns),
    ...(userId ? [rateLimitPattern(userId)] : []),
  ],
  writeAccountRows,
  removeAccountRows,
  browserState,
  loginForm,
  backendEnv: (stores, secretKey) => ({
    DATABASE_URL: toAsyncpgUrl(stores.postgresUrl),
    REDIS_URL: stores.redisUrl,
    SECRET_KEY: secretKey,
  }),
}
