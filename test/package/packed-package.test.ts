import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { command, mustRun } from './support/command.ts'
import { createConsumer } from './support/consumer-project.ts'
import { type PackedPackage, packPackage, repoRoot } from './support/pack.ts'
import { tempDir } from './support/temp-dir.ts'

const consumerFiles = new URL('./consumer/', import.meta.url)

let temp: Awaited<ReturnType<typeof tempDir>>
let packed: PackedPackage
let project: string

beforeAll(async () => {
  temp = await tempDir('package')
  packed = await packPackage(temp.path)
  project = join(temp.path, 'consumer')
  await mkdir(project)
  await createConsumer(project, packed.tarball, [
    'vitest',
    '@playwright/test',
    'typescript',
    '@types/node',
  ])
  for (const file of await readdir(consumerFiles)) {
    await copyFile(new URL(file, consumerFiles), join(project, file))
  }
})

afterAll(async () => {
  await temp?.remove()
})

/** The names a subpath exports, as Node's `import()` sees them in the consumer project. */
async function exportsOf(subpath: string): Promise<string[]> {
  const specifier = `@myelectricaldata/demo-account${subpath}`
  const script = `const m = await import('${specifier}', ${subpath.endsWith('.json') ? "{ with: { type: 'json' } }" : '{}'})
console.log(JSON.stringify(Object.keys(m).sort()))`
  const { stdout } = await mustRun('node', ['--input-type=module', '-e', script], project)
  return JSON.parse(stdout) as string[]
}

test('ships the built library and no tests', async () => {
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
  const targets = Object.values(manifest.exports as Record<string, string | object>)
    .flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
    .map((target) => (target as string).replace(/^\.\//, ''))

  expect(packed.files).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts']))
  expect(packed.files).toEqual(expect.arrayContaining(targets))
  expect(packed.files).toContain(manifest.bin['med-demo'].replace(/^\.\//, ''))
  expect(packed.files.filter((file) => /\.test(-d)?\.|(^|\/)e2e\//.test(file))).toEqual([])
  expect(
    packed.files.filter(
      (file) => !/^(dist\/(src|fixtures)\/|package\.json$|README\.md$|LICENSE)/.test(file),
    ),
  ).toEqual([])
  expect(packed.files.filter((file) => file.endsWith('.d.ts')).length).toBeGreaterThan(0)
})

test('imports every subpath from Node', async () => {
  expect(await exportsOf('')).toEqual(
    expect.arrayContaining([
      'DemoAccountError',
      'generateReadings',
      'readCachedDaily',
      'readCachedLoadCurve',
      'readCachedMaxPower',
      'readCachedProduction',
      'removeDemoAccount',
      'withDemoAccount',
    ]),
  )
  expect(await exportsOf('/vitest/global-setup')).toEqual(expect.arrayContaining(['default']))
  expect(await exportsOf('/playwright')).toEqual(
    expect.arrayContaining([
      'demoGlobalSetup',
      'demoStorageState',
      'demoWebServer',
      'expect',
      'loginThroughForm',
      'test',
    ]),
  )
  expect(await exportsOf('/package.json')).toEqual(['default'])
})

test('imports the Vitest adapter inside Vitest', async () => {
  const run = await command('npx', ['vitest', 'run', 'exports.spec.ts'], project, { NO_COLOR: '1' })
  expect(run.exitCode, run.stdout + run.stderr).toBe(0)
  expect(run.stdout).toContain('✓ exports.spec.ts')
})

test('requires the Playwright adapter from CommonJS', async () => {
  const run = await mustRun('node', ['require-playwright.cjs'], project)
  expect(JSON.parse(run.stdout)).toEqual(
    expect.arrayContaining(['demoWebServer', 'expect', 'test']),
  )
})

test('type-checks the public API with nodenext resolution', async () => {
  const run = await command('npx', ['tsc', '-p', 'tsconfig.json'], project)
  expect(run.exitCode, run.stdout + run.stderr).toBe(0)
})

test('runs the med-demo bin', async () => {
  const help = await mustRun('npx', ['med-demo', '--help'], project)
  expect(help.stdout).toMatch(/^Usage: med-demo <command>/)
  const seedHelp = await mustRun('npx', ['med-demo', 'seed', '--help'], project)
  expect(seedHelp.stdout).toMatch(/^Usage: med-demo seed --database-url URL --redis-url URL/)
})
