import { describe, expect, it } from 'vitest'
import { redactUrl, toPostgresUrl } from './store-url.ts'

describe('redactUrl', () => {
  it('hides the password of the user part', () => {
    expect(redactUrl('postgres://demo:s3cr3t@127.0.0.1:5432/db')).toBe(
      'postgres://demo:***@127.0.0.1:5432/db',
    )
    expect(redactUrl('redis://:s3cr3t@localhost:6379/0')).toBe('redis://:***@localhost:6379/0')
  })

  it('hides passwords given as query parameters, which the drivers also read', () => {
    expect(redactUrl('postgres://demo@127.0.0.1/db?sslmode=disable&password=s3cr3t#x')).toBe(
      'postgres://demo@127.0.0.1/db?sslmode=disable&password=***#x',
    )
    expect(redactUrl('redis://localhost:6379/0?PASSWORD=s3cr3t&db=1')).toBe(
      'redis://localhost:6379/0?PASSWORD=***&db=1',
    )
    expect(redactUrl('postgres://u@h/db?sslpassword=k3y&pass=p')).toBe(
      'postgres://u@h/db?sslpassword=***&pass=***',
    )
  })

  it('keeps the password out of the message of a URL that does not parse', () => {
    expect(() => toPostgresUrl('postgres://u@h:badport/db?password=s3cr3t')).toThrow(
      /password=\*\*\*/,
    )
    expect(() => toPostgresUrl('postgres://u@h:badport/db?password=s3cr3t')).not.toThrow(/s3cr3t/)
  })
})
