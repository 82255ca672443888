import type { VitestDemoAccount } from '@myelectricaldata/demo-account/vitest'
import { inject, type TestContext } from 'vitest'

/** What a test in a small project tells the runner test about its worker, through `task.meta`. */
export interface WorkerMeta {
  readonly poolId: number
  readonly slot: number
  readonly postgresUrl: string
  readonly redisUrl: string
  /** What the global setup provided, when it ran. */
  readonly template?: { readonly redisUrl: string; readonly redisDatabases: number }
}

declare module 'vitest' {
  interface TaskMeta {
    worker?: WorkerMeta
  }
}

/** Records the worker and its stores on the test, for the JSON report. */
export function recordWorker(task: TestContext['task'], demoAccount: VitestDemoAccount): void {
  const template = inject('demoAccount')
  task.meta.worker = {
    poolId: Number(process.env.VITEST_POOL_ID),
    slot: demoAccount.slot,
    postgresUrl: demoAccount.postgres.url,
    redisUrl: demoAccount.redis.url,
    ...(template && {
      template: { redisUrl: template.redisUrl, redisDatabases: template.redisDatabases },
    }),
  }
}
