import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { familyOfDatabase } from '../app/database-family.ts'
import { pdlConflict } from '../app/release-1.5/write-account-rows.ts'
import { DemoAccountError } from '../errors.ts'
import { OPTION_KEYS, resolveDemoAccountOptions } from '../options/resolve-options.ts'
import { assertLocalStore } from '../stores/local-store-guard.ts'
import { startError } from '../stores/start-containers.ts'
import { accountOptionsFromFlags, integer } from './account-flags.ts'
import { inCliTerms } from './cli-terms.ts'

/** Options the CLI never passes: it leaves bcrypt's cost at the app's, and gives stores as URLs. */
const NOT_FROM_THE_CLI = ['bcryptRounds', 'postgres', 'redis']

/** An API option in backticks, alone or with a value (`appMode: 'client'`, `postgres: { url }`). */
const API_OPTION = new RegExp(
  `\`(${[...OPTION_KEYS.demoAccount!, ...OPTION_KEYS.addAccount!, 'addAccount'].join('|')})\\b[^\`]*\``,
)

/** The message `med-demo seed` prints for these flags, as the CLI renders it. */
function seedMessage(flags: Record<string, string | string[]>): string {
  const { index, pdl, ...account } = flags as Record<string, string> & { pdl?: string[] }
  const options = accountOptionsFromFlags(account)
  if (pdl) options.pdls = pdl.map((usagePointId) => ({ usagePointId }))
  try {
    resolveDemoAccountOptions(options, integer('index', index))
  } catch (error) {
    if (!(error instanceof DemoAccountError)) throw error
    expect(error.code).toBe('INVALID_OPTION')
    return inCliTerms(error.message)
  }
  throw new Error(`accepted: ${JSON.stringify(flags)}`)
}

function thrown(attempt: () => unknown): string {
  try {
    attempt()
  } catch (error) {
    return inCliTerms((error as Error).message)
  }
  throw new Error('nothing thrown')
}

describe('CLI messages', () => {
  it('has a CLI term for every option the CLI can set', () => {
    const options = [...OPTION_KEYS.demoAccount!, ...OPTION_KEYS.addAccount!]
    const untranslated = options
      .filter((option) => !NOT_FROM_THE_CLI.includes(option))
      .filter((option) => API_OPTION.test(inCliTerms(`\`${option}\``)))
    expect(untranslated).toEqual([])
  })

  // Each bad flag, through the same path as `med-demo seed`: the flag it names, no API option.
  it.each([
    [{ 'reference-date': '2998-01-01' }, '--reference-date'],
    [{ 'reference-date': '2025-02-30' }, '--reference-date'],
    [{ days: '0' }, '--days'],
    [{ 'secret-key': '' }, '--secret-key'],
    [{ 'secret-key': 'my-test-key' }, '--allow-weak-secret-key'],
    [{ email: 'x@y.local' }, '--email'],
    [{ password: '' }, '--password'],
    [{ seed: '' }, '--seed'],
    [{ 'app-version': '2.0.0' }, '--app-version'],
    [{ 'app-mode': 'local' }, '--app-mode'],
    [{ 'app-schema': 'tail' }, '--app-schema'],
    [{ 'app-version': '1.9.0', 'app-mode': 'client' }, '--app-mode client'],
    [
      { 'app-version': '1.22.0', 'app-mode': 'client', 'app-schema': 'app-migrates' },
      '--app-schema app-migrates',
    ],
    [{ 'database-url': 'mysql://localhost/db' }, '--database-url'],
    [{ 'redis-url': 'http://localhost:6379' }, '--redis-url'],
    [{ index: '0' }, '--index'],
    [{ index: '100000' }, '--index'],
    [{ index: '1', 'app-version': '1.22.0', 'app-mode': 'client' }, '--index'],
    [{ pdl: ['1234'] }, '--pdl'],
    [{ pdl: ['11111111111111', '11111111111111'] }, '--pdl'],
  ])('%o: names %s', (flags, flag) => {
    const message = seedMessage(flags)
    expect(message).toContain(flag)
    expect(message).not.toMatch(API_OPTION)
  })

  it('says in flags how out of a PDL another account owns', () => {
    expect(inCliTerms(pdlConflict('12345678901234', 'demo@myelectricaldata.fr').message)).toBe(
      'PDL 12345678901234 already belongs to demo@myelectricaldata.fr; usage point ids are unique across all users. ' +
        'Give this account other ids in --pdl, or use --index N, which derives distinct ones.',
    )
  })

  it('names flags and variables in store and schema errors', async () => {
    const messages = [
      thrown(() => assertLocalStore('postgres://u@db.example.com/app', 'Postgres', false)),
      inCliTerms(startError('Postgres', 'postgres:16', new Error('no such image'), 1000).message),
      inCliTerms(
        startError('Redis', 'redis:7', new Error('Log not received after 1000ms'), 1000).message,
      ),
      inCliTerms(
        startError('Redis', 'redis:7', new Error('connect ENOENT /var/run/docker.sock'), 1).message,
      ),
    ]
    for (const head of ['007', 'zzz']) {
      const stamped = {
        query: async (sql: string) => ({
          rows: sql.includes('to_regclass') ? [{ present: true }] : [{ version_num: head }],
        }),
      } as unknown as pg.Client
      messages.push(
        (await familyOfDatabase(stamped, 'client').catch((e: Error) =>
          inCliTerms(e.message),
        )) as string,
      )
    }
    for (const message of messages) expect(message).not.toMatch(API_OPTION)
    expect(messages[0]).toContain('--allow-remote')
    expect(messages[1]).toContain('MED_DEMO_POSTGRES_IMAGE')
    expect(messages[2]).toContain('raise the limit with MED_DEMO_STARTUP_TIMEOUT (milliseconds)')
    expect(messages[3]).toContain('--database-url and --redis-url')
    expect(messages[4]).toContain('--app-mode server')
    expect(messages[5]).toContain('--app-version')
  })
})
