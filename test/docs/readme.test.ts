import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))
const readme = readFileSync(root('README.md'), 'utf8')

/**
 * README code blocks whose first line names a file of the repository: `// path/to/file.ts`, or
 * `# path/to/file.py` in Python.
 */
const quoted = [
  ...readme.matchAll(/```(?:ts\n\/\/|python\n#) ([\w./-]+\.(?:ts|py))\n([\s\S]*?)```/g),
]
  .map(([, path, body]) => ({ path: path!, body: body! }))
  .filter(({ path }) => existsSync(root(path)))

describe('README', () => {
  it('quotes the tested set-up files', () => {
    expect(quoted.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        'examples/vitest/vitest.config.ts',
        'examples/vitest/demo.test.ts',
        'playwright.config.ts',
        'e2e/auth.setup.ts',
        'e2e/dashboard.spec.ts',
        'examples/pytest/conftest.py',
        'examples/pytest/test_demo_account.py',
      ]),
    )
  })

  it.each(quoted)('quotes $path exactly as it is', ({ path, body }) => {
    expect(body.trim()).toBe(readFileSync(root(path), 'utf8').trim())
  })

  it('names the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })
})
