/**
 * JSON text as Python's `json.dumps(value)` writes it with its defaults (`", "` and `": "`
 * separators, `ensure_ascii=True`), which is what the app encrypts into its cache. The app parses
 * it back with `json.loads`, so any valid JSON would be accepted; matching the bytes keeps the
 * seeded plaintexts indistinguishable from the app's own.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return asciiString(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} as JSON`)
      return Number.isInteger(value) ? String(value) : pythonFloat(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`
      const entries = Object.entries(value as Record<string, unknown>).filter(
        ([, v]) => v !== undefined,
      )
      return `{${entries.map(([k, v]) => `${asciiString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`
    }
    default:
      throw new TypeError(`cannot encode a ${typeof value} as JSON`)
  }
}

function pythonFloat(value: number): string {
  // Python's repr of a float: shortest round-trip digits, like JavaScript's, but exponents differ.
  const text = String(value)
  return text.includes('e') ? text.replace(/e([+-])(\d)$/, 'e$10$2') : text
}

function asciiString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
