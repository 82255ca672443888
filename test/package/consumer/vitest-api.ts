// Compiled by the package test in a project that installed the tarball: the Vitest adapter's types.
import {
  type ProvidedDemoAccount,
  pristineTest,
  test,
  type VitestDemoAccount,
} from '@myelectricaldata/demo-account/vitest'
import globalSetup from '@myelectricaldata/demo-account/vitest/global-setup'
import { expectTypeOf, inject } from 'vitest'
import type { TestProject } from 'vitest/node'

expectTypeOf(inject('demoAccount')).toEqualTypeOf<ProvidedDemoAccount | undefined>()
expectTypeOf(globalSetup).parameter(0).toEqualTypeOf<TestProject>()

test('types the fixture', async ({ demoAccount }) => {
  expectTypeOf(demoAccount).toEqualTypeOf<VitestDemoAccount>()
  expectTypeOf(demoAccount.jwt).toBeString()
  expectTypeOf(demoAccount.slot).toBeNumber()
  await demoAccount.reset()
  // @ts-expect-error the fixture has no `token`
  expectTypeOf(demoAccount.token).toBeString()
})

pristineTest('types the pristine fixture', ({ demoAccount }) => {
  expectTypeOf(demoAccount).toEqualTypeOf<VitestDemoAccount>()
})
