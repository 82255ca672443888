import { PROFILE_DESCRIPTIONS } from '../readings/profiles.ts'
import type { DailyEnergy, DailyProduction, LoadCurveDay, PdlReadings } from '../readings/types.ts'

/** What to draw: a title for the whole chart and how many of the last days each panel shows. */
export interface PreviewOptions {
  readonly title?: string
  /** Days of daily energy per panel, counted back from each PDL's last day (default 365). */
  readonly days?: number
}

const WIDTH = 1280
const HEADER_HEIGHT = 78
const PANEL_HEIGHT = 332
const FOOTER_HEIGHT = 26
/** Where the plots sit inside a panel: daily energy on the left, a week of load curve on the right. */
const DAILY_PLOT = { left: 72, top: 92, width: 720, height: 178 } as const
const WEEK_PLOT = { left: 880, top: 92, width: 360, height: 178 } as const

const COLOURS = {
  ink: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  axis: '#9ca3af',
  panel: '#f9fafb',
  consumption: '#2563eb',
  production: '#f59e0b',
  productionFill: '#fde68a',
  cloudy: '#475569',
} as const

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

interface Box {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
}

/** Text and attribute values come from callers (titles, ids): never let them close a tag. */
function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

/** One decimal at most: enough for a screen, and keeps the document small and stable. */
function coordinate(value: number): string {
  const rounded = Math.round(value * 10) / 10
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

/** A tick step of 1, 2 or 5 times a power of ten giving about `ticks` intervals up to `max`. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10
  return step * power
}

/** The axis top (a whole number of steps) and step for values up to `max`; never a flat axis. */
function niceScale(max: number): { top: number; step: number } {
  const step = niceStep(max > 0 ? max : 1, 4)
  return { top: Math.max(step, Math.ceil(max / step) * step), step }
}

/** A tick label with as many decimals as the step needs (0.05 steps need two). */
function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  return value.toFixed(decimals)
}

/** 0 = Sunday, from the date alone, so the output never depends on the machine's time zone. */
function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

function monthLabel(date: string): string {
  return MONTHS[Number(date.slice(5, 7)) - 1] ?? date.slice(5, 7)
}

function text(
  x: number,
  y: number,
  content: string,
  attributes: Readonly<Record<string, string | number>> = {},
): string {
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('')
  return `<text x="${coordinate(x)}" y="${coordinate(y)}"${extra}>${escapeXml(content)}</text>`
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): string {
  return `<line x1="${coordinate(x1)}" y1="${coordinate(y1)}" x2="${coordinate(x2)}" y2="${coordinate(y2)}" stroke="${stroke}"${extra}/>`
}

function points(values: readonly (readonly [number, number])[]): string {
  return values.map(([x, y]) => `${coordinate(x)},${coordinate(y)}`).join(' ')
}

/** Horizontal grid lines and their labels for a value axis from 0 to `top`. */
function valueAxis(box: Box, top: number, step: number, unit: string): string {
  const parts: string[] = []
  // Multiples of a whole count of steps: adding steps up would drift (0.1 + 0.2 !== 0.3).
  for (let k = 0; k * step <= top + step / 2; k++) {
    const label = formatTick(k * step, step)
    const y = box.top + box.height - ((k * step) / top) * box.height
    parts.push(line(box.left, y, box.left + box.width, y, k === 0 ? COLOURS.axis : COLOURS.grid))
    parts.push(text(box.left - 8, y + 4, label, { 'text-anchor': 'end', 'data-tick': label }))
  }
  parts.push(text(box.left - 36, box.top - 12, unit, { fill: COLOURS.muted }))
  return parts.join('')
}

/** A line (and, for production, a soft area under it) through one value per x step. */
function series(
  name: 'consumption' | 'production',
  coordinates: readonly (readonly [number, number])[],
  baseline: number,
): string {
  if (coordinates.length === 0) return ''
  const colour = COLOURS[name]
  const area =
    name === 'production'
      ? `<polygon points="${points([
          [coordinates[0]![0], baseline],
          ...coordinates,
          [coordinates.at(-1)![0], baseline],
        ])}" fill="${COLOURS.productionFill}" fill-opacity="0.55" stroke="none"/>`
      : ''
  return `<g data-series="${name}">${area}<polyline points="${points(coordinates)}" fill="none" stroke="${colour}" stroke-width="1.4" stroke-linejoin="round"/></g>`
}

function legendItem(x: number, y: number, colour: string, label: string, marker = false): string {
  const swatch = marker
    ? `<circle cx="${x + 9}" cy="${y - 4}" r="3" fill="#fff" stroke="${colour}" stroke-width="1.4"/>`
    : line(x, y - 4, x + 18, y - 4, colour, ' stroke-width="3"')
  return `${swatch}${text(x + 24, y, label, { fill: COLOURS.ink })}`
}

