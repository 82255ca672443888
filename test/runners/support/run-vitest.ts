import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnCollect } from '../../support/spawn-collect.ts'
import { childEnv } from './child-env.ts'
import type { VitestReport } from './vitest-report.ts'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const vitestCli = join(repoRoot, 'node_modules/vitest/vitest.mjs')
/** Below the runners project's test timeout, so that a stuck child is stopped, not orphaned. */
const RUN_TIMEOUT_MS = 240_000

/** The path of a small project under `test/runners/projects/`. */
export function projectPath(name: string): string {
  return join(repoRoot, 'test/runners/projects', name)
}

export interface VitestRun {
  readonly exitCode: number | null
  /** The verbose reporter's output, colours off. */
  readonly stdout: string
  readonly stderr: string
  /** The JSON reporter's output; undefined when Vitest wrote none (it failed before the tests). */
  readonly report: VitestReport | undefined
}

export interface RunOptions {
  /** More CLI arguments, as `['--pool=threads']`. */
  readonly args?: readonly string[]
  /** Added to (or, when undefined, removed from) the child's environment. */
  readonly env?: Record<string, string | undefined>
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawnCollect(process.execPath, args, { cwd: repoRoot, env, timeoutMs: RUN_TIMEOUT_MS })
}

/**
 * Runs `vitest run` in a child process on a small project, with the verbose reporter (to read;
 * it also prints error properties such as `code`) and the JSON reporter (to assert on).
 */
export async function runVitest(project: string, options: RunOptions = {}): Promise<VitestRun> {
  const outputDir = await mkdtemp(join(tmpdir(), 'med-runner-'))
  const outputFile = join(outputDir, 'report.json')
  try {
    const args = [
      vitestCli,
      'run',
      '--root',
      projectPath(project),
      '--reporter=verbose',
      '--reporter=json',
      `--outputFile.json=${outputFile}`,
      ...(options.args ?? []),
    ]
    const result = await run(args, childEnv(options.env))
    const report = await readFile(outputFile, 'utf8').then(
      (text) => JSON.parse(text) as VitestReport,
      () => undefined,
    )
    return { ...result, report }
  } finally {
    await rm(outputDir, { recursive: true, force: true })
  }
}

/** A short account of a run, for assertion messages. */
export function describeRun(run: VitestRun): string {
  return `exit code ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
}
