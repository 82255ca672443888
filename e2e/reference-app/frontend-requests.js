// The data requests the app's 1.5.0 frontend makes for one PDL on its data pages (Consumption,
// Production, Balance), written from the frontend's behaviour and independently of the library:
// the reference app's page sends them, and the integration tests send them from Node with a
// chosen "today". Dates are the browser's local calendar days, as in the real frontend.

const pad = (n) => String(n).padStart(2, '0')
const localDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const utcDay = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

function daysBefore(date, days) {
  const result = new Date(date)
  result.setDate(result.getDate() - days)
  return result
}

// The page hooks ask for a long range year by year: each chunk ends the day before the same date
// a year later (UTC calendar arithmetic), the last one at the range's end.
export function yearlyChunks(start, end) {
  const first = new Date(`${start}T00:00:00Z`)
  const last = new Date(`${end}T00:00:00Z`)
  if (Math.ceil((last - first) / 86_400_000) <= 365) return [{ start, end }]
  const chunks = []
  for (let from = first; from <= last; ) {
    let to = new Date(from)
    to.setUTCFullYear(to.getUTCFullYear() + 1)
    to.setUTCDate(to.getUTCDate() - 1)
    if (to > last) to = new Date(last)
    chunks.push({ start: utcDay(from), end: utcDay(to) })
    from = new Date(to)
    from.setUTCDate(from.getUTCDate() + 1)
  }
  return chunks
}

/**
 * The unified fetch's bounds at local time `now`: everything ends yesterday; the daily ranges start
 * 1095 days before, the 30-minute curves on the same day two years ago.
 */
function unifiedRange(now) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 12)
  const yesterday = daysBefore(today, 1)
  return {
    yesterday,
    end: localDay(yesterday),
    threeYears: localDay(daysBefore(yesterday, 1095)),
    twoYears: localDay(new Date(today.getFullYear() - 2, today.getMonth(), today.getDate(), 12)),
  }
}

/**
 * Every request for `pdl` ({ usage_point_id, has_consumption, has_production }) when the local
 * time is `now`: the unified fetch of a first load, then the page hooks' chunks of a later one.
 */
export function dataRequests(pdl, now = new Date()) {
  const { yesterday, end, threeYears, twoYears } = unifiedRange(now)
  const hooksStart = localDay(daysBefore(yesterday, 1094))
  const requests = []
  const add = (kind, start, origin) => requests.push({ kind, start, end, origin })
  const addChunks = (kind) => {
    for (const chunk of yearlyChunks(hooksStart, end)) {
      requests.push({ kind, ...chunk, origin: 'page hook' })
    }
  }
  if (pdl.has_consumption) {
    add('consumption/daily', threeYears, 'unified')
    add('power', threeYears, 'unified')
    add('consumption/detail/batch', twoYears, 'unified')
  }
  if (pdl.has_production) {
    add('production/daily', threeYears, 'unified')
    add('production/detail/batch', twoYears, 'unified')
  }
  if (pdl.has_consumption) {
    addChunks('consumption/daily')
    addChunks('power')
  }
  if (pdl.has_production) addChunks('production/daily')
  return requests.map((request) => ({
    ...request,
    path:
      `/api/enedis/${request.kind}/${encodeURIComponent(pdl.usage_point_id)}` +
      `?start=${request.start}&end=${request.end}&use_cache=true`,
  }))
}

/**
 * The requests of the 1.22 frontend in client mode for `pdl` when the local time is `now`: the
 * unified fetch (`useUnifiedDataFetch`: daily and max power over yesterday − 1095 days, 30-minute
 * curves from the same day two years ago, all up to yesterday) and the PDL's contract and address.
 * Max power always goes to the gateway; the frontend treats it as optional.
 */
export function clientDataRequests(pdl, now = new Date()) {
  const { end, threeYears, twoYears } = unifiedRange(now)
  const id = encodeURIComponent(pdl.usage_point_id)
  const requests = []
  const add = (kind, start) =>
    requests.push({
      kind,
      start,
      end,
      origin: 'unified',
      path: `/api/enedis/${kind}/${id}?start=${start}&end=${end}&use_cache=true`,
    })
  if (pdl.has_consumption) {
    add('consumption/daily', threeYears)
    add('consumption/max_power', threeYears)
    add('consumption/detail/batch', twoYears)
  }
  if (pdl.has_production) {
    add('production/daily', threeYears)
    add('production/detail/batch', twoYears)
  }
  for (const kind of ['contract', 'address']) {
    requests.push({ kind, start: '', end: '', origin: 'pdl', path: `/api/enedis/${kind}/${id}` })
  }
  return requests
}
