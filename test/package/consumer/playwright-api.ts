// Compiled by the package test in a project that installed the tarball: the Playwright adapter's types.
import {
  demoWebServer,
  type PlaywrightDemoAccount,
  test,
} from '@myelectricaldata/demo-account/playwright'
import { expectTypeOf } from 'vitest'

expectTypeOf(demoWebServer).parameter(0).toHaveProperty('command').toBeString()
expectTypeOf<PlaywrightDemoAccount['jwt']>().toBeString()

test('types the fixtures', async ({ demoAccount, jwtRequest }) => {
  expectTypeOf(demoAccount).toEqualTypeOf<PlaywrightDemoAccount>()
  await jwtRequest.get('/api/pdl')
})
