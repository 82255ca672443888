import { createHash } from 'node:crypto'
import seedrandom from 'seedrandom'

/** Uniform numbers in [0, 1). */
export type RandomStream = () => number

const SEPARATOR = '\u001f'

/**
 * An independent, reproducible stream for one (seed, meter, kind, day): each day of each series
 * has its own stream, so adding a PDL, widening the date range or changing how many numbers one
 * day draws never changes the values of another day or meter. Alea (from seedrandom, pinned) uses
 * only exact floating-point arithmetic, so it is the same on every engine.
 */
export function randomStream(...parts: readonly string[]): RandomStream {
  return seedrandom.alea(parts.join(SEPARATOR))
}

/**
 * A family of streams sharing a prefix (seed, meter, kind), one per day: the prefix is hashed
 * once, so each day's stream is seeded from a short string.
 */
export function dailyStreams(...prefix: readonly string[]): (date: string) => RandomStream {
  const key = createHash('sha256').update(prefix.join(SEPARATOR)).digest('base64url').slice(0, 16)
  return (date) => seedrandom.alea(`${key}${SEPARATOR}${date}`)
}
