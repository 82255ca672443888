/**
 * `npm run bench`: the speed of the library, as ratios against baselines measured in the same
 * run on the same machine (absolute times vary too much between machines to compare).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PostgreSqlContainer } from '@testcontainers/postgresql'
import { RedisContainer } from '@testcontainers/redis'
import { Redis } from 'ioredis'
import pg from 'pg'
import { resolveDemoAccountOptions } from '../src/options/resolve-options.ts'
import { connectPostgres } from '../src/postgres/connect-postgres.ts'
import { forgetWindowDays, generateReadings } from '../src/readings/generate-readings.ts'
import type { MeterSpec, PdlProfile } from '../src/readings/types.ts'
import { execTransaction } from '../src/redis/resp-transaction.ts'
import { removeReusedStores } from '../src/reuse/remove-reused-stores.ts'
import { computeCachePlan, forgetLastPlan, planAccount } from '../src/seed/account-plan.ts'
import { forgetPlansOnDisk, keepPlansOnDisk } from '../src/seed/plan-disk-cache.ts'
import { seedAccountWhenPlanned } from '../src/seed/seed-account.ts'
import { startDemoAccount } from '../src/seed/start-demo-account.ts'
import { withDatabase, withRedisDatabase } from '../src/stores/database-url.ts'
import {
  postgresContainer,
  redisContainer,
  startPostgres,
  startRedis,
} from '../src/stores/start-containers.ts'
import { createDemoTemplate } from '../src/template/demo-template.ts'
import { openTemplateSlot } from '../src/template/template-slot.ts'
import { loadTest } from './load-test.ts'
import { formatMs, measure, median, row } from './measure.ts'

const POSTGRES_IMAGE = process.env.MED_DEMO_POSTGRES_IMAGE ?? 'postgres:16-alpine'
const REDIS_IMAGE = process.env.MED_DEMO_REDIS_IMAGE ?? 'redis:7-alpine'
const REFERENCE_DATE = '2026-11-24'
const quick = process.argv.includes('--quick')
const execFileAsync = promisify(execFile)

function meters(count: number): MeterSpec[] {
  const profiles: PdlProfile[] = ['main-home', 'solar-home', 'secondary-home']
  return Array.from({ length: count }, (_, i) => ({
    usagePointId: String(10_000_000_000_000 + i),
    profile: profiles[i % 3]!,
    subscribedPower: 9,
    hasConsumption: true,
    hasProduction: i % 3 === 1,
    offpeakHours: ['22:00-06:00'],
  }))
}

function generate(count: number, years: number) {
  const last = '2026-11-23'
  const first = new Date(Date.UTC(2026 - years, 10, 24)).toISOString().slice(0, 10)
  return generateReadings({
    seed: 'bench',
    firstDate: first,
    lastDate: last,
    meters: meters(count),
  })
}

async function generation() {
  console.log('\nReadings generation (pure CPU; daily + 30-minute curves + max power)')
  const cases = [
    { label: '10 PDLs x 3 years (baseline)', pdls: 10, years: 3, target: 'target <= 250 ms' },
    { label: '20 PDLs x 3 years', pdls: 20, years: 3, target: 'linear: 2.00' },
    { label: '40 PDLs x 3 years', pdls: 40, years: 3, target: 'linear: 4.00' },
    { label: '10 PDLs x 1 year', pdls: 10, years: 1, target: 'linear: 0.33' },
    { label: '10 PDLs x 2 years', pdls: 10, years: 2, target: 'linear: 0.67' },
  ]
  // Round-robin, after a warm-up of every case: each case is measured with the JIT in the same state.
  const times = cases.map(() => [] as number[])
  for (let round = -2; round < (quick ? 3 : 9); round++) {
    for (const [i, c] of cases.entries()) {
      // Each case pays for its window's days, as one withDemoAccount() does (a load test's accounts
      // share them).
      forgetWindowDays()
      const [ms] = await measure(1, () => generate(c.pdls, c.years))
      if (round >= 0) times[i]!.push(ms!)
    }
  }
  const base = median(times[0]!)
  for (const [i, c] of cases.entries()) console.log(row(c.label, median(times[i]!), base, c.target))
}

/** A cold `withDemoAccount()` on an engine, stopped after: its time, and when its stores were ready. */
async function timedStart(engine: 'container' | 'local') {
  let storesMs = 0
  const started = performance.now()
  const demo = await startDemoAccount(
    { referenceDate: REFERENCE_DATE, engine },
    {
      onPhase: (phase, ms) => {
        if (phase === 'stores') storesMs = ms
      },
    },
  )
  const ms = performance.now() - started
  await demo.stop()
  return { ms, storesMs }
}

