import { rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type DemoAccount,
  DemoAccountError,
  type DemoAccountOptions,
  withDemoAccount,
} from '@myelectricaldata/demo-account'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digestStores } from '../../support/store-digest.ts'
import { runCli } from '../support/run-cli.ts'
import { SMALL, seedInto } from '../support/seed-into.ts'
import { type FreshStores, useTestStores } from '../support/test-stores.ts'

/** What a refused input produced: the error's code and the message the user reads. */
interface Refusal {
  readonly code: string | undefined
  readonly message: string
}

/**
 * One bad input, in the interface the user is in: an option of the API, a flag of the CLI, or a
 * MED_DEMO_* variable. `names` is what the message must name, in that interface's words.
 */
interface Case {
  readonly via: 'option' | 'flag' | 'variable'
  readonly what: string
  readonly code: string
  readonly names: string
  readonly run: () => Promise<Refusal>
}

const stores = useTestStores()
let target: FreshStores
let demo: DemoAccount
let before: string
let busyPort: Server
/** A regular file, to use as a folder. */
const aFile = join(tmpdir(), `med-bad-input-${process.pid}.txt`)

beforeAll(async () => {
  target = await stores.fresh()
  demo = await seedInto(target, { days: 3 })
  before = await digestStores(target.postgresUrl, target.redisUrl)
  busyPort = createServer()
  await new Promise<void>((resolve) => busyPort.listen(0, '127.0.0.1', resolve))
  await writeFile(aFile, 'a file, not a folder\n')
})
afterAll(async () => {
  busyPort?.close()
  await rm(aFile, { force: true })
})

const VARIABLES = [
  'MED_DEMO_DATABASE_URL',
  'MED_DEMO_REDIS_URL',
  'MED_DEMO_POSTGRES_IMAGE',
  'MED_DEMO_REDIS_IMAGE',
  'MED_DEMO_ALLOW_HOSTS',
  'MED_DEMO_APP_VERSION',
]

