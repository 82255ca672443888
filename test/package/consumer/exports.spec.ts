// Run by the package test with Vitest in a project that installed the tarball: `./vitest` can
// only be imported inside Vitest (its `test.extend` needs a running suite collector).
import * as adapter from '@myelectricaldata/demo-account/vitest'
import { expect, test } from 'vitest'

test('exports the Vitest fixtures', () => {
  expect(Object.keys(adapter).sort()).toEqual(['pristineTest', 'test'])
  expect(adapter.test.extend).toBeTypeOf('function')
  expect(adapter.pristineTest.extend).toBeTypeOf('function')
})
