import { describe, expect, it } from 'vitest'
import { forbiddenWordIn, generateSecretKey } from './secret-key.ts'

describe('generateSecretKey', () => {
  it('gives keys the app accepts at production start-up, different each time', () => {
    const keys = Array.from({ length: 500 }, generateSecretKey)
    expect(keys.filter((key) => forbiddenWordIn(key) !== undefined)).toEqual([])
    expect(new Set(keys).size).toBe(500)
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/)
  })

  it('finds the words the app refuses, whatever their case', () => {
    expect(forbiddenWordIn('my-TEST-key')).toBe('test')
    expect(forbiddenWordIn('dev-123')).toBe('dev-')
    expect(forbiddenWordIn('0123456789abcdef')).toBeUndefined()
  })
})
