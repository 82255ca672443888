// Scratch space reused across calls (a day has at most 50 half hours): the generator calls this
// tens of thousands of times and allocating here dominated its run time.
const MAX_SLOTS = 64
const shares = new Float64Array(MAX_SLOTS)
const targets = new Float64Array(MAX_SLOTS)
const pinned = new Uint8Array(MAX_SLOTS)

/**
 * Spreads a day's energy over its half hours as whole-watt averages. The first `count` weights
 * give the shape; `sum(watts) / 2` equals `dayWh` exactly (a 30-minute average of W watts is
 * W/2 Wh); no slot exceeds `capW` while the energy fits under it (`dayWh <= count * capW / 2`).
 * Slots that would exceed the cap are pinned just under it and the rest is shared again
 * (water-filling), spilling onto zero-weight slots when the weighted ones are full. Whole watts
 * come from rounding the running total, so each slot is within 1 W of its share.
 */
export function spreadEnergy(
  dayWh: number,
  weights: ArrayLike<number>,
  capW: number,
  count = weights.length,
): number[] {
  if (count > MAX_SLOTS) throw new RangeError(`at most ${MAX_SLOTS} slots, got ${count}`)
  const units = 2 * dayWh
  const ceiling = Math.max(0, capW - 1)
  let free = 0
  for (let i = 0; i < count; i++) {
    shares[i] = Math.max(weights[i]!, 0)
    free += shares[i]!
  }
  targets.fill(0, 0, count)
  pinned.fill(0, 0, count)
  let remaining = units
  for (let round = 0; round <= 2 * count && remaining > 0; round++) {
    if (free === 0) {
      // Nothing left to share by weight: spread evenly over the slots that still have room.
      for (let i = 0; i < count; i++) if (pinned[i] === 0) shares[i] = 1
      free = count - pinned.subarray(0, count).reduce((sum, p) => sum + p, 0)
      if (free === 0) break
    }
    let pinnedThisRound = false
    for (let i = 0; i < count; i++) {
      if (pinned[i] === 0 && (remaining * shares[i]!) / free > ceiling) {
        pinned[i] = 1
        targets[i] = ceiling
        remaining -= ceiling
        free -= shares[i]!
        pinnedThisRound = true
      }
    }
    if (pinnedThisRound) continue
    for (let i = 0; i < count; i++)
      if (pinned[i] === 0) targets[i] = (remaining * shares[i]!) / free
    break
  }

  const watts: number[] = []
  let running = 0
  let previous = 0
  for (let i = 0; i < count; i++) {
    running += targets[i]!
    const rounded = i === count - 1 ? units : Math.min(units, Math.round(running))
    watts.push(rounded - previous)
    previous = rounded
  }
  return watts
}
