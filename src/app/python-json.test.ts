import { describe, expect, it } from 'vitest'
import { pythonJsonDumps } from './python-json.ts'

describe('pythonJsonDumps', () => {
  // Expected texts are what CPython 3's json.dumps prints for the same values.
  it("uses Python's separators and key order", () => {
    expect(pythonJsonDumps({ b: [1, 'x', null, true], a: { c: false } })).toBe(
      '{"b": [1, "x", null, true], "a": {"c": false}}',
    )
  })

  it('escapes every non-ASCII character, as ensure_ascii does', () => {
    expect(pythonJsonDumps('é€\u{1F600}"\n')).toBe('"\\u00e9\\u20ac\\ud83d\\ude00\\"\\n"')
  })

  it("writes floats as Python's repr, exponents with two digits", () => {
    expect(pythonJsonDumps([0.5, 1e-7, 1.5e300, 12])).toBe('[0.5, 1e-07, 1.5e+300, 12]')
  })
})
