import { fernetKeyFromClientSecret } from '../../cache/fernet.ts'
import { toAsyncpgUrl } from '../../stores/store-url.ts'
import type { AppContract } from '../app-contract.ts'
import { detailBatchStart } from '../frontend-requests.ts'
import { signAccessToken } from '../release-1.5/access-token.ts'
import { deriveAccountIdentity } from '../release-1.5/identity.ts'
import { hashPassword } from '../release-1.5/password.ts'
import {
  FORBIDDEN_SECRET_KEY_WORDS,
  forbiddenWordIn,
  generateSecretKey,
} from '../release-1.5/secret-key.ts'
import { clientAccountRowsWriter, removeClientAccountRows } from './client-rows.ts'
import { headSchema } from './head-schema.ts'
import { LOCAL_USER_EMAIL, LOCAL_USER_ID } from './local-user.ts'
import { servedTables } from './served-tables.ts'

/**
 * A family of releases in client mode (1.9.1 and later without `SERVER_MODE=true`): one local
 * user, no login, the data in Postgres tables read by `services/local_data.py`, no Redis cache.
 * The account is always the app's local user (`local@localhost`), whatever email is asked for.
 */
export function clientFamily(
  family: string,
  releases: readonly string[],
  head: string,
): AppContract {
  const schema = headSchema(head, `${releases[0]}-${releases.at(-1)} (client mode)`, 'client')
  return {
    family,
    releases,
    mode: 'client',
    alembicHead: head,
    deriveIdentity: (seed) => ({
      ...deriveAccountIdentity(seed, LOCAL_USER_EMAIL),
      userId: LOCAL_USER_ID,
    }),
    hashPassword,
    signAccessToken: (userId, secretKey) => signAccessToken(userId, secretKey),
    generateSecretKey,
    // Client mode refuses these too whenever DEBUG is off (`config/settings.py` at 1.22.0).
    weakSecretKeyWords: FORBIDDEN_SECRET_KEY_WORDS,
    weakSecretKeyWord: forbiddenWordIn,
    loadCurveFrom: detailBatchStart,
    cacheEntries: () => [],
    cacheKey: fernetKeyFromClientSecret,
    // No login, accounts, rate limits or Enedis token in client mode.
    supportedScenarios: [],
    enedisUnavailableCode: undefined,
    scenarioKeys: () => [],
    accountKeyPatterns: () => [],
    servedData: servedTables,
    writeAccountRows: clientAccountRowsWriter(schema),
    removeAccountRows: (client) => removeClientAccountRows(client),
    browserState: () => ({ cookies: [], origins: [] }),
    loginForm: undefined,
    backendEnv: (stores, secretKey) => ({
      DATABASE_URL: toAsyncpgUrl(stores.postgresUrl),
      REDIS_URL: stores.redisUrl,
      SECRET_KEY: secretKey,
      SERVER_MODE: 'false',
    }),
  }
}
