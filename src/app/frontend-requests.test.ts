import { describe, expect, it } from 'vitest'
import { addDays, dateRange } from '../readings/calendar.ts'
import { frontendDailyRanges, unifiedDailyRange, yearlyChunks } from './frontend-requests.ts'

describe('frontendDailyRanges', () => {
  it('asks for the unified three years, then the page hooks’ three yearly chunks', () => {
    expect(frontendDailyRanges('2026-12-01')).toEqual([
      { start: '2023-12-01', end: '2026-11-30' },
      { start: '2023-12-02', end: '2024-12-01' },
      { start: '2024-12-02', end: '2025-12-01' },
      { start: '2025-12-02', end: '2026-11-30' },
    ])
  })

  it('keeps a 29 February inside the chunk that spans it', () => {
    expect(frontendDailyRanges('2025-03-01')).toEqual([
      { start: '2022-03-01', end: '2025-02-28' },
      { start: '2022-03-02', end: '2023-03-01' },
      { start: '2023-03-02', end: '2024-03-01' },
      { start: '2024-03-02', end: '2025-02-28' },
    ])
  })

  it('covers yesterday - 1094 days to yesterday in three chunks, with no gap or overlap, on any day', () => {
    for (const today of dateRange('2023-01-01', '2031-12-31')) {
      const [unified, ...chunks] = frontendDailyRanges(today)
      const yesterday = addDays(today, -1)
      expect(unified).toEqual({ start: addDays(yesterday, -1095), end: yesterday })
      expect(chunks).toHaveLength(3)
      expect(chunks[0]!.start).toBe(addDays(yesterday, -1094))
      expect(chunks.at(-1)!.end).toBe(yesterday)
      for (let i = 1; i < chunks.length; i++) {
        expect(chunks[i]!.start).toBe(addDays(chunks[i - 1]!.end, 1))
      }
    }
  })

  it('names the unified range on its own', () => {
    expect(unifiedDailyRange('2026-12-01')).toEqual({ start: '2023-12-01', end: '2026-11-30' })
  })
})

describe('yearlyChunks', () => {
  it('sends a range of up to 365 days between its ends as one request', () => {
    const range = { start: '2025-01-01', end: '2026-01-01' }
    expect(yearlyChunks(range)).toEqual([range])
  })

  it('rolls a chunk that starts on 29 February over to 1 March a year later', () => {
    expect(yearlyChunks({ start: '2024-02-29', end: '2026-01-10' })).toEqual([
      { start: '2024-02-29', end: '2025-02-28' },
      { start: '2025-03-01', end: '2026-01-10' },
    ])
  })
})