async function containers() {
  console.log('\nStarting the stores (same images and Ryuk; Ryuk already up; stopping not counted)')
  // The first container of a process also starts Ryuk: pay that once, outside the measures.
  await (await redisContainer(REDIS_IMAGE).start()).stop()
  const runs = quick ? 2 : 9
  const times = {
    bare: [] as number[],
    tuned: [] as number[],
    full: [] as number[],
    afterStores: [] as number[],
    local: [] as number[],
    localStores: [] as number[],
  }
  // The local engine's template cluster is made once per machine: made here if it is not yet.
  await (await startDemoAccount({ referenceDate: REFERENCE_DATE, engine: 'local' })).stop()
  // Interleaved, so that each sees the same state of the machine.
  for (let i = 0; i < runs; i++) {
    let started = performance.now()
    const [p, r] = await Promise.all([
      new PostgreSqlContainer(POSTGRES_IMAGE).start(),
      new RedisContainer(REDIS_IMAGE).start(),
    ])
    times.bare.push(performance.now() - started)
    await Promise.all([p.stop(), r.stop()])

    started = performance.now()
    const [tp, tr] = await Promise.all([
      postgresContainer(POSTGRES_IMAGE).start(),
      redisContainer(REDIS_IMAGE).start(),
    ])
    await (await connectPostgres(tp.getConnectionUri())).end()
    times.tuned.push(performance.now() - started)
    await Promise.all([tp.stop(), tr.stop()])

    const container = await timedStart('container')
    times.full.push(container.ms)
    times.afterStores.push(container.ms - container.storesMs)
    // The same call on the local engine: Postgres and Redis processes, the template cluster copied.
    const local = await timedStart('local')
    times.local.push(local.ms)
    times.localStores.push(local.storesMs)
  }
  const baseline = median(times.bare)
  console.log(
    row('PostgreSqlContainer + RedisContainer, module defaults (baseline)', baseline, baseline),
  )
  console.log(
    row(
      'withDemoAccount() (default account, 3 years, curves)',
      median(times.full),
      baseline,
      'target <= 1.15',
    ),
  )
  console.log(
    row("  this library's containers alone, until Postgres answers", median(times.tuned), baseline),
  )
  console.log(
    row(
      '  seeding once both stores are up',
      median(times.afterStores),
      baseline,
      'target <= 300 ms',
    ),
  )
  const container = median(times.full)
  console.log(
    row(
      'cold withDemoAccount() local engine vs container (ratio)',
      median(times.local),
      container,
      'target <= 0.50',
    ),
  )
  console.log(row('  local engine: until both stores answer', median(times.localStores), container))
}

