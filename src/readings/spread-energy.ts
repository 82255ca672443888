/**
 * Spreads a day's energy over its half hours as whole-watt averages: `weights` give the shape,
 * (the first `count` of them) `sum(watts) / 2` equals `dayWh` exactly (a 30-minute average of W watts is W/2 Wh), and no slot
 * exceeds `capW`. Slots that would exceed it are pinned just under it and the rest is shared
 * again (water-filling); whole watts come from rounding the running total, so each slot is within
 * 1 W of its share and the total is exact.
 */
// Scratch space reused across calls (a day has at most 50 half hours): the generator calls this
// tens of thousands of times and allocating here dominated its run time.
const MAX_SLOTS = 64
const shares = new Float64Array(MAX_SLOTS)
const targets = new Float64Array(MAX_SLOTS)
const pinned = new Uint8Array(MAX_SLOTS)

export function spreadEnergy(
  dayWh: number,
  weights: ArrayLike<number>,
  capW: number,
  count = weights.length,
): number[] {
  if (count > MAX_SLOTS) throw new RangeError(`at most ${MAX_SLOTS} slots, got ${count}`)
  const units = 2 * dayWh
  const ceiling = Math.max(0, capW - 1)
  let total = 0
  for (let i = 0; i < count; i++) {
    const w = weights[i]!
    shares[i] = Math.max(w, 0)
    total += shares[i]!
  }
  if (total === 0) {
    shares.fill(1, 0, count)
    total = count
  }
  targets.fill(0, 0, count)
  pinned.fill(0, 0, count)
  let remaining = units
  let free = total
  for (let round = 0; round <= count && free > 0; round++) {
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
