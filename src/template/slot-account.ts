import { readEnvironmentDescriptor } from '../model/environment-descriptor.ts'
import { demoAccountFromDescription, extendDemoAccount } from '../seed/assemble-account.ts'
import type { DemoTemplate } from './demo-template-shape.ts'
import type { SlotDemoAccount } from './slot-demo-account.ts'
import type { TemplateSlot } from './template-slot.ts'

export type { SlotDemoAccount }

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
