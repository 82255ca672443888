import { describe, expect, it } from 'vitest'
import config from '../../examples/playwright/vite-frontend.config.ts'

describe('examples/playwright/vite-frontend.config.ts', () => {
  it('starts the seeded backend, then the frontend that proxies to it, and tests the frontend', () => {
    const servers = config.webServer as {
      command: string
      url: string
      env?: Record<string, string>
    }[]
    expect(servers).toHaveLength(2)
    const [backend, frontend] = servers
    expect(backend!.command).toMatch(
      / up --state-file \S+med-demo\.json --reference-date 2026-06-15 -- cd apps\/api/,
    )
    expect(frontend!.env).toEqual({
      VITE_API_BASE_URL: '/api',
      VITE_BACKEND_URL: new URL(backend!.url).origin,
    })
    expect(config.use?.baseURL).toBe(frontend!.url)
  })
})
