// A config for the app's own repository: the backend (apps/api) and the Vite dev server of its
// frontend (apps/web) as two webServer entries, the tests against the frontend.
import { demoWebServer } from '@myelectricaldata/demo-account/playwright'
import { defineConfig } from '@playwright/test'

const api = 'http://127.0.0.1:8000'
const web = 'http://127.0.0.1:5173'

export default defineConfig({
  testDir: 'e2e',
  use: { baseURL: web, timezoneId: 'Europe/Paris' },
  webServer: [
    // Seeds the stores, then starts the backend with DATABASE_URL, REDIS_URL and SECRET_KEY.
    demoWebServer({
      command: 'cd apps/api && uv run uvicorn src.main:app --host 127.0.0.1 --port 8000',
      url: `${api}/ping`,
      upArgs: ['--reference-date', '2026-06-15'],
      stateFile: 'playwright/.auth/med-demo.json',
      timeout: 240_000,
    }),
    // The frontend calls `/api` on its own origin (VITE_API_BASE_URL), and Vite proxies it to
    // VITE_BACKEND_URL: same origin, so the backend's httpOnly cookie reaches the pages.
    {
      command: 'npm --prefix apps/web run dev -- --host 127.0.0.1 --port 5173 --strictPort',
      url: web,
      env: { VITE_API_BASE_URL: '/api', VITE_BACKEND_URL: api },
      reuseExistingServer: false,
    },
  ],
})
