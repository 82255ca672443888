import type { DemoAccount } from '../demo-account.ts'
import { readEnvironmentDescriptor } from '../model/environment-descriptor.ts'
import { demoAccountFromDescription, extendDemoAccount } from '../seed/assemble-account.ts'
import type { DemoTemplate } from './demo-template.ts'
import type { TemplateSlot } from './template-slot.ts'

/** The demo account of one worker slot: the template's account, at the slot's own URLs. */
export interface SlotDemoAccount extends DemoAccount {
  /** The worker slot (1-based) whose database and Redis database these are. */
  readonly slot: number
  /**
   * Back to the seeded state, keeping the same URLs: the slot's database is dropped (closing open
   * connections) and cloned from the template again, and its Redis database is copied again.
   * Accounts added with `addAccount()` are gone afterwards.
   */
  reset(): Promise<void>
}

/**
 * The value a runner fixture hands to tests. `stop()` leaves the shared stores running: the
 * runner's global setup owns them.
 */
export function slotDemoAccount(template: DemoTemplate, slot: TemplateSlot): SlotDemoAccount {
  const described = readEnvironmentDescriptor(template.environment, 'the Vitest global setup')
  const account = demoAccountFromDescription({
    ...described,
    stores: { postgresUrl: slot.postgresUrl, redisUrl: slot.redisUrl },
  })
  return extendDemoAccount(account, { slot: slot.slot, reset: slot.reset })
}
