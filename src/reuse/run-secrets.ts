import { appContractOf } from '../app/releases.ts'
import type { DemoEnvironmentDescriptor } from '../model/environment-descriptor.ts'

/** What the marker keeps of a description: no secret key, JWT or env, which each run makes anew. */
export function withoutSecrets(description: DemoEnvironmentDescriptor): DemoEnvironmentDescriptor {
  return {
    ...description,
    env: {},
    settings: { ...description.settings, secretKey: '' },
    account: { ...description.account, jwt: '' },
  }
}

/** A description with this run's secret key: its JWT signed with it, and the env that carries it. */
export function withSecretKey(
  description: DemoEnvironmentDescriptor,
  secretKey: string,
): DemoEnvironmentDescriptor {
  const app = appContractOf({
    appVersion: description.appVersion,
    appMode: description.appMode,
    appSchema: description.appSchema,
  })
  const userId = String(description.account.user.id)
  return {
    ...description,
    env: { ...app.backendEnv(description.stores, secretKey) },
    settings: { ...description.settings, secretKey },
    account: { ...description.account, jwt: app.signAccessToken(userId, secretKey) },
  }
}
