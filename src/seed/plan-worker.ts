/**
 * A worker thread of {@link PlanPool}: generates an account's readings and encrypts its cache
 * entries, off the thread that writes the stores.
 */
import { parentPort } from 'node:worker_threads'
import { appContractOf } from '../app/releases.ts'
import { encodeSets } from '../redis/resp-transaction.ts'
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
    // The SET commands travel as one transferred RESP buffer, which the main thread sends as it
    // is: cloning thousands of strings, or encoding them there, costs it more than writing them.
    const { bytes, valueStarts, valueEnds } = encodeSets(
      cacheWrites as { key: string; token: string }[],
      request.ttlSeconds,
    )
    const keys = cacheWrites.map((write) => write.key)
    reply = {
      id: request.id,
      identity,
      keys,
      bytes,
      valueStarts,
      valueEnds,
      ttlSeconds: request.ttlSeconds,
    }
    parentPort?.postMessage(reply, [bytes.buffer, valueStarts.buffer, valueEnds.buffer])
    return
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
