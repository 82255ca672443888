/**
 * A worker thread of {@link PlanPool}: generates an account's readings and encrypts its cache
 * entries, off the thread that writes the stores.
 */
import { parentPort } from 'node:worker_threads'
import { type PlanReply, type PlanRequest, planRequested } from './plan-pool.ts'

parentPort?.on('message', (request: PlanRequest) => {
  let reply: PlanReply
  try {
    const { identity, sets } = planRequested(request)
    // The SET commands travel as one transferred RESP buffer, which the main thread sends as it
    // is: cloning thousands of strings, or encoding them there, costs it more than writing them.
    reply = { id: request.id, identity, sets }
    parentPort?.postMessage(reply, [
      sets.bytes.buffer,
      sets.valueStarts.buffer,
      sets.valueEnds.buffer,
    ])
    return
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
parentPort?.postMessage({ ready: true } satisfies PlanReply)
