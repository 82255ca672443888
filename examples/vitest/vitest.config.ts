import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    globalSetup: ['@myelectricaldata/demo-account/vitest/global-setup'],
  },
})
