// The runner-agnostic core of @myelectricaldata/demo-account.

// First: on an old Node, a clear DemoAccountError before anything loads undici.
import './internal/require-supported-node.ts'

export type { DemoAccount, DemoAccountEnv, DemoPdl, SeededAccount } from './demo-account.ts'
export type { DemoAccountErrorCode } from './errors.ts'
// Errors
export { DemoAccountError } from './errors.ts'
export type { RemovedAccount } from './model/account.ts'
export type { PdlRow, UserRow } from './model/account-rows.ts'
// Account scenarios
export type { MeterGaps, Scenario } from './model/scenario.ts'
export { SCENARIOS } from './model/scenario.ts'
export type { AddAccountsOptions } from './options/add-accounts-options.ts'
export type {
  AccountOptions,
  AddAccountOptions,
  DemoAccountOptions,
  PdlOptions,
  StoreOptions,
} from './options/demo-account-options.ts'
// Reading back what the app would serve, for assertions
export type {
  CachedValue,
  ReadCachedLoadCurveOptions,
  ReadCachedOptions,
} from './readers/read-cached.ts'
export {
  readCachedDaily,
  readCachedLoadCurve,
  readCachedMaxPower,
  readCachedProduction,
} from './readers/read-cached.ts'
export type { ReadingsRequest } from './readings/generate-readings.ts'
// Readings
export { generateReadings } from './readings/generate-readings.ts'
export type {
  ConsumptionReadings,
  DailyEnergy,
  DailyMaxPower,
  DailyProduction,
  LoadCurveDay,
  MeterSpec,
  PdlProfile,
  PdlReadings,
  ProductionReadings,
} from './readings/types.ts'
export type { RemoveDemoAccountOptions } from './remove-demo-account.ts'
export { removeDemoAccount } from './remove-demo-account.ts'
export { removeReusedStores } from './reuse/remove-reused-stores.ts'
// Warm starts: the stores `reuse` keeps
export type { ReusedContainer } from './reuse/reused-containers.ts'
// Seeding a demo account
export { withDemoAccount } from './with-demo-account.ts'
