import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { command } from './support/command.ts'
import { npmInstall } from './support/consumer-project.ts'
import { packPackage, repoRoot } from './support/pack.ts'
import { tempDir } from './support/temp-dir.ts'

const example = join(repoRoot, 'examples/vitest')

let temp: Awaited<ReturnType<typeof tempDir>>
let project: string

beforeAll(async () => {
  temp = await tempDir('example-vitest')
  const { tarball } = await packPackage(temp.path)
  project = join(temp.path, 'example')
  await cp(example, project, {
    recursive: true,
    filter: (source) => !source.includes('node_modules'),
  })
  // The example depends on the published package; here it gets the one just packed.
  const manifestPath = join(project, 'package.json')
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'))
  manifest.devDependencies['@myelectricaldata/demo-account'] = `file:${tarball}`
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2))
  await npmInstall(project)
})

afterAll(async () => {
  await temp?.remove()
})

test('passes the quick start of examples/vitest against the packed package', async () => {
  const report = join(temp.path, 'report.json')
  const run = await command(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    project,
    { NO_COLOR: '1' },
  )

  expect(run.exitCode, run.stdout + run.stderr).toBe(0)
  const result = JSON.parse(await readFile(report, 'utf8'))
  expect(result.numPassedTests).toBeGreaterThan(0)
  expect(result.numPassedTests).toBe(result.numTotalTests)
})
