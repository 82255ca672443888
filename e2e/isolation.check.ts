import { readdir, readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { WORKER_RECORDS } from './paths.ts'

interface WorkerRecord {
  parallelIndex: number
  email: string
  pdls: string[]
}

test('parallel workers had accounts and PDLs of their own', async () => {
  const files = await readdir(WORKER_RECORDS)
  const records = await Promise.all(
    files.map(
      async (file) =>
        JSON.parse(await readFile(`${WORKER_RECORDS}/${file}`, 'utf8')) as WorkerRecord,
    ),
  )
  const byWorker = new Map(records.map((record) => [record.parallelIndex, record]))
  expect(byWorker.size, 'tests ran in at least two workers').toBeGreaterThanOrEqual(2)
  const emails = new Set([...byWorker.values()].map((record) => record.email))
  expect(emails.size).toBe(byWorker.size)
  const pdls = [...byWorker.values()].flatMap((record) => record.pdls)
  expect(new Set(pdls).size).toBe(pdls.length)
})
