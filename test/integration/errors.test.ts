import { withDemoAccount } from '@myelectricaldata/demo-account'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.ts'

describe('errors before anything is written', () => {
  it('says a store URL is unreachable, and what to check', async () => {
    const attempt = withDemoAccount({
      days: 5,
      bcryptRounds: 4,
      postgres: { url: 'postgres://demo:pw@127.0.0.1:1/myelectricaldata' },
      redis: { url: 'redis://127.0.0.1:1' },
    })
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNREACHABLE' })
    await expect(attempt).rejects.toThrow(
      /^\[demo-account\] Cannot connect to Postgres at postgres:\/\/demo:\*\*\*@127\.0\.0\.1:1\/myelectricaldata: .*ECONNREFUSED.*Check that the server runs/,
    )
  })

  it('names the three ways out when there is no container runtime and no URL', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      TESTCONTAINERS_HOST_OVERRIDE: '',
    }
    delete env.MED_DEMO_DATABASE_URL
    delete env.MED_DEMO_REDIS_URL
    // --engine container: on a machine with Postgres and Redis binaries, 'auto' would run them.
    const result = await runCli(['up', '--days', '5', '--engine', 'container'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      "No container engine answers, and no store URL was given. It tried DOCKER_HOST=unix:///nonexistent/docker.sock. Either start Docker or Podman (for Podman, set DOCKER_HOST to its socket), or point DOCKER_HOST at a running engine, or give existing stores with --database-url and --redis-url (or MED_DEMO_DATABASE_URL and MED_DEMO_REDIS_URL), or run them as processes from this machine's Postgres and Redis binaries with --engine local (or MED_DEMO_ENGINE=local). (CONTAINER_RUNTIME_UNAVAILABLE)",
    )
  })

  it('refuses a remote store before connecting to it', async () => {
    const attempt = withDemoAccount({
      postgres: { url: 'postgresql+asyncpg://u:p@db.example.com:5432/app' },
      redis: { url: 'redis://localhost:1' },
    })
    await expect(attempt).rejects.toMatchObject({ code: 'REMOTE_STORE_REFUSED' })
  })
})
