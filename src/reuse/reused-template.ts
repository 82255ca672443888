import type { ResolvedOptions } from '../options/resolve-options.ts'
import {
  type DemoTemplate,
  type StartedDemoTemplate,
  seedDemoTemplate,
  TEMPLATE_DATABASE,
} from '../template/demo-template.ts'
import { openReusedStores } from './reused-stores.ts'
import { withoutSecrets, withSecretKey } from './run-secrets.ts'

/**
 * The Vitest template with `reuse`: the template of an earlier run with the same options when its
 * stores still hold it (its database sealed, Redis as it was left), else seeded now into kept
 * stores. Workers clone their copies from it as without reuse. `undefined` when reused stores
 * that changed are in use by another run: the caller starts stores of its own.
 */
export async function createReusedDemoTemplate(
  resolved: ResolvedOptions,
  redisDatabases: number,
): Promise<StartedDemoTemplate | undefined> {
  const layout = { kind: 'vitest-template', redisDatabases } as const
  const session = await openReusedStores(resolved, layout, TEMPLATE_DATABASE)
  if (!session) return undefined
  try {
    if (session.reused !== undefined) {
      const kept = session.reused as DemoTemplate
      const stores = await session.ready()
      const environment = withSecretKey(kept.environment, resolved.secretKey)
      return { template: { ...kept, environment }, stop: () => stores.stop() }
    }
    const seeded = await seedDemoTemplate(
      resolved,
      Promise.resolve({
        ...session.stores,
        startedPostgres: true,
        startedRedis: true,
        stop: async () => {},
      }),
      redisDatabases,
    )
    const { environment } = seeded.template
    await session.markSeeded({ ...seeded.template, environment: withoutSecrets(environment) })
    const stores = await session.ready()
    return { template: seeded.template, stop: () => stores.stop() }
  } catch (error) {
    await session.abandon()
    throw error
  }
}
