import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveDemoAccountOptions } from '../../options/resolve-options.ts'
import { renderPreviewSvg } from '../../preview/render-preview-svg.ts'
import { generateReadings } from '../../readings/generate-readings.ts'
import type { PdlProfile } from '../../readings/types.ts'
import { UsageError } from '../cli-error.ts'
import { checkOutputFile } from '../output-file.ts'
import { progress } from '../progress.ts'

export const PREVIEW_HELP = `Usage: med-demo preview --out FILE.svg [options]

Renders the generated readings as an SVG chart, to judge their realism at a glance: daily
consumption and production per PDL over a year, and a week of the 30-minute load curve.

Options:
  --out FILE.svg          where to write the chart (required)
  --seed SEED             (default: demo)
  --reference-date DATE   readings end the day before it (default: today, Paris)
  --days N                days to draw (default: 365)
  --profiles LIST         comma-separated profiles, one PDL each
                          (default: main-home,solar-home,secondary-home)
  -h, --help              this help`

const PREVIEW_FLAGS = {
  out: { type: 'string' },
  seed: { type: 'string' },
  'reference-date': { type: 'string' },
  days: { type: 'string' },
  profiles: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `med-demo preview` */
export async function preview(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: PREVIEW_FLAGS,
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    console.log(PREVIEW_HELP)
    return 0
  }
  if (!values.out) throw new UsageError('preview needs --out FILE.svg')
  await checkOutputFile(values.out, '--out')
  if (values.days !== undefined && !/^\d+$/.test(values.days))
    throw new UsageError(`--days takes a whole number, got "${values.days}"`)
  const profiles = (values.profiles ?? 'main-home,solar-home,secondary-home').split(
    ',',
  ) as PdlProfile[]
  const days = values.days === undefined ? 365 : Number(values.days)
  const resolved = resolveDemoAccountOptions({
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    ...(values['reference-date'] === undefined ? {} : { referenceDate: values['reference-date'] }),
    days,
    pdls: profiles.map((profile) => ({ profile })),
    secretKey: 'unused',
  })
  const readings = generateReadings({
    seed: resolved.account.seed,
    firstDate: resolved.window.firstDate,
    lastDate: resolved.window.lastDate,
    meters: resolved.account.pdls,
  })
  const svg = renderPreviewSvg(readings, {
    title: `Demo readings, seed "${resolved.account.seed}", ${resolved.window.firstDate} to ${resolved.window.lastDate}`,
    days,
  })
  await mkdir(dirname(values.out), { recursive: true })
  await writeFile(values.out, svg)
  progress(`✔ Wrote ${values.out} (${profiles.length} PDLs, ${days} days)`)
  return 0
}
