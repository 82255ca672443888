import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Four layers, each runnable alone with `--project`:
 * - unit: pure code, no I/O (also run on Node 22.22, the lowest supported version);
 * - integration: real Postgres and Redis in containers through testcontainers;
 * - runners: runs Vitest itself on small projects that use the Vitest adapter;
 * - package: packs the library, installs the tarball into a fresh project, imports every subpath.
 * Tests import the public names, mapped to the sources here.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@myelectricaldata/demo-account/vitest': source('./fixtures/vitest.ts'),
      '@myelectricaldata/demo-account/playwright': source('./fixtures/playwright.ts'),
      '@myelectricaldata/demo-account': source('./src/index.ts'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'fixtures/**/*.test.ts', 'test/docs/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'runners',
          include: ['test/runners/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
})
