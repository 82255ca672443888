/** Progress lines on stderr, so stdout stays clean for `--json`. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
