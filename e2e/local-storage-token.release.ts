import { expect, loginThroughForm, test } from '@myelectricaldata/demo-account/playwright'

// Run by playwright.releases.config.ts with E2E_RELEASE=1.3.0, next to 1.5.0's dashboard and API
// specs: the reference app plays 1.3.0, whose frontend keeps the JWT in localStorage and sends it
// as Bearer, and whose backend never reads a cookie.

test('a page logs in through the localStorage token, sent as Bearer', async ({
  page,
  demoAccount,
}) => {
  const pdlRequest = page.waitForRequest((request) => request.url().endsWith('/api/pdl'))
  await page.goto('/dashboard')
  await expect(page.getByTestId('user-email')).toHaveText(demoAccount.email)
  expect((await pdlRequest).headers().authorization).toBe(`Bearer ${demoAccount.jwt}`)
  expect(await page.context().cookies()).toEqual([])
  await expect(page.getByTestId('pdl-card')).toHaveCount(demoAccount.pdls.length)
})

test('the backend ignores the access_token cookie', async ({
  playwright,
  demoAccount,
  baseURL,
}) => {
  const context = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Cookie: `access_token=${demoAccount.jwt}` },
  })
  try {
    expect((await context.get('/api/accounts/me')).status()).toBe(401)
  } finally {
    await context.dispose()
  }
})

test.describe('without a stored token', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('the login form stores the token the dashboard then sends', async ({
    page,
    demoAccount,
  }) => {
    await page.goto('/dashboard')
    await expect(page).toHaveURL(/\/login/)
    await loginThroughForm(page, demoAccount)
    const token = await page.evaluate(() => localStorage.getItem('access_token'))
    expect(token?.split('.')).toHaveLength(3)
    await expect(page.getByTestId('user-email')).toHaveText(demoAccount.email)
  })
})
