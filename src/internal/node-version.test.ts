import { describe, expect, it } from 'vitest'
import { DemoAccountError } from '../errors.ts'
import { assertSupportedNode, unsupportedNodeMessage } from './node-version.ts'

describe('the Node version check', () => {
  it('accepts 22.22 and later', () => {
    for (const version of ['22.22.0', '22.23.1', '23.0.0', '24.21.0', 'v26.1.0'])
      expect(unsupportedNodeMessage(version), version).toBeUndefined()
  })

  it('says what is needed and what was found on older versions', () => {
    expect(unsupportedNodeMessage('20.20.2')).toMatch(
      /^@myelectricaldata\/demo-account needs Node >= 22\.22, found v20\.20\.2: /,
    )
    expect(unsupportedNodeMessage('22.21.9')).toContain('found v22.21.9')
    expect(unsupportedNodeMessage('18.0.0')).toContain('Install Node 22.22 or later')
  })

  it('throws a DemoAccountError with the code UNSUPPORTED_NODE', () => {
    expect(() => assertSupportedNode('20.20.2')).toThrow(DemoAccountError)
    expect(() => assertSupportedNode('20.20.2')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_NODE' }),
    )
    expect(() => assertSupportedNode('24.0.0')).not.toThrow()
  })
})
