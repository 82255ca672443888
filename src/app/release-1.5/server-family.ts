import { fernetKeyFromClientSecret } from '../../cache/fernet.ts'
import { SCENARIOS } from '../../model/scenario.ts'
import { toAsyncpgUrl } from '../../stores/store-url.ts'
import type { AppContract, BrowserState } from '../app-contract.ts'
import { detailBatchFirstDay } from '../frontend-requests.ts'
import { signAccessToken } from './access-token.ts'
import { loginForm } from './browser-state.ts'
import { buildCacheEntries } from './cache-entries.ts'
import { meterKeyPatterns, rateLimitPattern } from './cache-keys.ts'
import { cacheRanges } from './cache-ranges.ts'
import { deriveAccountIdentity } from './identity.ts'
import { hashPassword } from './password.ts'
import { rateLimitKeys } from './rate-limit-keys.ts'
import { removeAccountRows } from './remove-account-rows.ts'
import type { FamilySchema } from './schema.ts'
import { FORBIDDEN_SECRET_KEY_WORDS, forbiddenWordIn, generateSecretKey } from './secret-key.ts'
import { servedCache } from './served-cache.ts'
import { serverAccountRowsWriter } from './write-account-rows.ts'

/** What a multi-user (server-mode) family changes from 1.5.0; everything else is 1.5.0's. */
export interface ServerFamilyDifferences {
  readonly family: string
  readonly releases: readonly string[]
  readonly schema: FamilySchema
  /** Where the frontend keeps the JWT: the cookie (1.4.1+) or `localStorage` (1.0.0-1.4.0). */
  readonly browserState: (jwt: string, baseURL: string) => BrowserState
  /** Whether the app's start-up refuses weak `SECRET_KEY`s (1.4.1 and later). */
  readonly checksSecretKey: boolean
  /** `SERVER_MODE=true` in the backend's env: 1.9.0 and later run client mode without it. */
  readonly serverModeSwitch: boolean
  /**
   * What a data route answers without a usable global Enedis token: up to 1.8.0 the same
   * `ACCESS_DENIED` as a PDL that is not the user's; from 1.9.0 `ENEDIS_UNAVAILABLE`.
   */
  readonly enedisUnavailableCode: 'ACCESS_DENIED' | 'ENEDIS_UNAVAILABLE'
}

/**
 * A family of releases that runs as the multi-user gateway: accounts log in, the data comes from
 * the Redis cache. Releases 1.0.0 to 1.8.0 only run this way; 1.9.0 and later with `SERVER_MODE=true`.
 * The cache, tokens, identity and rows are 1.5.0's in every such release (checked up to 1.22.0).
 */
export function serverFamily(differences: ServerFamilyDifferences): AppContract {
  const weakWords = differences.checksSecretKey ? FORBIDDEN_SECRET_KEY_WORDS : []
  return {
    family: differences.family,
    releases: differences.releases,
    mode: 'server',
    alembicHead: differences.schema.alembicHead,
    deriveIdentity: deriveAccountIdentity,
    hashPassword,
    signAccessToken: (userId, secretKey) => signAccessToken(userId, secretKey),
    generateSecretKey,
    weakSecretKeyWords: weakWords,
    weakSecretKeyWord: (key) => (differences.checksSecretKey ? forbiddenWordIn(key) : undefined),
    loadCurveFrom: detailBatchFirstDay,
    cacheEntries: (readings, window, gaps = []) =>
      buildCacheEntries(readings, cacheRanges(window), gaps),
    cacheKey: fernetKeyFromClientSecret,
    supportedScenarios: SCENARIOS,
    enedisUnavailableCode: differences.enedisUnavailableCode,
    scenarioKeys: rateLimitKeys,
    accountKeyPatterns: ({ userId, usagePointIds }) => [
      ...usagePointIds.flatMap(meterKeyPatterns),
      ...(userId ? [rateLimitPattern(userId)] : []),
    ],
    servedData: servedCache,
    writeAccountRows: serverAccountRowsWriter(differences.schema),
    removeAccountRows,
    browserState: differences.browserState,
    loginForm,
    backendEnv: (stores, secretKey) => ({
      DATABASE_URL: toAsyncpgUrl(stores.postgresUrl),
      REDIS_URL: stores.redisUrl,
      SECRET_KEY: secretKey,
      ...(differences.serverModeSwitch ? { SERVER_MODE: 'true' as const } : {}),
    }),
  }
}
