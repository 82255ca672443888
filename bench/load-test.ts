/**
 * The load-test rows of `npm run bench`: `addAccounts(n)` of 2 PDLs x 365 days (with curves) into
 * running stores, per account against one account alone, and the Redis memory it takes.
 */
import { Redis } from 'ioredis'
import pg from 'pg'
import type { DemoAccount } from '../src/demo-account.ts'
import { withDatabase, withRedisDatabase } from '../src/stores/database-url.ts'
import { startPostgres, startRedis } from '../src/stores/start-containers.ts'
import { withDemoAccount } from '../src/with-demo-account.ts'
import { formatMs, median, row } from './measure.ts'

const MB = 1024 * 1024

async function usedMemory(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl)
  try {
    const info = await redis.info('memory')
    return Number(/^used_memory:(\d+)/m.exec(info)![1])
  } finally {
    redis.disconnect()
  }
}

async function flush(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl)
  await redis.flushdb()
  redis.disconnect()
}

/** The peak RSS of this process while `work` runs, sampled every 20 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peakRss = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 20)
  try {
    return { result: await work(), peakRss }
  } finally {
    clearInterval(timer)
  }
}

export async function loadTest(
  images: { postgres: string; redis: string },
  referenceDate: string,
  quick: boolean,
) {
  console.log(
    '\nLoad test: addAccounts(n), 2 PDLs x 365 days with curves each, into running stores',
  )
  const [postgres, redis] = await Promise.all([
    startPostgres(images.postgres),
    startRedis(images.redis, 64),
  ])
  let next = 0
  /** A new database and an empty Redis database, with the default account seeded in them. */
  const freshDemo = async (days = 365): Promise<DemoAccount> => {
    next++
    const admin = new pg.Client(postgres.url)
    await admin.connect()
    await admin.query(`CREATE DATABASE load_${next}`)
    await admin.end()
    return withDemoAccount({
      referenceDate,
      days,
      postgres: { url: withDatabase(postgres.url, `load_${next}`) },
      redis: { url: withRedisDatabase(redis.url, next) },
    })
  }
  const timed = async (demo: DemoAccount, count: number, startIndex = 1) => {
    const started = performance.now()
    await demo.addAccounts(count, { startIndex })
    return performance.now() - started
  }
  try {
    const runs = quick ? 3 : 7
    const alone: number[] = []
    for (let i = 0; i < runs; i++) {
      const demo = await freshDemo()
      alone.push(await timed(demo, 1))
      await flush(demo.redis.url)
    }
    const baseline = median(alone)
    console.log(row('one account alone, addAccounts(1) (baseline)', baseline, baseline))
    const sizes = [25, 100]
    let memoryPerAccount = 0
    let last: { demo: DemoAccount; ms: number; peakRss: number; before: number } | undefined
    const totals = new Map<number, number>()
    const runsOf = new Map<number, number[]>()
    // The machine's speed varies from one run to the next (a shared VM): the median of a few.
    const repeats = quick ? 1 : 3
    for (const size of sizes) {
      const times: number[] = []
      for (let repeat = 0; repeat < repeats; repeat++) {
        const demo = await freshDemo()
        const before = await usedMemory(demo.redis.url)
        const rssBefore = process.memoryUsage.rss()
        const { result: ms, peakRss } = await withPeakRss(() => timed(demo, size))
        memoryPerAccount = ((await usedMemory(demo.redis.url)) - before) / size
        times.push(ms)
        const keep = size === sizes.at(-1) && repeat === repeats - 1
        if (keep) last = { demo, ms: median(times), peakRss: peakRss - rssBefore, before }
        else await flush(demo.redis.url)
      }
      totals.set(size, median(times))
      runsOf.set(size, times)
      console.log(
        row(`${size} accounts, per account`, median(times) / size, baseline, 'target <= 1.00'),
      )
    }
    const largest = sizes.at(-1)!
    const smallest = sizes[0]!
    const largestRuns = runsOf.get(largest)!
    const each = largestRuns.length > 1 ? ` (runs: ${largestRuns.map(formatMs).join(', ')})` : ''
    console.log(
      row(`${largest} accounts, in all`, totals.get(largest)!, baseline, `target <= 5 s${each}`),
    )
    // Linear: n accounts take n / m times what m take (the ratio is against that, 1.00 = linear).
    console.log(
      row(
        `  against ${largest / smallest} x ${smallest} accounts (linear = 1.00)`,
        totals.get(largest)!,
        (totals.get(smallest)! * largest) / smallest,
        'target ~1.00',
      ),
    )
    // The same accounts in four calls into one store that fills up: the last must cost the first.
    const filling = await freshDemo()
    const quarters: number[] = []
    for (let i = 0; i < 4; i++) quarters.push(await timed(filling, 25, 1 + 25 * i))
    await flush(filling.redis.url)
    console.log(row('25 accounts into an empty store', quarters[0]!, baseline))
    console.log(
      row(
        '  the last 25, into a store holding 75 (against the first 25)',
        quarters[3]!,
        quarters[0]!,
        'target ~1.00',
      ),
    )
    // One more account into the store that now holds 101: it must cost what one costs alone.
    const full = last!
    const intoFull: number[] = []
    for (let i = 0; i < runs; i++) intoFull.push(await timed(full.demo, 1, 1000 + i))
    console.log(
      row(
        `one account into a store holding ${largest + 1} accounts`,
        median(intoFull),
        baseline,
        'target ~1.00',
      ),
    )
    await flush(full.demo.redis.url)
    // The memory of an account of the default three years, for comparison.
    const threeYears = await freshDemo(1096)
    await flush(threeYears.redis.url)
    const emptyMemory = await usedMemory(threeYears.redis.url)
    await threeYears.addAccounts(1)
    const threeYearsMemory = (await usedMemory(threeYears.redis.url)) - emptyMemory
    await flush(threeYears.redis.url)
    console.log(
      `  Redis used_memory per account: ${(memoryPerAccount / MB).toFixed(1)} MB (365 days), ` +
        `${(threeYearsMemory / MB).toFixed(1)} MB (1096 days); peak RSS of this process above its ` +
        `start while seeding ${largest}: ${(full.peakRss / MB).toFixed(0)} MB (${formatMs(full.ms)})`,
    )
  } finally {
    await Promise.all([postgres.container.stop(), redis.container.stop()])
  }
}
