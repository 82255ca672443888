import type { AppContract } from '../app-contract.ts'
import { browserState } from '../release-1.5/browser-state.ts'
import { SCHEMA_007 } from '../release-1.5/schema.ts'
import { serverFamily } from '../release-1.5/server-family.ts'
import { clientFamily } from './client-family.ts'
import { HEAD_1_9, HEAD_1_21, headSchema } from './head-schema.ts'

/** 1.9.0 to 1.20.0; 1.9.0's client mode cannot serve local data (see `CLIENT_RELEASES_1_9`). */
const RELEASES_1_9 = [
  '1.9.0',
  '1.9.1',
  ...[10, 11, 12, 13, 14, 15, 16, 17].map((minor) => `1.${minor}.0`),
  '1.18.0',
  '1.18.1',
  '1.18.2',
  '1.18.3',
  '1.18.4',
  '1.19.0',
  '1.20.0',
]
const RELEASES_1_21 = ['1.21.0', '1.22.0']
/**
 * 1.9.0 binds the enum names (`'DAILY'`) the `datagranularity` type refuses and always asks the
 * gateway for curves; 1.9.1 fixed both (commit 3756638).
 */
const CLIENT_RELEASES_1_9 = RELEASES_1_9.filter((release) => release !== '1.9.0')

function server(family: string, releases: readonly string[], head: string): AppContract {
  return serverFamily({
    family,
    releases,
    schema: headSchema(head, `${releases[0]}-${releases.at(-1)}`, 'server'),
    browserState,
    checksSecretKey: true,
    serverModeSwitch: true,
    enedisUnavailableCode: 'ENEDIS_UNAVAILABLE',
  })
}

/** 1.9.0 to 1.20.0 with `SERVER_MODE=true`: the head schema `a1b2c3d4e5f6`, 1.5.0's auth and cache. */
export const release19Server = server('1.9-server', RELEASES_1_9, HEAD_1_9)
/** 1.21.0 and 1.22.0 with `SERVER_MODE=true`: head `b2c3d4e5f6g7`, otherwise as 1.9. */
export const release121Server = server('1.21-server', RELEASES_1_21, HEAD_1_21)
/** 1.9.1 to 1.20.0 in client mode. */
export const release19Client = clientFamily('1.9-client', CLIENT_RELEASES_1_9, HEAD_1_9)
/** 1.21.0 and 1.22.0 in client mode. */
export const release121Client = clientFamily('1.21-client', RELEASES_1_21, HEAD_1_21)

/**
 * A server-mode family of 1.9.0 and later whose schema is 1.5.0's (stamped `007`), for a backend
 * whose start-up `alembic upgrade head` will migrate it: 1.22.0's migrations make exactly their
 * head schema from it.
 */
export function appMigratesVariant(family: AppContract): AppContract {
  return serverFamily({
    family: `${family.family}-app-migrates`,
    releases: family.releases,
    schema: SCHEMA_007,
    browserState,
    checksSecretKey: true,
    serverModeSwitch: true,
    enedisUnavailableCode: 'ENEDIS_UNAVAILABLE',
  })
}
