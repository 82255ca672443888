import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { DemoAccountError } from '../../src/errors.ts'
import { resolveDemoAccountOptions } from '../../src/options/resolve-options.ts'

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
        'e2e/global-setup.ts',
        'e2e/global-state.global.ts',
        'examples/playwright/vite-frontend.config.ts',
        'examples/pytest/conftest.py',
        'examples/pytest/test_demo_account.py',
      ]),
    )
  })

  it.each(quoted)('quotes $path exactly as it is', ({ path, body }) => {
    expect(body.trim()).toBe(readFileSync(root(path), 'utf8').trim())
  })

  it('gives the code the library throws for a PDL id listed twice in its Errors table', () => {
    let code: string | undefined
    try {
      resolveDemoAccountOptions({
        pdls: [{ usagePointId: '11111111111111' }, { usagePointId: '11111111111111' }],
      })
    } catch (error) {
      code = (error as DemoAccountError).code
    }
    expect(code).toBe('INVALID_OPTION')
    const row = (name: string) =>
      readme.split('\n').find((line) => line.startsWith(`| \`${name}\``))
    expect(row('INVALID_OPTION')).toContain('the same PDL id twice')
    expect(row('PDL_CONFLICT')).not.toContain('twice')
  })

  it('links only to files inside the repository, and to ones that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map(([, target]) => target!)
    const local = links.filter((target) => !/^https?:/.test(target))
    expect(local.length).toBeGreaterThan(0)
    // Nor a path outside it in prose (the contract notes are in docs/app-contract/).
    expect(readme).not.toMatch(/\.\.\/[\w-]+\//)
    for (const target of local) {
      expect(target, target).not.toMatch(/^(\/|\.\.\/)/)
      expect(existsSync(root(target)), target).toBe(true)
    }
  })

  it('names the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })
})
