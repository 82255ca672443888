// Seeds with withDemoAccount() into the stores named by FAULT_POSTGRES_URL and FAULT_REDIS_URL,
// and prints the outcome as JSON. It never calls process.exit: the process ends by itself only
// if the library closed every connection it opened.
import { withDemoAccount } from '../../../../src/index.ts'

try {
  const demo = await withDemoAccount({
    referenceDate: '2026-06-15',
    days: 5,
    bcryptRounds: 4,
    postgres: { url: process.env.FAULT_POSTGRES_URL },
    redis: { url: process.env.FAULT_REDIS_URL },
  })
  console.log(JSON.stringify({ seeded: demo.email }))
} catch (error) {
  const { code, message } = error as { code?: string; message: string }
  console.log(JSON.stringify({ code, message }))
}
