import { execFileSync } from 'node:child_process'
import jwt from 'jsonwebtoken'
import { describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_LIFETIME_SECONDS, signAccessToken } from './access-token.ts'

describe('signAccessToken', () => {
  const now = 1_764_000_000
  const token = signAccessToken('3f2c5e1a-user', 'a-secret-key-of-the-test', now)

  it('gives, byte for byte, the token jsonwebtoken signs for the same claims', () => {
    expect(token).toBe(
      jwt.sign(
        { sub: '3f2c5e1a-user', exp: now + ACCESS_TOKEN_LIFETIME_SECONDS },
        'a-secret-key-of-the-test',
        { algorithm: 'HS256', noTimestamp: true },
      ),
    )
    expect(() => jwt.verify(token, 'another-key')).toThrow('invalid signature')
  })

  it('is what python-jose decodes, as the app does, to exactly the subject and expiry', () => {
    const script = `
import json, sys
from jose import jwt
print(json.dumps(jwt.decode(sys.argv[1], "a-secret-key-of-the-test", algorithms=["HS256"], options={"verify_exp": False})))
`
    const claims = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, token]).toString())
    expect(claims).toEqual({ sub: '3f2c5e1a-user', exp: now + ACCESS_TOKEN_LIFETIME_SECONDS })
  })
})
