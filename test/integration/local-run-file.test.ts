import { expect, test } from 'vitest'
import { runFile } from '../../src/local-engine/run-file.ts'

test('a program that closes its input before reading it does not crash the caller with EPIPE', async () => {
  // More than a pipe holds, so the write is still pending when the program closes its end.
  const input = 'x'.repeat(1024 * 1024)
  const output = await runFile(
    '/bin/sh',
    ['-c', 'exec 0<&-; sleep 0.2; echo done'],
    undefined,
    input,
  )
  expect(output).toBe('done\n')
})

test('a program that fails rejects with its output', async () => {
  await expect(runFile('/bin/sh', ['-c', 'echo oops >&2; exit 3'], undefined)).rejects.toThrow(
    /failed: .*\noops/s,
  )
})