/** Daily consumption and production of the last `days` days, with month labels. */
function dailyChart(pdl: PdlReadings, days: number): string {
  const consumption: readonly DailyEnergy[] = pdl.consumption?.daily.slice(-days) ?? []
  const production: readonly DailyProduction[] = pdl.production?.daily.slice(-days) ?? []
  const dates = (consumption.length >= production.length ? consumption : production).map(
    (day) => day.date,
  )
  if (dates.length === 0) return text(DAILY_PLOT.left, DAILY_PLOT.top + 40, 'No daily readings')
  const box = DAILY_PLOT
  const max = Math.max(...consumption.map((day) => day.wh), ...production.map((day) => day.wh))
  const { top, step } = niceScale(max / 1000)
  const index = new Map(dates.map((date, i) => [date, i]))
  const xOf = (date: string) =>
    box.left + ((index.get(date) ?? 0) + 0.5) * (box.width / dates.length)
  const yOf = (wh: number) => box.top + box.height - (wh / 1000 / top) * box.height
  const baseline = box.top + box.height
  const parts = [valueAxis(box, top, step, 'kWh/day')]
  // Labels need about 40 px: over several years only every third month, then only years, fit.
  const monthWidth = (box.width / dates.length) * 30.44
  const labelEvery = monthWidth >= 40 ? 1 : monthWidth >= 15 ? 3 : 12
  for (const date of dates) {
    if (date.slice(8) !== '01') continue
    const x = xOf(date) - box.width / dates.length / 2
    const month = Number(date.slice(5, 7))
    parts.push(line(x, box.top, x, baseline + 4, month === 1 ? COLOURS.axis : COLOURS.grid))
    if ((month - 1) % labelEvery !== 0) continue
    const year = date.slice(0, 4)
    const label = month !== 1 ? monthLabel(date) : labelEvery === 1 ? `Jan ${year}` : year
    parts.push(
      text(x + 3, baseline + 17, label, { fill: COLOURS.muted, 'data-month': date.slice(0, 7) }),
    )
  }
  parts.push(
    series(
      'production',
      production.map((day) => [xOf(day.date), yOf(day.wh)] as const),
      baseline,
    ),
  )
  parts.push(
    series(
      'consumption',
      consumption.map((day) => [xOf(day.date), yOf(day.wh)] as const),
      baseline,
    ),
  )
  const cloudy = production
    .filter((day) => day.cloudy)
    .map(
      (day) =>
        `<circle cx="${coordinate(xOf(day.date))}" cy="${coordinate(yOf(day.wh))}" r="1.9" fill="#fff" stroke="${COLOURS.cloudy}" stroke-width="0.9"/>`,
    )
  if (cloudy.length > 0) parts.push(`<g data-series="cloudy">${cloudy.join('')}</g>`)
  return parts.join('')
}

/** The last Monday-to-Sunday week with a load curve, or the last seven days when there is none. */
function sampleWeek(curve: readonly LoadCurveDay[]): readonly LoadCurveDay[] {
  for (let start = curve.length - 7; start >= 0; start--) {
    if (weekdayOf(curve[start]!.date) === 1) return curve.slice(start, start + 7)
  }
  return curve.slice(-7)
}

/** One week of 30-minute load curve in kW, consumption and production on the same axis. */
function weekChart(pdl: PdlReadings): string {
  const box = WEEK_PLOT
  const week = sampleWeek(pdl.consumption?.loadCurve ?? pdl.production?.loadCurve ?? [])
  if (week.length === 0)
    return text(box.left, box.top + 40, 'No load curve', { fill: COLOURS.muted })
  const producedOn = new Map((pdl.production?.loadCurve ?? []).map((day) => [day.date, day]))
  const consumedOn = new Map((pdl.consumption?.loadCurve ?? []).map((day) => [day.date, day]))
  const dayWidth = box.width / week.length
  const baseline = box.top + box.height
  const watts = week.flatMap((day) => [
    ...(consumedOn.get(day.date)?.watts ?? []),
    ...(producedOn.get(day.date)?.watts ?? []),
  ])
  const { top, step } = niceScale(Math.max(0, ...watts) / 1000)
  // Clock-change days have 46 or 50 half hours: each day keeps the same width.
  const trace = (days: ReadonlyMap<string, LoadCurveDay>) =>
    week.flatMap((day, d) => {
      const curve = days.get(day.date)
      if (!curve) return []
      return curve.watts.map(
        (w, i) =>
          [
            box.left + d * dayWidth + ((i + 0.5) / curve.watts.length) * dayWidth,
            baseline - (w / 1000 / top) * box.height,
          ] as const,
      )
    })
  const parts = [valueAxis(box, top, step, 'kW')]
  week.forEach((day, d) => {
    const x = box.left + d * dayWidth
    if (d > 0) parts.push(line(x, box.top, x, baseline + 4, COLOURS.grid))
    const label = `${WEEKDAYS[weekdayOf(day.date)]} ${Number(day.date.slice(8))}`
    parts.push(
      text(x + dayWidth / 2, baseline + 17, label, {
        'text-anchor': 'middle',
        fill: COLOURS.muted,
      }),
    )
  })
  parts.push(series('production', trace(producedOn), baseline))
  parts.push(series('consumption', trace(consumedOn), baseline))
  const first = week[0]!.date
  const last = week.at(-1)!.date
  parts.push(
    text(
      box.left,
      box.top - 12,
      `30-min load curve, ${Number(first.slice(8))} ${monthLabel(first)} - ${Number(last.slice(8))} ${monthLabel(last)} ${last.slice(0, 4)}`,
      { fill: COLOURS.muted },
    ),
  )
  return parts.join('')
}