/** Runs `attempt` with these variables set (and the others of the library unset), then restores them. */
async function withVariables<T>(variables: Record<string, string>, attempt: () => Promise<T>) {
  const saved = VARIABLES.map((name) => [name, process.env[name]] as const)
  for (const name of VARIABLES) delete process.env[name]
  Object.assign(process.env, variables)
  try {
    return await attempt()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

async function refusal(attempt: () => Promise<unknown>): Promise<Refusal> {
  try {
    await attempt()
  } catch (error) {
    if (!(error instanceof DemoAccountError)) throw error
    return { code: error.code, message: error.message }
  }
  throw new Error('the input was accepted')
}

/** `withDemoAccount` into the test's stores with one bad option. */
const api = (options: DemoAccountOptions) => () =>
  refusal(() =>
    withDemoAccount({
      ...SMALL,
      postgres: { url: target.postgresUrl },
      redis: { url: target.redisUrl },
      ...options,
    }),
  )

/** `med-demo <args>`; the code is the one printed at the end of the message. */
const cli =
  (args: () => readonly string[], variables: Record<string, string> = {}) =>
  async (): Promise<Refusal> => {
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const name of VARIABLES) delete env[name]
    const result = await runCli(args(), { ...env, ...variables })
    const code = result.stderr.match(/\(([A-Z_]+)\)\n/)?.[1]
    expect(result.code, result.stderr).toBe(code === 'INVALID_OPTION' ? 2 : 1)
    return { code, message: result.stderr }
  }

const urls = () => ['--database-url', target.postgresUrl, '--redis-url', target.redisUrl]
const seed = (...args: string[]) => cli(() => ['seed', ...urls(), '--days', '3', ...args])
const up = (...args: (string | (() => string))[]) =>
  cli(() => [
    'up',
    ...urls(),
    '--days',
    '3',
    ...args.map((arg) => (typeof arg === 'function' ? arg() : arg)),
  ])
const remote = 'postgres://u:p@db.example.com:5432/app'
const port = () => String((busyPort.address() as { port: number }).port)

const CASES: Case[] = [
  // The app's release
  {
    via: 'flag',
    what: '--app-version 2.0.0',
    code: 'INVALID_OPTION',
    names: '--app-version',
    run: seed('--app-version', '2.0.0'),
  },
  {
    via: 'flag',
    what: '--app-mode local',
    code: 'INVALID_OPTION',
    names: '--app-mode',
    run: seed('--app-mode', 'local'),
  },
  {
    via: 'flag',
    what: '--app-mode client before 1.9.1',
    code: 'INVALID_OPTION',
    names: '--app-mode client',
    run: seed('--app-version', '1.9.0', '--app-mode', 'client'),
  },
  {
    via: 'option',
    what: 'an unknown appVersion',
    code: 'INVALID_OPTION',
    names: '`appVersion`',
    run: api({ appVersion: '1.23.0' }),
  },
  {
    via: 'option',
    what: "appSchema 'app-migrates' in client mode",
    code: 'INVALID_OPTION',
    names: "`appSchema: 'app-migrates'`",
    run: api({ appVersion: '1.22.0', appMode: 'client', appSchema: 'app-migrates' }),
  },
  {
    via: 'variable',
    what: 'MED_DEMO_APP_VERSION that is no release',
    code: 'INVALID_OPTION',
    names: 'MED_DEMO_APP_VERSION',
    run: () => withVariables({ MED_DEMO_APP_VERSION: '1.99.0' }, api({})),
  },
  // CLI flags
  {
    via: 'flag',
    what: '--email of a new account into stores that hold the demo account, without --index or --pdl',
    code: 'PDL_CONFLICT',
    names: 'Give this account other ids in --pdl, or use --index N',
    run: seed('--email', 'someone@example.com'),
  },
  {
    via: 'flag',
    what: "--pdl of the demo account's meter",
    code: 'PDL_CONFLICT',
    names: '--pdl',
    run: seed('--index', '7', '--pdl', '12345678901234'),
  },
  {
    via: 'flag',
    what: '--index 0',
    code: 'INVALID_OPTION',
    names: '--index must be a whole number from 1 to 99999',
    run: seed('--index', '0'),
  },
  {
    via: 'flag',
    what: '--index that is not a number',
    code: 'INVALID_OPTION',
    names: '--index takes a whole number',
    run: seed('--index', 'one'),
  },
  {
    via: 'flag',
    what: 'a --pdl listed twice',
    code: 'INVALID_OPTION',
    names: 'usage point id 11111111111111 is listed twice in --pdl',
    run: seed('--index', '7', '--pdl', '11111111111111', '--pdl', '11111111111111'),
  },
  {
    via: 'flag',
    what: 'a --pdl of 13 digits',
    code: 'INVALID_OPTION',
    names: '--pdl "1111111111111" is not a PDL id',
    run: seed('--index', '7', '--pdl', '1111111111111'),
  },
  {
    via: 'flag',
    what: '--index in client mode',
    code: 'INVALID_OPTION',
    names: '--index is not available with --app-mode client',
    run: seed('--index', '7', '--app-version', '1.22.0', '--app-mode', 'client'),
  },
  {
    via: 'flag',
    what: "--secret-key ''",
    code: 'INVALID_OPTION',
    names: '--secret-key',
    run: seed('--secret-key', ''),
  },
  {
    via: 'flag',
    what: 'a weak --secret-key',
    code: 'INVALID_OPTION',
    names: '--allow-weak-secret-key',
    run: seed('--secret-key', 'my-test-key'),
  },
  {
    via: 'flag',
    what: '--reference-date in the future',
    code: 'INVALID_OPTION',
    names: '--reference-date',
    run: seed('--reference-date', '2998-01-01'),
  },
  {
    via: 'flag',
    what: 'an impossible --reference-date',
    code: 'INVALID_OPTION',
    names: '--reference-date',
    run: seed('--reference-date', '2025-02-30'),
  },
  {
    via: 'flag',
    what: '--days 0',
    code: 'INVALID_OPTION',
    names: '--days',
    run: seed('--days', '0'),
  },
  {
    via: 'flag',
    what: '--days ten',
    code: 'INVALID_OPTION',
    names: '--days',
    run: seed('--days', 'ten'),
  },
  {
    via: 'flag',
    what: '--ttl=1.5',
    code: 'INVALID_OPTION',
    names: '--ttl',
    run: seed('--ttl=1.5'),
  },
  {
    via: 'flag',
    what: '--email on a special-use domain',
    code: 'INVALID_OPTION',
    names: '--email',
    run: seed('--email', 'someone@host.test'),
  },
  {
    via: 'flag',
    what: '--password longer than bcrypt takes',
    code: 'INVALID_OPTION',
    names: '--password',
    run: seed('--password', 'x'.repeat(73)),
  },
  {
    via: 'flag',
    what: "--seed ''",
    code: 'INVALID_OPTION',
    names: '--seed',
    run: seed('--seed', ''),
  },
  {
    via: 'flag',
    what: 'an unknown flag',
    code: 'INVALID_OPTION',
    names: '--dayz',
    run: seed('--dayz', '3'),
  },
  {
    via: 'flag',
    what: 'a --database-url that does not parse',
    code: 'INVALID_OPTION',
    names: '--database-url',
    run: cli(() => ['seed', '--database-url', 'not a url', '--redis-url', target.redisUrl]),
  },
  {
    via: 'flag',
    what: "--database-url ''",
    code: 'INVALID_OPTION',
    names: '--database-url',
    run: cli(() => ['seed', '--database-url', '', '--redis-url', target.redisUrl]),
  },
  {
    via: 'flag',
    what: 'an http --redis-url',
    code: 'INVALID_OPTION',
    names: '--redis-url',
    run: cli(() => [
      'seed',
      '--database-url',
      target.postgresUrl,
      '--redis-url',
      'http://localhost:6379',
    ]),
  },
  {
    via: 'flag',
    what: 'a remote --database-url',
    code: 'REMOTE_STORE_REFUSED',
    names: '--allow-remote',
    run: cli(() => ['seed', '--database-url', remote, '--redis-url', target.redisUrl]),
  },
  {
    via: 'flag',
    what: '--env-file in a folder that is a file',
    code: 'INVALID_OPTION',
    names: '--env-file',
    run: seed('--env-file', join(aFile, 'demo.env')),
  },
  {
    via: 'flag',
    what: 'up --port in use',
    code: 'INVALID_OPTION',
    names: '--port',
    run: up('--port', port),
  },
  {
    via: 'flag',
    what: 'up --port 0',
    code: 'INVALID_OPTION',
    names: '--port',
    run: up('--port', '0'),
  },
  {
    via: 'flag',
    what: 'up --state-file in a folder that is a file',
    code: 'INVALID_OPTION',
    names: '--state-file',
    run: up('--state-file', () => join(aFile, 'state.json')),
  },
  {
    via: 'flag',
    what: 'up -- a command that does not exist',
    code: 'INVALID_OPTION',
    names: 'the command after -- ("/nonexistent/backend")',
    run: up('--', '/nonexistent/backend'),
  },
  {
    via: 'flag',
    what: 'reset with an http --redis-url',
    code: 'INVALID_OPTION',
    names: '--redis-url',
    run: cli(() => ['reset', '--database-url', target.postgresUrl, '--redis-url', 'http://x:1']),
  },
  {
    via: 'flag',
    what: 'preview --out in a folder that is a file',
    code: 'INVALID_OPTION',
    names: '--out',
    run: cli(() => ['preview', '--out', join(aFile, 'readings.svg')]),
  },
  {
    via: 'flag',
    what: 'preview --profiles with an unknown profile',
    code: 'INVALID_OPTION',
    names: '--profiles',
    run: cli(() => ['preview', '--out', join(tmpdir(), 'never.svg'), '--profiles', 'castle']),
  },
  // API options
  {
    via: 'option',
    what: "secretKey ''",
    code: 'INVALID_OPTION',
    names: '`secretKey`',
    run: api({ secretKey: '' }),
  },
  {
    via: 'option',
    what: 'a weak secretKey',
    code: 'INVALID_OPTION',
    names: '`allowWeakSecretKey: true`',
    run: api({ secretKey: 'dev-key' }),
  },
  {
    via: 'option',
    what: 'referenceDate in the future',
    code: 'INVALID_OPTION',
    names: '`referenceDate`',
    run: api({ referenceDate: '2998-01-01' }),
  },
  {
    via: 'option',
    what: 'days 1097',
    code: 'INVALID_OPTION',
    names: '`days`',
    run: api({ days: 1097 }),
  },
  {
    via: 'option',
    what: 'a malformed PDL id',
    code: 'INVALID_OPTION',
    names: '`pdls[0].usagePointId`',
    run: api({ pdls: [{ usagePointId: '1234' }] }),
  },
  {
    via: 'option',
    what: 'a mysql postgres.url',
    code: 'INVALID_OPTION',
    names: '`postgres.url`',
    run: api({ postgres: { url: 'mysql://localhost/db' } }),
  },
  {
    via: 'option',
    what: 'a remote redis.url',
    code: 'REMOTE_STORE_REFUSED',
    names: '`allowRemote: true`',
    run: api({ redis: { url: 'redis://cache.example.com:6379/0' } }),
  },
  {
    via: 'option',
    what: 'a malformed postgres.image',
    code: 'INVALID_OPTION',
    names: '`postgres.image`',
    run: api({ postgres: { image: 'Bad Image' } }),
  },
  {
    via: 'option',
    what: 'bcryptRounds 3',
    code: 'INVALID_OPTION',
    names: '`bcryptRounds`',
    run: api({ bcryptRounds: 3 }),
  },
  {
    via: 'option',
    what: 'an unknown option',
    code: 'INVALID_OPTION',
    names: '`dayz`',
    run: api({ dayz: 3 } as DemoAccountOptions),
  },
  {
    via: 'option',
    what: 'addAccount() with neither index nor email',
    code: 'INVALID_OPTION',
    names: '`index`',
    run: () => refusal(() => demo.addAccount({})),
  },
  {
    via: 'option',
    what: 'addAccount() with index 100000',
    code: 'INVALID_OPTION',
    names: '`index`',
    run: () => refusal(() => demo.addAccount({ index: 100_000 })),
  },
  {
    via: 'option',
    what: 'addAccount() with a .local email',
    code: 'INVALID_OPTION',
    names: '`email`',
    run: () => refusal(() => demo.addAccount({ email: 'x@y.local' })),
  },
  {
    via: 'option',
    what: "addAccount() with the first account's PDL",
    code: 'PDL_CONFLICT',
    names: '`pdls`',
    run: () =>
      refusal(() => demo.addAccount({ index: 5, pdls: [{ usagePointId: '12345678901234' }] })),
  },
  // MED_DEMO_* variables
  {
    via: 'variable',
    what: 'MED_DEMO_DATABASE_URL that does not parse',
    code: 'INVALID_OPTION',
    names: 'MED_DEMO_DATABASE_URL',
    run: () => withVariables({ MED_DEMO_DATABASE_URL: 'not a url' }, api({ postgres: undefined })),
  },
  {
    via: 'variable',
    what: 'an http MED_DEMO_REDIS_URL',
    code: 'INVALID_OPTION',
    names: 'MED_DEMO_REDIS_URL',
    run: () =>
      withVariables({ MED_DEMO_REDIS_URL: 'http://localhost:6379' }, api({ redis: undefined })),
  },
  {
    via: 'variable',
    what: 'a malformed MED_DEMO_POSTGRES_IMAGE',
    code: 'INVALID_OPTION',
    names: 'MED_DEMO_POSTGRES_IMAGE',
    run: () => withVariables({ MED_DEMO_POSTGRES_IMAGE: 'Postgres:16' }, api({})),
  },
  {
    via: 'variable',
    what: 'a malformed MED_DEMO_REDIS_IMAGE, in the CLI',
    code: 'INVALID_OPTION',
    names: 'MED_DEMO_REDIS_IMAGE',
    run: cli(() => ['seed', ...urls()], { MED_DEMO_REDIS_IMAGE: 'redis :7' }),
  },
  {
    via: 'variable',
    what: 'a mysql MED_DEMO_DATABASE_URL, in the CLI',
    code: 'INVALID_OPTION',
    names: 'MED_DEMO_DATABASE_URL',
    run: cli(() => ['seed', '--redis-url', target.redisUrl], {
      MED_DEMO_DATABASE_URL: 'mysql://localhost/db',
    }),
  },
  {
    via: 'variable',
    what: 'a remote MED_DEMO_DATABASE_URL, in the CLI',
    code: 'REMOTE_STORE_REFUSED',
    names: 'MED_DEMO_ALLOW_HOSTS',
    run: cli(() => ['seed', '--redis-url', target.redisUrl], { MED_DEMO_DATABASE_URL: remote }),
  },
]

/** API option names in backticks: what a CLI message must not show. */
const API_NAME =
  /`(postgres|redis|secretKey|allowWeakSecretKey|referenceDate|days|cacheTtlSeconds|email|password|seed|allowRemote|index|pdls|addAccount|appVersion|appMode|appSchema|debugMode|startupTimeoutMs)\b[^`]*`/

describe(`bad input (${CASES.length} cases): refused with its code, named as the user gave it, both stores unchanged`, () => {
  it('has at least 30 cases across options, flags and variables', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30)
    expect(new Set(CASES.map((c) => c.via))).toEqual(new Set(['option', 'flag', 'variable']))
  })

  for (const c of CASES) {
    it(`${c.via}: ${c.what}`, async () => {
      const { code, message } = await c.run()
      expect(code, message).toBe(c.code)
      expect(message).toContain(c.names)
      if (c.via === 'flag') expect(message).not.toMatch(API_NAME)
      expect(await digestStores(target.postgresUrl, target.redisUrl)).toBe(before)
    })
  }
})
