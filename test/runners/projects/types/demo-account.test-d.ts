import type { DemoAccountOptions } from '@myelectricaldata/demo-account'
import {
  type ProvidedDemoAccount,
  pristineTest,
  test,
  type VitestDemoAccount,
} from '@myelectricaldata/demo-account/vitest'
import { expectTypeOf, inject } from 'vitest'

test('types what the global setup provides', () => {
  expectTypeOf(inject('demoAccount')).toEqualTypeOf<ProvidedDemoAccount | undefined>()
  expectTypeOf(inject('demoAccountOptions')).toEqualTypeOf<DemoAccountOptions | undefined>()
  // @ts-expect-error only the provided names can be injected
  inject('demoAcount')
})

test('types the demoAccount fixture', ({ demoAccount }) => {
  expectTypeOf(demoAccount).toEqualTypeOf<VitestDemoAccount>()
  expectTypeOf(demoAccount.jwt).toBeString()
  expectTypeOf(demoAccount.slot).toBeNumber()
  expectTypeOf(demoAccount.reset).returns.resolves.toBeVoid()
  // @ts-expect-error the JWT is a string
  expectTypeOf(demoAccount.jwt).toBeNumber()
})

pristineTest('types the pristine fixture alike', ({ demoAccount }) => {
  expectTypeOf(demoAccount).toEqualTypeOf<VitestDemoAccount>()
})

test('rejects options of the wrong type', () => {
  // @ts-expect-error `days` takes a number
  const options: DemoAccountOptions = { days: '30' }
  expectTypeOf(options).toEqualTypeOf<DemoAccountOptions>()
})
