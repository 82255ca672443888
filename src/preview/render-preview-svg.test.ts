import { describe, expect, it } from 'vitest'
import { meter } from '../../test/support/demo-meters.ts'
import { addDays, halfHourSlots } from '../readings/calendar.ts'
import { generateReadings } from '../readings/generate-readings.ts'
import type { PdlReadings } from '../readings/types.ts'
import { renderPreviewSvg } from './render-preview-svg.ts'

// A little over a year, so the default 365-day window has to cut the start.
const readings = generateReadings({
  seed: 'demo',
  firstDate: '2025-10-01',
  lastDate: '2026-11-23',
  loadCurveFrom: '2026-10-01',
  meters: [
    meter('12345678901234', 'main-home', 6),
    meter('98765432109876', 'solar-home', 9),
    meter('11111111111111', 'secondary-home', 3),
  ],
})
const svg = renderPreviewSvg(readings)

/** A PDL with the given daily consumption from `firstDate` on and a flat load curve. */
function consumingPdl(
  usagePointId: string,
  dailyWh: readonly number[],
  firstDate = '2025-01-01',
): PdlReadings {
  const daily = dailyWh.map((wh, i) => ({ date: addDays(firstDate, i), wh }))
  const loadCurve = daily.map(({ date, wh }) => {
    const starts = halfHourSlots(date).map((slot) => slot.start)
    return { date, starts, watts: starts.map(() => (2 * wh) / starts.length) }
  })
  const maxPower = daily.map(({ date }) => ({ date, va: 1000, at: `${date} 20:00:00` }))
  return {
    usagePointId,
    profile: 'main-home',
    consumption: { daily, loadCurve, maxPower },
    production: null,
  }
}

/** Every element, in document order: opening, closing or self-closing. */
function tags(document: string): { name: string; kind: 'open' | 'close' | 'self' }[] {
  return [...document.matchAll(/<(\/?)([A-Za-z][\w:-]*)\b[^<>]*?(\/?)>/g)].map((match) => ({
    name: match[2]!,
    kind: match[1] ? 'close' : match[3] ? 'self' : 'open',
  }))
}

/** The markup of each PDL's panel, by usage point id. */
function panels(document: string): Map<string, string> {
  const parts = document.split('<g data-pdl="').slice(1)
  return new Map(parts.map((part) => [part.slice(0, part.indexOf('"')), part]))
}

/** The markup of one chart (`daily` or `week`) of a panel. */
function chart(panel: string, name: 'daily' | 'week'): string {
  const start = panel.indexOf(`<g data-chart="${name}">`)
  expect(start).toBeGreaterThanOrEqual(0)
  const next = panel.indexOf('<g data-chart=', start + 1)
  return panel.slice(start, next === -1 ? undefined : next)
}

/** The points of a series' line in a chart, as numbers. */
function seriesPoints(markup: string, series: string): [number, number][] {
  const match = new RegExp(`data-series="${series}">.*?<polyline points="([^"]*)"`).exec(markup)
  if (!match) return []
  return match[1]!.split(' ').map((pair) => pair.split(',').map(Number) as [number, number])
}

/** The value-axis labels of a chart, bottom to top, with the y of their grid line. */
function ticks(markup: string): { value: number; y: number }[] {
  return [...markup.matchAll(/<text x="[^"]*" y="([^"]*)"[^>]*data-tick="([^"]*)"/g)].map(
    (match) => ({ value: Number(match[2]), y: Number(match[1]) - 4 }),
  )
}

