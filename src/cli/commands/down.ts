import { parseArgs } from 'node:util'
import { removeReusedStores } from '../../reuse/reused-stores.ts'
import { UsageError } from '../cli-error.ts'
import { progress } from '../progress.ts'

export const DOWN_HELP = `Usage: med-demo down [options]

Removes the stores kept for reuse (withDemoAccount({ reuse: true }), MED_DEMO_REUSE=1,
med-demo up --reuse): their Postgres and Redis containers, labelled
org.myelectricaldata.demo-account.reuse=<key> (a fingerprint of their set-up: images, Vitest or
not, library version). Runs still using them lose their stores.

Options:
  --key K           only the stores whose key starts with K (such as the 12 characters the note
                    at the end of a run prints)
  --name N          only the stores of the set N (reuse: 'N', MED_DEMO_REUSE=N; default: the
                    set reuse: true, MED_DEMO_REUSE=1 and --reuse keep)
  --json            print what was removed as JSON
  -h, --help        this help`

const DOWN_FLAGS = {
  key: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `med-demo down` (the part that removes reused stores). */
export async function down(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: DOWN_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(DOWN_HELP)
    return 0
  }
  const key = values.key
  if (key !== undefined && !/^[0-9a-f]{4,64}$/.test(key)) {
    throw new UsageError(`--key takes 4 to 64 lower-case hex characters of a key, got "${key}"`)
  }
  const removed = await removeReusedStores({ key, name: values.name })
  if (values.json) {
    console.log(JSON.stringify({ removed }, null, 2))
    return 0
  }
  const keys = new Set(removed.map((c) => c.key.slice(0, 12)))
  progress(
    removed.length === 0
      ? '✔ No reused stores to remove.'
      : `✔ Removed ${removed.length} reused container(s) (key ${[...keys].join(', ')}).`,
  )
  return 0
}
