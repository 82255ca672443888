import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: { '@myelectricaldata/demo-account/vitest': root('fixtures/vitest.ts') },
  },
  test: {
    globalSetup: [root('fixtures/vitest-global-setup.ts')],
    provide: { demoAccountOptions: { referenceDate: '2026-06-15', days: 30, bcryptRounds: 4 } },
    maxWorkers: 2,
  },
})
