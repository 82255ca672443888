import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { newServerToken, refuseHost, refuseToken } from './request-guard.ts'

const requestWith = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage

describe('the HTTP API guard', () => {
  it('answers loopback names of its own port only', () => {
    for (const host of ['127.0.0.1:4510', 'localhost:4510', 'LocalHost:4510', '[::1]:4510']) {
      expect(refuseHost(requestWith({ host }), 4510), host).toBeUndefined()
    }
    for (const host of ['evil.example:4510', '127.0.0.1:4511', 'localhost', '127.0.0.2:4510']) {
      expect(refuseHost(requestWith({ host }), 4510), host).toMatchObject({
        status: 403,
        code: 'FORBIDDEN_HOST',
      })
    }
    expect(refuseHost(requestWith({}), 4510)?.message).toContain('for no Host')
  })

  it('takes its own bearer token only, and says where to find it', () => {
    const token = newServerToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newServerToken()).not.toBe(token)
    expect(refuseToken(requestWith({ authorization: `Bearer ${token}` }), token)).toBeUndefined()
    for (const authorization of [undefined, `Bearer ${token}x`, token, `Basic ${token}`]) {
      const refused = refuseToken(requestWith(authorization ? { authorization } : {}), token)
      expect(refused, authorization).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
      expect(refused?.message).toContain('server.token')
      expect(refused?.message).not.toContain(token)
    }
  })
})
