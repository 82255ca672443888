import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectPostgres } from '../../src/postgres/connect-postgres.ts'
import { postgresContainer } from '../../src/stores/start-containers.ts'

const image = process.env.MED_DEMO_POSTGRES_IMAGE ?? 'postgres:16-alpine'

/**
 * Run by the image's init sequence on its temporary server, which listens on the unix socket only
 * and also logs "database system is ready to accept connections". The pause keeps that server up
 * long enough for a readiness wait that took its log line for the real server's to hand out a
 * port nothing listens on; the marker exists only once the init sequence has finished.
 */
const SLOW_INIT_SQL = `
SELECT pg_sleep(2);
CREATE ROLE readiness_marker;
CREATE DATABASE readiness_marker OWNER readiness_marker;
`

describe("the Postgres readiness wait, against the image's init sequence", () => {
  let container: StartedPostgreSqlContainer

  beforeAll(async () => {
    container = await postgresContainer(image)
      .withCopyContentToContainer([
        { content: SLOW_INIT_SQL, target: '/docker-entrypoint-initdb.d/slow-init.sql' },
      ])
      .start()
  })

  afterAll(async () => {
    await container?.stop()
  })

  it('says ready only once the final server listens on TCP, after the init scripts ran', async () => {
    // connectPostgres waits out "starting up" only: a refused or reset connection (no TCP
    // listener yet, as while the init server runs) fails at once.
    const client = await connectPostgres(container.getConnectionUri())
    try {
      const marker = await client.query(
        `SELECT (SELECT count(*) FROM pg_roles WHERE rolname = 'readiness_marker')::int AS roles,
                (SELECT count(*) FROM pg_database WHERE datname = 'readiness_marker')::int AS databases`,
      )
      expect(marker.rows).toEqual([{ roles: 1, databases: 1 }])
    } finally {
      await client.end()
    }
  })

  it('has no `postgres` role when another user is the superuser, like the official image', async () => {
    const client = await connectPostgres(container.getConnectionUri())
    try {
      const roles = await client.query<{ rolname: string }>(
        `SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY rolname`,
      )
      expect(roles.rows.map((row) => row.rolname)).toEqual(
        [container.getUsername(), 'readiness_marker'].sort(),
      )
    } finally {
      await client.end()
    }
  })
})
