import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnCollect } from '../support/spawn-collect.ts'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
/** Debian 12's Node, older than the 22.22 this package needs. */
const OLD_NODE = process.env.MED_DEMO_OLD_NODE ?? '/usr/bin/node'

function versionOf(node: string): string | undefined {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim() : undefined
}

const oldVersion = versionOf(OLD_NODE)
const [major = 0, minor = 0] = (oldVersion ?? 'v99.0.0').slice(1).split('.').map(Number)
const isOld = major < 22 || (major === 22 && minor < 22)

/**
 * What users run is the built package (`npx med-demo` runs dist/src/cli/main.js), and an old Node
 * cannot strip TypeScript: build it, as `npm run build` does, into a folder of its own.
 */
let built: string
beforeAll(async () => {
  if (!isOld) return
  built = await mkdtemp(join(tmpdir(), 'med-old-node-'))
  const tsc = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(built, 'dist'),
    ],
    { cwd: REPO, encoding: 'utf8' },
  )
  expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0)
  await cp(join(REPO, 'package.json'), join(built, 'package.json'))
  await symlink(join(REPO, 'node_modules'), join(built, 'node_modules'))
})
afterAll(async () => {
  if (built) await rm(built, { recursive: true, force: true })
})

const title = isOld
  ? `on an old Node (${OLD_NODE} ${oldVersion})`
  : `on an old Node: skipped, no Node older than 22.22 at ${OLD_NODE} (${oldVersion ?? 'absent'}); set MED_DEMO_OLD_NODE to one`

describe.skipIf(!isOld)(title, () => {
  const said = `needs Node >= 22.22, found ${oldVersion}`

  it('med-demo says what it needs and what it found, and exits 1', async () => {
    for (const command of ['up', 'seed', '--help']) {
      const result = await spawnCollect(OLD_NODE, [join(built, 'dist/src/cli/main.js'), command])
      expect(result.exitCode, command).toBe(1)
      expect(result.stderr, command).toContain(`✖ @myelectricaldata/demo-account ${said}`)
      expect(result.stderr, command).toContain('(UNSUPPORTED_NODE)')
      expect(result.stderr, command).not.toContain('TypeError')
    }
  })

  it('importing the library or a runner adapter throws a DemoAccountError saying so', async () => {
    const probe = join(built, 'probe.mjs')
    await writeFile(
      probe,
      `try { await import(process.argv[2]); console.log('LOADED') } catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })) }`,
    )
    for (const entry of [
      'src/index.js',
      'fixtures/vitest.js',
      'fixtures/vitest-global-setup.js',
      'fixtures/playwright.js',
    ]) {
      const result = await spawnCollect(OLD_NODE, [probe, join(built, 'dist', entry)])
      const error = JSON.parse(result.stdout.trim() || '{}')
      expect(error, `${entry}: ${result.stderr}`).toMatchObject({
        name: 'DemoAccountError',
        code: 'UNSUPPORTED_NODE',
      })
      expect(error.message, entry).toContain(said)
    }
  })
})
