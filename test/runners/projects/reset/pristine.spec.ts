import { pristineTest } from '@myelectricaldata/demo-account/vitest'
import { expect } from 'vitest'
import { CHANGED_EMAIL, readBoth, writeBoth } from '../shared/writes.ts'

pristineTest('writes to the database and the Redis database', async ({ demoAccount }) => {
  await writeBoth(demoAccount)
  expect(await readBoth(demoAccount)).toMatchObject({ emails: [CHANGED_EMAIL], written: 'yes' })
})

pristineTest('starts from the seeded state without calling reset', async ({ demoAccount }) => {
  expect(await readBoth(demoAccount)).toMatchObject({ emails: [demoAccount.email], written: null })
})
