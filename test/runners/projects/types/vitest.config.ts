import { defineConfig } from 'vitest/config'

// Type tests only (`vitest run --typecheck.only`): tsc checks them, nothing runs.
export default defineConfig({
  test: {
    typecheck: { include: ['*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
