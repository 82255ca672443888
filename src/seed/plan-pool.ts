import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { appContractOf } from '../app/releases.ts'
import type {
  AccountIdentity,
  CacheWrite,
  DataWindow,
  EncodedCacheWrites,
  ResolvedAccount,
} from '../model/account.ts'
import type { EnvironmentSettings } from '../model/environment.ts'
import { cacheWritesOf, type EncodedSets } from '../redis/set-commands.ts'
import { computeCacheSets } from './account-plan.ts'

/** The release whose contract plans the account, as a worker can rebuild it. */
type Release = Pick<EnvironmentSettings, 'appVersion' | 'appMode' | 'appSchema'>

/** @internal What the pool asks a worker. */
export interface PlanRequest {
  readonly id: number
  readonly release: Release
  readonly account: ResolvedAccount
  readonly window: DataWindow
  /** The TTL the SET commands are encoded with. */
  readonly ttlSeconds: number
  /** Memory of an earlier reply, given back to be written again (transferred). */
  readonly memory?: ArrayBuffer
}

/**
 * @internal What a worker answers: the SET commands of the encrypted cache entries (readings are
 * not sent back). Its `bytes` arrive as a plain `Uint8Array` over the transferred memory.
 */
export type PlanReply =
  | { readonly id: number; readonly identity: AccountIdentity; readonly sets: EncodedSets }
  | { readonly id: number; readonly error: string }
  /** Sent once, when the worker has loaded and takes requests. */
  | { readonly ready: true }

/** The encrypted cache of an account, planned off the main thread. */
export interface CachePart {
  readonly identity: AccountIdentity
  readonly cacheWrites: readonly CacheWrite[]
  /** The SET commands of `cacheWrites`, encoded. */
  readonly encoded: EncodedCacheWrites
}

/** `.ts` when running from the sources (tests, bench), `.js` once built. */
const WORKER_URL = new URL(
  `./plan-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
)

/**
 * One per core (at most four): planning is most of the CPU an account takes, and the main thread
 * mostly waits on the stores. `MED_DEMO_PLAN_WORKERS` to choose.
 */
export function planWorkers(): number {
  const chosen = Number(process.env.MED_DEMO_PLAN_WORKERS)
  if (Number.isInteger(chosen) && chosen >= 1) return chosen
  return Math.min(4, availableParallelism())
}

/**
 * Worker threads that generate and encrypt accounts' caches while the main thread writes the
 * stores.
 */
export class PlanPool {
  private readonly workers: Worker[] = []
  private readonly idle: Worker[] = []
  private readonly queue: { request: PlanRequest; settle: Settle; part: Promise<CachePart> }[] = []
  private readonly pending = new Map<number, { worker: Worker; settle: Settle }>()
  private readonly spare: ArrayBuffer[] = []
  private nextId = 0
  private failure: Error | undefined

  private readonly release: Release
  readonly size: number

  constructor(settings: Release, size = planWorkers()) {
    this.size = size
    this.release = {
      appVersion: settings.appVersion,
      appMode: settings.appMode,
      appSchema: settings.appSchema,
    }
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL)
      worker.on('message', (reply: PlanReply) => {
        if ('ready' in reply) this.ready(worker)
        else this.settle(worker, reply)
      })
      worker.on('error', (error) => this.fail(error))
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a planning worker exited with code ${code}`))
      })
      // Idle once it says it is ready: until then, a request waits where this thread can take it.
      this.workers.push(worker)
    }
  }

  /** Plans one account's cache on the next free worker, its SET commands encoded with `ttlSeconds`. */
  plan(account: ResolvedAccount, window: DataWindow, ttlSeconds: number): Promise<CachePart> {
    if (this.failure) return Promise.reject(this.failure)
    let settle: Settle | undefined
    const part = new Promise<CachePart>((resolve, reject) => {
      settle = { resolve, reject }
    })
    const request = { id: this.nextId++, release: this.release, account, window, ttlSeconds }
    this.queue.push({ request, settle: settle!, part })
    this.dispatch()
    return part
  }

  /**
   * Plans `part` on this thread if no worker has taken it yet (they are all busy, or still
   * starting, which takes a few hundred milliseconds): a thread that would only wait for it does
   * the work instead. Returns whether it did.
   */
  planHere(part: Promise<CachePart>): boolean {
    const at = this.queue.findIndex((queued) => queued.part === part)
    if (at < 0) return false
    const { request, settle } = this.queue.splice(at, 1)[0]!
    try {
      const { identity, sets } = planRequested({ ...request, memory: this.spare.pop() })
      settle.resolve(cachePartOf(identity, sets))
    } catch (error) {
      settle.reject(error)
    }
    return true
  }

  /**
   * Gives back the memory of a part once nothing reads it any more (its commands were sent and
   * its tokens are not kept): the next plan is written into it rather than into new memory.
   */
  recycle(part: CachePart): void {
    const memory = part.encoded.bytes.buffer
    if (memory instanceof ArrayBuffer && this.spare.length < this.size) this.spare.push(memory)
  }

  /** Drops the plans of `parts` that no worker has taken yet (they are rejected). */
  cancel(parts: readonly Promise<CachePart>[]): void {
    const dropped = new Set(parts)
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const queued = this.queue[i]!
      if (!dropped.has(queued.part)) continue
      this.queue.splice(i, 1)
      queued.settle.reject(new Error('the plan was cancelled'))
    }
  }

  /** Whether a worker failed or the pool was closed: it plans nothing more. */
  get failed(): boolean {
    return this.failure !== undefined
  }

  /** Whether the workers keep the process running (while plans are asked for) or not (idle). */
  keepProcessAlive(keep: boolean): void {
    for (const worker of this.workers) {
      if (keep) worker.ref()
      else worker.unref()
    }
  }

  /** Stops every worker; plans not finished are rejected. */
  async close(): Promise<void> {
    this.fail(new Error('the planning pool was closed'))
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!
      const { request, settle } = this.queue.shift()!
      this.pending.set(request.id, { worker, settle })
      const memory = this.spare.pop()
      if (memory) worker.postMessage({ ...request, memory }, [memory])
      else worker.postMessage(request)
    }
  }

  private ready(worker: Worker): void {
    this.idle.push(worker)
    this.dispatch()
  }

  private settle(worker: Worker, reply: Exclude<PlanReply, { ready: true }>): void {
    const pending = this.pending.get(reply.id)
    if (!pending) return
    this.pending.delete(reply.id)
    this.idle.push(worker)
    if ('error' in reply) pending.settle.reject(new Error(reply.error))
    else pending.settle.resolve(cachePartOf(reply.identity, reply.sets))
    this.dispatch()
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const { settle } of [...this.pending.values(), ...this.queue]) settle.reject(this.failure)
    this.pending.clear()
    this.queue.length = 0
  }
}

interface Settle {
  resolve(part: CachePart): void
  reject(error: unknown): void
}

/** @internal What a request asks for, computed on this thread (a worker's, or the pool's own). */
export function planRequested(request: PlanRequest) {
  return computeCacheSets(
    request.account,
    request.window,
    appContractOf(request.release),
    request.ttlSeconds,
    request.memory,
  )
}

/** The cache writes of a reply, each token a view of the transferred RESP buffer. */
function cachePartOf(identity: AccountIdentity, sets: EncodedSets): CachePart {
  // Structured clone hands a Buffer over as a plain Uint8Array.
  const bytes = Buffer.from(sets.bytes.buffer, sets.bytes.byteOffset, sets.bytes.byteLength)
  return { identity, ...cacheWritesOf({ ...sets, bytes }) }
}
