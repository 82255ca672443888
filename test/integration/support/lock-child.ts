/** Takes the machine lock argv[2], logs entering and leaving to argv[3] around a pause, lets go. */
import { appendFile } from 'node:fs/promises'
import { takeMachineLock } from '../../../src/reuse/machine-lock.ts'

const [name, log] = [process.argv[2]!, process.argv[3]!]
const lock = await takeMachineLock(name, 60_000, 'the test lock')
await appendFile(log, `in ${process.pid}\n`)
await new Promise((resolve) => setTimeout(resolve, 200))
await appendFile(log, `out ${process.pid}\n`)
await lock.release()
