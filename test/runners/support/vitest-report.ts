import { basename } from 'node:path'
import type { WorkerMeta } from '../projects/shared/worker-meta.ts'

/** One test in Vitest's JSON report. */
export interface ReportedTest {
  readonly title: string
  readonly fullName: string
  readonly status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo'
  readonly failureMessages: readonly string[]
  readonly meta: { readonly worker?: WorkerMeta }
}

/** The parts of Vitest's JSON report (`--reporter=json`) these tests read. */
export interface VitestReport {
  readonly success: boolean
  readonly numPassedTests: number
  readonly numFailedTests: number
  readonly numTotalTests: number
  readonly testResults: readonly {
    readonly name: string
    readonly status: 'passed' | 'failed'
    readonly message: string
    readonly assertionResults: readonly ReportedTest[]
  }[]
}

/** Every test of the report, across files. */
export function reportedTests(report: VitestReport): ReportedTest[] {
  return report.testResults.flatMap((file) => file.assertionResults)
}

/** The workers the tests recorded, in report order. */
export function reportedWorkers(report: VitestReport): WorkerMeta[] {
  return reportedTests(report).flatMap((test) => (test.meta.worker ? [test.meta.worker] : []))
}

/** Each test's status, keyed `file > title` (the file's base name), in report order. */
export function statuses(report: VitestReport): Record<string, ReportedTest['status']> {
  return Object.fromEntries(
    report.testResults.flatMap((file) =>
      file.assertionResults.map((test) => [`${basename(file.name)} > ${test.title}`, test.status]),
    ),
  )
}