describe('renderPreviewSvg', () => {
  it('returns a standalone SVG document', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true)
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"')
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(svg).not.toMatch(/href=|url\(|@import|<image|<script|@font-face/)
  })

  it('nests every element properly, with the svg element as the root', () => {
    const stack: string[] = []
    const all = tags(svg)
    expect(all[0]).toEqual({ name: 'svg', kind: 'open' })
    for (const [i, tag] of all.entries()) {
      if (tag.kind === 'open') stack.push(tag.name)
      if (tag.kind === 'close') expect(stack.pop()).toBe(tag.name)
      if (i > 0 && i < all.length - 1) expect(stack.length).toBeGreaterThan(0)
    }
    expect(stack).toEqual([])
    expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/)
  })

  it('uses only generic font families', () => {
    const families = [...svg.matchAll(/font-family="([^"]*)"/g)].map((match) => match[1])
    expect(families.length).toBeGreaterThan(0)
    expect(families.every((family) => family === 'sans-serif')).toBe(true)
  })

  it('draws one panel per PDL, titled with its id and profile', () => {
    const byId = panels(svg)
    expect([...byId.keys()]).toEqual(['12345678901234', '98765432109876', '11111111111111'])
    expect(byId.get('98765432109876')).toContain('PDL 98765432109876 · solar-home')
    expect(byId.get('11111111111111')).toContain('PDL 11111111111111 · secondary-home')
  })

  it('draws production only for the PDLs that produce', () => {
    const producing = [...panels(svg)].filter(([, panel]) =>
      panel.includes('data-series="production"'),
    )
    expect(producing.map(([id]) => id)).toEqual(['98765432109876'])
    expect(producing[0]![1]).toContain('>Production</text>')
  })

  it('draws one point a day over the last 365 days by default', () => {
    for (const panel of panels(svg).values()) {
      expect(seriesPoints(chart(panel, 'daily'), 'consumption')).toHaveLength(365)
    }
    const solar = chart(panels(svg).get('98765432109876')!, 'daily')
    expect(seriesPoints(solar, 'production')).toHaveLength(365)
  })

  it('draws as many days as asked', () => {
    const panel = panels(renderPreviewSvg(readings, { days: 30 })).get('12345678901234')!
    expect(seriesPoints(chart(panel, 'daily'), 'consumption')).toHaveLength(30)
  })

  it('marks every cloudy day of the window', () => {
    const production = readings[1]!.production!.daily.slice(-365)
    const cloudyDays = production.filter((day) => day.cloudy).length
    const solar = chart(panels(svg).get('98765432109876')!, 'daily')
    const cloudyGroup = /<g data-series="cloudy">(.*?)<\/g>/.exec(solar)?.[1] ?? ''
    expect(cloudyDays).toBeGreaterThan(30)
    expect(cloudyGroup.match(/<circle /g)).toHaveLength(cloudyDays)
  })

  it('labels the months of the window', () => {
    const daily = chart(panels(svg).get('12345678901234')!, 'daily')
    const months = [...daily.matchAll(/data-month="([^"]*)"/g)].map((match) => match[1])
    expect(months).toHaveLength(12)
    expect(months[0]).toBe('2025-12')
    expect(months.at(-1)).toBe('2026-11')
    expect(daily).toContain('>Jan 2026</text>')
  })

  it('labels only quarters and years when the window spans several years', () => {
    // 1000 days from 2025-01-01 to 2027-09-27.
    const long = consumingPdl(
      '1',
      Array.from({ length: 1000 }, () => 10_000),
    )
    const daily = chart(panels(renderPreviewSvg([long], { days: 1000 })).get('1')!, 'daily')
    const months = [...daily.matchAll(/data-month="([^"]*)"/g)].map((match) => match[1])
    expect(months).toEqual(
      ['2025', '2026', '2027']
        .flatMap((year) => ['01', '04', '07', '10'].map((month) => `${year}-${month}`))
        .slice(0, 11),
    )
    expect(daily).toContain('>2026</text>')
    expect(daily).not.toContain('>Feb</text>')
  })

  it('places daily values on a linear kWh scale starting at 0', () => {
    const panel = panels(
      renderPreviewSvg([consumingPdl('1', [10_000, 20_000, 30_000])], { days: 3 }),
    )
    const daily = chart(panel.get('1')!, 'daily')
    const [ten, twenty, thirty] = seriesPoints(daily, 'consumption').map(([, y]) => y)
    const zero = ticks(daily).find((tick) => tick.value === 0)!.y
    expect(zero - twenty!).toBeCloseTo(2 * (zero - ten!), 0)
    expect(zero - thirty!).toBeCloseTo(3 * (zero - ten!), 0)
    const tickAt = (value: number) => ticks(daily).find((tick) => tick.value === value)?.y
    expect(tickAt(30)).toBeCloseTo(thirty!, 0)
  })

  it('widens the kWh scale for larger values', () => {
    const topTick = (wh: number) => {
      const document = renderPreviewSvg([consumingPdl('1', [wh, wh / 2])], { days: 2 })
      return Math.max(
        ...ticks(chart(panels(document).get('1')!, 'daily')).map((tick) => tick.value),
      )
    }
    expect(topTick(18_000)).toBe(20)
    expect(topTick(180_000)).toBe(200)
    expect(topTick(1_800)).toBe(2)
  })

  it('draws the last full Monday-to-Sunday week of the load curve in kW', () => {
    const week = chart(panels(svg).get('12345678901234')!, 'week')
    expect(week).toContain('16 Nov - 22 Nov 2026')
    expect(week).toContain('>Mon 16</text>')
    expect(seriesPoints(week, 'consumption')).toHaveLength(7 * 48)
    const solarWeek = chart(panels(svg).get('98765432109876')!, 'week')
    expect(seriesPoints(solarWeek, 'production')).toHaveLength(7 * 48)
  })

  it('keeps every day of the week the same width across a clock change', () => {
    // 2025-03-24 is a Monday; the Sunday of that week, 2025-03-30, has 46 half hours.
    const pdl = consumingPdl(
      '1',
      Array.from({ length: 7 }, () => 12_000),
      '2025-03-24',
    )
    const points = seriesPoints(
      chart(panels(renderPreviewSvg([pdl])).get('1')!, 'week'),
      'consumption',
    )
    expect(points).toHaveLength(6 * 48 + 46)
    const span = (from: number, to: number) => points[to]![0] - points[from]![0]
    const monday = span(0, 47) * (48 / 47)
    const sunday = span(6 * 48, 6 * 48 + 45) * (46 / 45)
    expect(sunday).toBeCloseTo(monday, 0)
  })

  it('says so when a PDL has no load curve', () => {
    const pdl = consumingPdl('1', [1_000, 2_000])
    const document = renderPreviewSvg([
      { ...pdl, consumption: { ...pdl.consumption!, loadCurve: [] } },
    ])
    expect(chart(panels(document).get('1')!, 'week')).toContain('No load curve')
  })

  it('escapes the text it is given', () => {
    const document = renderPreviewSvg([consumingPdl('<1>&"', [1_000])], {
      title: '<script>alert("x")</script> & co',
    })
    expect(document).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co')
    expect(document).toContain('data-pdl="&lt;1&gt;&amp;&quot;"')
    expect(document).not.toContain('<script')
  })

  it('gives the same document for the same readings', () => {
    expect(renderPreviewSvg(readings)).toBe(svg)
  })

  it('refuses a number of days below 1', () => {
    expect(() => renderPreviewSvg(readings, { days: 0 })).toThrow(RangeError)
    expect(() => renderPreviewSvg(readings, { days: 2.5 })).toThrow(RangeError)
  })
})
