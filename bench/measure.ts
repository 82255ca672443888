/** Runs `work` `runs` times (after `warmups` unmeasured runs) and returns every duration in ms. */
export async function measure(
  runs: number,
  work: () => Promise<unknown> | unknown,
  warmups = 0,
): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await work()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return times
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`
}

/** One line of the report: a label, a median, its ratio to the baseline and the target. */
export function row(label: string, ms: number, baselineMs?: number, target = ''): string {
  const ratio = baselineMs ? (ms / baselineMs).toFixed(2) : ''
  return `  ${label.padEnd(58)}${formatMs(ms).padStart(10)}${ratio.padStart(8)}   ${target}`
}
