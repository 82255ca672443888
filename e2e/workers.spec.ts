import { mkdir, writeFile } from 'node:fs/promises'
import { expect, test } from '@myelectricaldata/demo-account/playwright'
import { WORKER_RECORDS } from './paths.ts'

// Several tests, so that both workers run some: each checks what its own account can see and
// records which account it had; `isolation.check.ts` compares the records afterwards.
for (const round of [1, 2, 3, 4]) {
  test(`round ${round}: the worker's account sees only its own data`, async ({
    page,
    apiRequest,
    demoAccount,
    sharedDemoAccount,
  }, testInfo) => {
    const own = demoAccount.pdls.map((pdl) => pdl.usagePointId)
    await page.goto('/dashboard')
    await expect(page.getByTestId('user-email')).toHaveText(demoAccount.email)
    await expect(page.getByTestId('pdl-card')).toHaveCount(own.length)

    // Another account's meter (the shared demo account's) is refused to this one.
    const other = sharedDemoAccount.pdls[0]!.usagePointId
    expect(own).not.toContain(other)
    const response = await apiRequest.get(
      `/api/enedis/consumption/daily/${other}?start=2020-01-01&end=2020-01-02&use_cache=true`,
    )
    expect((await response.json()).error?.code).toBe('ACCESS_DENIED')

    await mkdir(WORKER_RECORDS, { recursive: true })
    const record = { parallelIndex: testInfo.parallelIndex, email: demoAccount.email, pdls: own }
    await writeFile(`${WORKER_RECORDS}/${testInfo.testId}.json`, JSON.stringify(record))
  })
}
