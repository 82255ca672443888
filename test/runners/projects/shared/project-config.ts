import { fileURLToPath } from 'node:url'
import type { ViteUserConfig } from 'vitest/config'

const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url))

/** Cheap options for every small project: a month of readings, fast bcrypt, a fixed date. */
export const cheapOptions = { days: 30, bcryptRounds: 4, referenceDate: '2026-06-15' }

export interface ProjectSettings {
  /** Whether the project uses the package's global setup (the one-line install). */
  readonly globalSetup: boolean
  readonly maxWorkers: number
  /** Merged into the cheap options. */
  readonly demoAccountOptions?: Record<string, unknown>
}

/**
 * A small consumer project: the package's public names mapped to the sources, as a user who
 * installed it would import them, and `*.spec.ts` files (the runners project runs `*.test.ts`).
 */
export function projectConfig(settings: ProjectSettings): ViteUserConfig {
  return {
    resolve: {
      alias: {
        '@myelectricaldata/demo-account/vitest': repo('fixtures/vitest.ts'),
        '@myelectricaldata/demo-account': repo('src/index.ts'),
      },
    },
    test: {
      include: ['*.spec.ts'],
      globalSetup: settings.globalSetup ? [repo('fixtures/vitest-global-setup.ts')] : [],
      provide: { demoAccountOptions: { ...cheapOptions, ...settings.demoAccountOptions } },
      maxWorkers: settings.maxWorkers,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }
}
