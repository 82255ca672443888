/**
 * A worker thread of {@link PlanPool}: generates an account's readings and encrypts its cache
 * entries, off the thread that writes the stores.
 */
import { parentPort } from 'node:worker_threads'
import { appContractOf } from '../app/releases.ts'
import { computeCachePlan } from './account-plan.ts'
import type { PlanReply, PlanRequest } from './plan-pool.ts'

parentPort?.on('message', (request: PlanRequest) => {
  let reply: PlanReply
  try {
    const { identity, cacheWrites } = computeCachePlan(
      request.account,
      request.window,
      appContractOf(request.release),
    )
    // The tokens travel as one transferred buffer: cloning thousands of strings costs the main
    // thread more than writing them.
    const ends = new Uint32Array(cacheWrites.length)
    let length = 0
    for (const [i, write] of cacheWrites.entries()) {
      length += write.token.length
      ends[i] = length
    }
    const tokens = Buffer.allocUnsafeSlow(length)
    for (const [i, write] of cacheWrites.entries()) {
      tokens.write(write.token as string, i === 0 ? 0 : ends[i - 1]!, 'latin1')
    }
    const keys = cacheWrites.map((write) => write.key)
    reply = { id: request.id, identity, keys, tokens, ends }
    parentPort?.postMessage(reply, [tokens.buffer, ends.buffer])
    return
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
