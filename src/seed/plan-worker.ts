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
    reply = { id: request.id, identity, cacheWrites }
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