const kwh = (days: readonly DailyEnergy[]) => days.reduce((sum, day) => sum + day.wh, 0) / 1000

/** One line of totals, so a reader can check the numbers behind the shapes. */
function summary(pdl: PdlReadings, days: number): string {
  const facts: string[] = []
  const consumption = pdl.consumption?.daily.slice(-days) ?? []
  const production = pdl.production?.daily.slice(-days) ?? []
  if (consumption.length > 0) {
    const total = kwh(consumption)
    facts.push(
      `consumption ${Math.round(total)} kWh (${(total / consumption.length).toFixed(1)} kWh/day)`,
    )
  }
  if (production.length > 0) {
    const total = kwh(production)
    const cloudy = production.filter((day) => day.cloudy).length
    facts.push(
      `production ${Math.round(total)} kWh (${(total / production.length).toFixed(1)} kWh/day, ${cloudy} cloudy days)`,
    )
  }
  const span = consumption.length > 0 ? consumption : production
  if (span.length > 0) facts.push(`${span[0]!.date} to ${span.at(-1)!.date}`)
  return facts.join(' · ')
}

function panel(pdl: PdlReadings, position: number, days: number): string {
  const y = HEADER_HEIGHT + position * PANEL_HEIGHT
  const legend = [legendItem(0, 0, COLOURS.consumption, 'Consumption')]
  if (pdl.production) {
    legend.push(legendItem(120, 0, COLOURS.production, 'Production'))
    legend.push(legendItem(230, 0, COLOURS.cloudy, 'Cloudy day', true))
  }
  return [
    `<g data-pdl="${escapeXml(pdl.usagePointId)}" data-profile="${escapeXml(pdl.profile)}" transform="translate(0 ${y})">`,
    `<rect x="16" y="8" width="${WIDTH - 32}" height="${PANEL_HEIGHT - 16}" rx="10" fill="${COLOURS.panel}" stroke="${COLOURS.grid}"/>`,
    text(36, 38, `PDL ${pdl.usagePointId} · ${pdl.profile}`, {
      'font-size': 16,
      'font-weight': 'bold',
      fill: COLOURS.ink,
    }),
    text(36, 58, PROFILE_DESCRIPTIONS[pdl.profile] ?? '', { fill: COLOURS.muted }),
    `<g transform="translate(${WIDTH - 380} 36)">${legend.join('')}</g>`,
    `<g data-chart="daily">${dailyChart(pdl, days)}</g>`,
    `<g data-chart="week">${weekChart(pdl)}</g>`,
    text(DAILY_PLOT.left - 36, PANEL_HEIGHT - 18, summary(pdl, days), {
      fill: COLOURS.muted,
      'font-size': 11,
    }),
    '</g>',
  ].join('\n')
}

/**
 * Draws generated readings as a standalone SVG document, one panel per PDL: daily consumption
 * (and production, cloudy days marked) over the last `days` days, and one week of the 30-minute
 * load curve, so a person can judge their realism at a glance. Pure: the same readings always
 * give the same bytes; no clock, no fonts or files from outside.
 *
 * @example
 * ```ts
 * await writeFile('preview.svg', renderPreviewSvg(generateReadings(request), { days: 365 }))
 * ```
 */
export function renderPreviewSvg(
  readings: readonly PdlReadings[],
  options: PreviewOptions = {},
): string {
  const days = options.days ?? 365
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`days must be a whole number above 0, got ${days}`)
  }
  const title = options.title ?? 'MyElectricalData demo readings'
  const height = HEADER_HEIGHT + Math.max(1, readings.length) * PANEL_HEIGHT + FOOTER_HEIGHT
  const panels = readings.map((pdl, position) => panel(pdl, position, days))
  if (readings.length === 0) panels.push(text(36, HEADER_HEIGHT + 40, 'No PDL to draw'))
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(24, 38, title, { 'font-size': 20, 'font-weight': 'bold', fill: COLOURS.ink }),
    text(
      24,
      62,
      `Daily energy over the last ${days} days and one week of 30-minute load curve, per PDL`,
      { fill: COLOURS.muted },
    ),
    ...panels,
    '</svg>',
    '',
  ].join('\n')
}