async function seeding() {
  console.log(
    '\nSeeding running stores (default account; the bcrypt hash is computed once, not counted)',
  )
  const [postgres, redis] = await Promise.all([
    startPostgres(POSTGRES_IMAGE),
    startRedis(REDIS_IMAGE, 64),
  ])
  try {
    const resolved = resolveDemoAccountOptions({ referenceDate: REFERENCE_DATE })
    const plan = await planAccount(
      resolved.account,
      resolved.window,
      '$2b$12$abcdefghijklmnopqrstuuWxbdVJH6bZ2ZpZO6kJm1CsZSa3eTzQa',
    )
    let next = 0
    const fresh = async () => {
      next++
      const admin = new pg.Client(postgres.url)
      await admin.connect()
      await admin.query(`CREATE DATABASE bench_${next}`)
      await admin.end()
      return {
        postgresUrl: withDatabase(postgres.url, `bench_${next}`),
        redisUrl: withRedisDatabase(redis.url, next),
      }
    }
    const runs = quick ? 3 : 7
    // Each write goes into an empty Redis database, connecting included, as a seed does.
    const onFreshRedis = async (write: (client: Redis) => Promise<unknown>) => {
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const stores = await fresh()
        const client = new Redis(stores.redisUrl)
        times.push(...(await measure(1, () => write(client))))
        client.disconnect()
      }
      return times
    }
    // Baseline: the floor for this much data, one pipelined write of the same encrypted entries.
    const floor = await onFreshRedis(async (client) => {
      const pipeline = client.pipeline()
      for (const write of plan.cacheWrites) pipeline.set(write.key, write.token, 'EX', 86_400)
      await pipeline.exec()
    })
    // The hand-written MULTI/EXEC (src/redis/resp-transaction.ts) against ioredis's own multi(),
    // the same commands: it stays only while it earns its lines.
    const ioredisMulti = await onFreshRedis(async (client) => {
      const multi = client.multi()
      for (const write of plan.cacheWrites) multi.set(write.key, write.token, 'EX', 86_400)
      await multi.exec()
    })
    const commands = plan.cacheWrites.map((w) => ['SET', w.key, w.token, 'EX', '86400'] as const)
    const handWritten: number[] = []
    for (let i = 0; i < runs; i++) {
      const stores = await fresh()
      handWritten.push(...(await measure(1, () => execTransaction(stores.redisUrl, commands))))
    }
    const writes: number[] = []
    const plans: number[] = []
    // `med-demo seed` as it runs in a new process (no plan in memory): the first time, and once
    // the plan is kept on disk. The bcrypt hash is paid once, in the warm-up that keeps the plan.
    const firstTime: number[] = []
    const fromDisk: number[] = []
    const planFolder = join(mkdtempSync(join(os.tmpdir(), 'med-demo-bench-plans-')), 'plans')
    const seedAsCli = async (stores: { postgresUrl: string; redisUrl: string }) =>
      (
        await startDemoAccount({
          referenceDate: REFERENCE_DATE,
          cacheTtlSeconds: 86_400,
          postgres: { url: stores.postgresUrl },
          redis: { url: stores.redisUrl },
        })
      ).stop()
    keepPlansOnDisk(planFolder)
    await seedAsCli(await fresh())
    for (let i = 0; i < runs; i++) {
      const stores = await fresh()
      plans.push(...(await measure(1, () => computeCachePlan(resolved.account, resolved.window))))
      writes.push(
        ...(await measure(1, () => seedAccountWhenPlanned(stores, Promise.resolve(plan), 86_400))),
      )
      forgetPlansOnDisk()
      forgetLastPlan()
      const first = await fresh()
      firstTime.push(...(await measure(1, () => seedAsCli(first))))
      keepPlansOnDisk(planFolder)
      forgetLastPlan()
      const again = await fresh()
      fromDisk.push(...(await measure(1, () => seedAsCli(again))))
    }
    forgetPlansOnDisk()
    forgetLastPlan()
    rmSync(join(planFolder, '..'), { recursive: true, force: true })
    const baseline = median(floor)
    console.log(
      row(
        `pipelined SET of the same ${plan.cacheWrites.length} entries (baseline)`,
        baseline,
        baseline,
      ),
    )
    console.log(
      row('  the same as one MULTI/EXEC, ioredis multi()', median(ioredisMulti), baseline),
    )
    console.log(
      row('  the same as one MULTI/EXEC, resp-transaction.ts', median(handWritten), baseline),
    )
    console.log(row('generate and encrypt the entries', median(plans), baseline))
    console.log(row('write schema, rows and cache (all or nothing)', median(writes), baseline))
    console.log(row('`med-demo seed` into running stores, first time', median(firstTime), baseline))
    console.log(
      row(
        '`med-demo seed` into running stores, plan kept on disk',
        median(fromDisk),
        baseline,
        'target <= 1.20',
      ),
    )
  } finally {
    await Promise.all([postgres.container.stop(), redis.container.stop()])
  }
}

