import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { projectConfig } from '../shared/project-config.ts'

/** The files in name order: `add-account.spec.ts` first, whose worker then hands its slot on. */
class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId))
  }
}

// One worker, the files one after the other: each file's tests run in order.
const config = projectConfig({ globalSetup: true, maxWorkers: 1 })
export default defineConfig({
  ...config,
  test: { ...config.test, sequence: { sequencer: ByName } },
})
