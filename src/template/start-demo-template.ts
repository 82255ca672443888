import type { DemoAccountOptions } from '../options/demo-account-options.ts'
import { resolveDemoAccountOptions, reusesStores } from '../options/resolve-options.ts'
import { createReusedDemoTemplate } from '../reuse/reused-template.ts'
import {
  createDemoTemplate,
  DEFAULT_REDIS_DATABASES,
  type StartedDemoTemplate,
} from './demo-template.ts'

/**
 * The template the Vitest adapters start: from reused stores with `reuse` (or `MED_DEMO_REUSE`)
 * and no store URL, else {@link createDemoTemplate}.
 */
export async function startDemoTemplate(
  options: DemoAccountOptions = {},
  redisDatabases = DEFAULT_REDIS_DATABASES,
): Promise<StartedDemoTemplate> {
  const resolved = resolveDemoAccountOptions(options)
  if (reusesStores(resolved)) {
    const reused = await createReusedDemoTemplate(resolved, redisDatabases)
    if (reused) return reused
  }
  return createDemoTemplate(options, redisDatabases)
}
