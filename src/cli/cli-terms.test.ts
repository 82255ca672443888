import { describe, expect, it } from 'vitest'
import { inCliTerms } from './cli-terms.ts'

describe('inCliTerms', () => {
  it('names flags where the library names options', () => {
    expect(
      inCliTerms(
        '[demo-account] Invalid options (2 problems):\n  - `referenceDate` "2998-01-01" is after today\n  - `postgres.url` is not a usable URL',
      ),
    ).toBe(
      'Invalid options (2 problems):\n  - --reference-date "2998-01-01" is after today\n  - --database-url is not a usable URL',
    )
  })

  it('rewrites the ways out a message suggests, and drops the CLI aside', () => {
    expect(
      inCliTerms(
        'If this store is disposable, pass `allowRemote: true` (CLI: --allow-remote) or add "h" to MED_DEMO_ALLOW_HOSTS.',
      ),
    ).toBe('If this store is disposable, pass --allow-remote or add "h" to MED_DEMO_ALLOW_HOSTS.')
    expect(inCliTerms('give existing stores with `postgres: { url }` and `redis: { url }`')).toBe(
      'give existing stores with --database-url and --redis-url',
    )
    expect(inCliTerms('choose another with the `postgres.image` option')).toBe(
      'choose another with MED_DEMO_POSTGRES_IMAGE',
    )
    expect(inCliTerms('`pdls[2].profile` is "castle"')).toBe('--profiles is "castle"')
  })

  it('leaves other quoted text alone', () => {
    expect(inCliTerms('run `med-demo up` first')).toBe('run `med-demo up` first')
  })
})