async function resets() {
  console.log('\nPer-test reset of a worker (Postgres with PGDATA on tmpfs, Ryuk on)')
  const runs = quick ? 8 : 20
  // Like with like: the same image, tmpfs and server settings as the library's own container.
  const snapshotContainer = await postgresContainer(POSTGRES_IMAGE).start()
  const { template, stop } = await createDemoTemplate({
    referenceDate: REFERENCE_DATE,
    bcryptRounds: 4,
  })
  try {
    await snapshotContainer.snapshot()
    const baseline = median(await measure(runs, () => snapshotContainer.restoreSnapshot(), 1))
    const slot = await openTemplateSlot(template, 1)
    const backToBack = median(await measure(runs, () => slot.reset(), 2))
    // Between real tests the next spare is prepared while the test runs.
    const afterTests: number[] = []
    for (let i = 0; i < runs; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      afterTests.push(...(await measure(1, () => slot.reset())))
    }
    await slot.dispose()
    console.log(
      row("testcontainers' restoreSnapshot() of an empty database (baseline)", baseline, baseline),
    )
    console.log(
      row('demoAccount.reset(), resets back to back', backToBack, baseline, 'target <= 50 ms'),
    )
    console.log(
      row(
        'demoAccount.reset() after a 100 ms test',
        median(afterTests),
        baseline,
        'target <= 50 ms',
      ),
    )
  } finally {
    await Promise.all([snapshotContainer.stop(), stop()])
  }
}

/** Runs bench/reuse-child.ts: one withDemoAccount() in a fresh process; its time and phases. */
async function inFreshProcess(
  options: object,
): Promise<{ ms: number; withReadingsMs: number; phases: string[] }> {
  const child = fileURLToPath(new URL('./reuse-child.ts', import.meta.url))
  const { stdout } = await execFileAsync(process.execPath, [child, JSON.stringify(options)], {
    env: { ...process.env, MED_DEMO_DEBUG: '' },
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

async function reuse() {
  console.log(
    '\nWarm starts: withDemoAccount() in a fresh process each, as a re-run pays it (imports not counted)',
  )
  const name = `bench-${process.pid}`
  const options = { referenceDate: REFERENCE_DATE }
  const runs = quick ? 2 : 5
  const times = {
    plain: [] as number[],
    cold: [] as number[],
    warm: [] as number[],
    warmReadings: [] as number[],
  }
  try {
    for (let i = 0; i < runs; i++) {
      times.plain.push((await inFreshProcess(options)).ms)
      await removeReusedStores({ name })
      const cold = await inFreshProcess({ ...options, reuse: name })
      const warm = await inFreshProcess({ ...options, reuse: name })
      if (!warm.phases.includes('reused')) throw new Error(`the warm run seeded: ${warm.phases}`)
      times.cold.push(cold.ms)
      times.warm.push(warm.ms)
      times.warmReadings.push(warm.withReadingsMs)
    }
  } finally {
    await removeReusedStores({ name })
  }
  const baseline = median(times.plain)
  console.log(
    row('withDemoAccount(), cold: containers + Ryuk + seed (baseline)', baseline, baseline),
  )
  console.log(
    row('  withDemoAccount({ reuse }), first run: starts and keeps', median(times.cold), baseline),
  )
  console.log(
    row(
      '  withDemoAccount({ reuse }), warm: finds, checks, no seed',
      median(times.warm),
      baseline,
      'target <= 0.25 and <= 500 ms',
    ),
  )
  console.log(
    row(
      '  the same, then reading demo.readings (made on first use)',
      median(times.warmReadings),
      baseline,
      'target <= 0.25 and <= 500 ms',
    ),
  )
}

console.log(
  `@myelectricaldata/demo-account bench: node ${process.version}, ${os.cpus().length} CPUs, ${POSTGRES_IMAGE}, ${REDIS_IMAGE}`,
)
console.log(`  ${'(medians)'.padEnd(58)}${'time'.padStart(10)}${'ratio'.padStart(8)}`)
const accounts = () =>
  loadTest({ postgres: POSTGRES_IMAGE, redis: REDIS_IMAGE }, REFERENCE_DATE, quick)
const sections = { generation, seeding, accounts, resets, containers, reuse }
// `node bench/run.ts [--quick] [section...]` runs the named sections only.
const chosen = process.argv.slice(2).filter((arg) => arg in sections) as (keyof typeof sections)[]
const started = performance.now()
for (const name of chosen.length > 0
  ? chosen
  : (Object.keys(sections) as (keyof typeof sections)[])) {
  await sections[name]()
}
console.log(`\nDone in ${formatMs(performance.now() - started)}.`)
