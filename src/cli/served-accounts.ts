import type { DemoAccount } from '../demo-account.ts'
import type { DescribedAccount } from '../model/environment-descriptor.ts'
import type { AddAccountOptions } from '../options/demo-account-options.ts'
import { resolveAddAccountOptions, resolveEmail } from '../options/resolve-options.ts'
import { removeDemoAccount } from '../remove-demo-account.ts'
import { accountReseeder, describeDemoAccount } from '../seed/assemble-account.ts'

/** Why a request about an account cannot be done, as the HTTP API says it. */
export class AccountRequestError extends Error {
  override name = 'AccountRequestError'
  readonly status: 404 | 409
  readonly code: 'ACCOUNT_NOT_FOUND' | 'ACCOUNT_EXISTS'
  constructor(status: 404 | 409, code: 'ACCOUNT_NOT_FOUND' | 'ACCOUNT_EXISTS', message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/** An account the server handed out, with the options it was seeded with (to reset it). */
interface Served {
  readonly options: AddAccountOptions
  account: DemoAccount
}

/** The accounts of the HTTP API: added, reset and removed, one request at a time per email. */
export interface ServedAccounts {
  /** Seeds a new account; `options` are `addAccount()`'s, which check them. */
  add(options: unknown): Promise<DescribedAccount>
  /** Removes an account this server added. */
  remove(email: string): Promise<void>
  /** Puts an account this server added back to its seeded state (remove and seed, all or nothing). */
  reset(email: string): Promise<DescribedAccount>
  /** The accounts added and not removed, in the order they were added. */
  list(): DescribedAccount[]
  /** Waits for the requests under way. */
  settle(): Promise<void>
}

function describe(account: DemoAccount): DescribedAccount {
  return describeDemoAccount(account).account
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether the body gives the id of its `i`-th PDL itself. */
function givesPdlId(body: Record<string, unknown>, i: number): boolean {
  const pdl = Array.isArray(body.pdls) ? body.pdls[i] : undefined
  return isRecord(pdl) && pdl.usagePointId !== undefined
}

/** The accounts `environment` serves: seeded into its stores, with its settings. */
export function servedAccounts(environment: DemoAccount): ServedAccounts {
  const served = new Map<string, Served>()
  /** Emails with a request under way, and the last one: requests on one email take turns. */
  const lanes = new Map<string, Promise<unknown>>()
  /** Emails being added, with the PDL ids they will hold. */
  const adding = new Map<string, readonly string[]>()
  const reseed = accountReseeder(environment)

  function inLane<T>(email: string, work: () => Promise<T>): Promise<T> {
    const next = (lanes.get(email) ?? Promise.resolve()).catch(() => {}).then(work)
    lanes.set(email, next)
    const forget = () => {
      if (lanes.get(email) === next) lanes.delete(email)
    }
    next.then(forget, forget)
    return next
  }

  /**
   * The options of `body` with the lowest index from 1 whose email and PDL ids no account of this
   * server has or is being given (an account added by email alone has PDL ids of an index that
   * derives from its email, which the next picked index must not take).
   */
  function withFreeIndex(body: Record<string, unknown>): AddAccountOptions {
    const emails = new Set([...served.keys(), ...adding.keys()])
    const pdls = new Set([
      ...[...served.values()].flatMap((entry) => entry.account.pdls.map((p) => p.usagePointId)),
      ...[...adding.values()].flat(),
    ])
    for (let index = 1; ; index++) {
      const options = { ...body, index } as AddAccountOptions
      // Throws for a body addAccount() refuses, with its own words.
      const account = resolveAddAccountOptions(options, environment.seed)
      // Only the ids that derive from the index: a PDL id the body gives is the body's to answer
      // for (PDL_CONFLICT), whatever the index.
      const derived = account.pdls.filter((_pdl, i) => !givesPdlId(body, i))
      const clashes = emails.has(account.email) || derived.some((pdl) => pdls.has(pdl.usagePointId))
      if (!clashes) return options
    }
  }

  function known(email: string): string {
    let normalised: string
    try {
      normalised = resolveEmail(email)
    } catch {
      normalised = email
    }
    if (!served.has(normalised) && !adding.has(normalised)) {
      throw new AccountRequestError(
        404,
        'ACCOUNT_NOT_FOUND',
        `No account ${email} was added through this server (POST /accounts adds one; the environment's own account ${environment.email} is not served here).`,
      )
    }
    return normalised
  }

  /** Work on an account this server added, in its email's turn (404 if there is none by then). */
  function onServed<T>(
    email: string,
    work: (key: string, entry: Served) => Promise<T>,
  ): Promise<T> {
    const key = known(email)
    return inLane(key, () => {
      const entry = served.get(key)
      if (!entry) throw new AccountRequestError(404, 'ACCOUNT_NOT_FOUND', `No account ${email}.`)
      return work(key, entry)
    })
  }

  return {
    async add(body) {
      // Neither `index` nor `email`: the server picks an index, so that clients need not count.
      const options = (
        isRecord(body) && body.index === undefined && body.email === undefined
          ? withFreeIndex(body)
          : body
      ) as AddAccountOptions
      // Checked now, for the email and PDL ids: addAccount() checks them again.
      const { email, pdls } = resolveAddAccountOptions(options, environment.seed)
      if (served.has(email) || adding.has(email)) {
        throw new AccountRequestError(
          409,
          'ACCOUNT_EXISTS',
          `${email} is already an account of this server: POST /accounts/${email}/reset puts it back to its seeded state, DELETE /accounts/${email} removes it.`,
        )
      }
      adding.set(
        email,
        pdls.map((pdl) => pdl.usagePointId),
      )
      try {
        return await inLane(email, async () => {
          const account = await environment.addAccount(options)
          served.set(email, { options, account })
          return describe(account)
        })
      } finally {
        adding.delete(email)
      }
    },
    remove: (email) =>
      onServed(email, async (key) => {
        // The stores passed the local-store check when the environment was seeded.
        await removeDemoAccount({
          postgresUrl: environment.postgres.url,
          redisUrl: environment.redis.url,
          email: key,
          allowRemote: true,
        })
        served.delete(key)
      }),
    reset: (email) =>
      onServed(email, async (_key, entry) => {
        entry.account = await reseed(entry.options)
        return describe(entry.account)
      }),
    list: () => [...served.values()].map((entry) => describe(entry.account)),
    settle: async () => {
      await Promise.allSettled([...lanes.values()])
    },
  }
}
