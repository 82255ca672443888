"""The frontend pages the e2e suite drives, with the real app's French texts (contract §7).

Plain HTML and inline JS: no build step, no external resource. The JS talks to /api like the real
frontend of the release played (`api()`: the cookie from 1.4.1, the localStorage `access_token` as
Bearer up to 1.4.0, nothing in client mode), with `auth-storage` and `myelectricaldata_preferences`
in localStorage.
"""

import json

STYLE = """<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f5f7fa; color: #1f2937; }
  main { max-width: 960px; margin: 0 auto; padding: 24px; }
  .card { background: #fff; border-radius: 8px; padding: 16px; margin: 12px 0; box-shadow: 0 1px 3px #0002; }
  label { display: block; margin-top: 12px; }
  input { width: 100%; padding: 8px; box-sizing: border-box; }
  button { margin-top: 16px; padding: 8px 16px; }
  [role=alert] { color: #b91c1c; }
  header { display: flex; justify-content: flex-end; gap: 12px; align-items: center; padding: 8px 24px;
           background: #fff; }
  .overlay { position: fixed; inset: 0; background: #0008; display: flex; align-items: center;
             justify-content: center; }
  svg rect { fill: #2563eb; }
</style>"""

LOGIN = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Connexion - MyElectricalData</title>""" + STYLE + """</head>
<body><main>
  <form id="login-form" class="card" novalidate>
    <h1>Connexion</h1>
    <label for="email">Email</label>
    <input id="email" type="email" autocomplete="email" required>
    <label for="password">Mot de passe</label>
    <input id="password" type="password" autocomplete="current-password" required>
    <div id="error-slot"></div>
    <button type="submit" id="submit">Se connecter</button>
    <p><a href="/forgot-password">Mot de passe oublié ?</a></p>
  </form>
</main>
<script>
  const form = document.getElementById('login-form')
  const button = document.getElementById('submit')

  // Only same-origin paths: `from` comes from the URL, so never follow it off-site.
  function destination() {
    const from = new URLSearchParams(location.search).get('from')
    return from && from.startsWith('/') && !from.startsWith('//') ? from : '/dashboard'
  }

  function showError() {
    const slot = document.getElementById('error-slot')
    slot.replaceChildren()
    const alert = document.createElement('p')
    alert.setAttribute('role', 'alert')
    alert.textContent = 'Identifiants invalides'
    slot.append(alert)
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    button.disabled = true
    button.textContent = 'Connexion...'
    try {
      const response = await api('/api/accounts/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          email: document.getElementById('email').value,
          password: document.getElementById('password').value,
        }),
      })
      const body = await response.json().catch(() => null)
      if (!response.ok || !body || !body.success) throw new Error('login failed')
      // Up to 1.4.0 the token comes in the body and the frontend keeps the raw JWT.
      if (body.data?.access_token) localStorage.setItem('access_token', body.data.access_token)
      const me = await api('/api/accounts/me').then((r) => r.json())
      // Same shape as the real frontend's zustand persist store: only `user` is kept.
      localStorage.setItem('auth-storage', JSON.stringify({ state: { user: me.data }, version: 0 }))
      location.assign(destination())
    } catch {
      showError()
      button.disabled = false
      button.textContent = 'Se connecter'
    }
  })
</script>
</body></html>
"""

DASHBOARD = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Tableau de bord - MyElectricalData</title>""" + STYLE + """</head>
<body>
<div id="app" hidden>
  <header>
    <span data-testid="user-email" id="user-email"></span>
    <button type="button" id="logout">Déconnexion</button>
  </header>
  <main>
    <h1>Tableau de bord</h1>
    <p>Gérez vos points de livraison</p>
    <section aria-labelledby="pdl-heading">
      <h2 id="pdl-heading">Points de livraison (PDL)</h2>
      <p id="pdl-status">Chargement...</p>
      <div id="pdl-list"></div>
    </section>
  </main>
</div>
<script>
  const SVG = 'http://www.w3.org/2000/svg'
  const PREFS = 'myelectricaldata_preferences'

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag)
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
    if (text !== undefined) node.textContent = text
    return node
  }

  function isoDay(d) {
    const pad = (n) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  }

  function readPrefs() {
    try {
      const prefs = JSON.parse(localStorage.getItem(PREFS))
      return prefs && typeof prefs === 'object' && !Array.isArray(prefs) ? prefs : {}
    } catch {
      return {}
    }
  }

  function showWelcomeUnlessDone() {
    const prefs = readPrefs()
    if (prefs.onboarding?.completed === true || prefs.tours?.['dashboard-tour']?.completed === true) return
    const overlay = el('div', { class: 'overlay' })
    const dialog = el('div', {
      role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'welcome-title', class: 'card',
    })
    const start = el('button', { type: 'button' }, 'Commencer')
    dialog.append(
      el('h2', { id: 'welcome-title' }, 'Bienvenue sur MyElectricalData'),
      el('p', {}, 'Suivez la consommation et la production de vos points de livraison.'),
      start,
    )
    start.addEventListener('click', () => {
      const current = readPrefs()
      current.onboarding = { ...(current.onboarding || {}), completed: true }
      localStorage.setItem(PREFS, JSON.stringify(current))
      overlay.remove()
    })
    overlay.append(dialog)
    document.body.append(overlay)
  }

  const dayNumber = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000

  function drawChart(usagePointId, readings, firstDay, dayCount) {
    const width = 730, height = 200
    const values = readings.map((r) => Number(r.value) / 1000) // Wh -> kWh, as the real frontend
    const max = Math.max(...values, 0) || 1
    // Bars sit at their date, so days missing from the cache show as gaps.
    const barWidth = width / dayCount
    const svg = document.createElementNS(SVG, 'svg')
    svg.setAttribute('data-testid', `consumption-chart-${usagePointId}`)
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`)
    svg.setAttribute('width', '100%')
    svg.setAttribute('role', 'img')
    svg.setAttribute('aria-label', `Consommation quotidienne ${usagePointId}`)
    readings.forEach((reading, i) => {
      const barHeight = Math.max((values[i] / max) * height, 0.5)
      const bar = document.createElementNS(SVG, 'rect')
      const day = String(reading.date).slice(0, 10)
      for (const [name, value] of Object.entries({
        x: (dayNumber(day) - dayNumber(firstDay)) * barWidth, y: height - barHeight,
        width: Math.max(barWidth - 0.2, 0.5), height: barHeight, 'data-date': day, 'data-kwh': values[i],
      })) bar.setAttribute(name, value)
      const title = document.createElementNS(SVG, 'title')
      title.textContent = `${day} : ${values[i]} kWh`
      bar.append(title)
      svg.append(bar)
    })
    return svg
  }

  async function loadConsumption(pdl, slot) {
    // The last 365 days up to yesterday, in the browser's local time like the real frontend.
    const end = new Date()
    end.setHours(12, 0, 0, 0) // noon: adding days never crosses a DST edge
    end.setDate(end.getDate() - 1)
    const start = new Date(end)
    start.setDate(start.getDate() - 364)
    const url = `/api/enedis/consumption/daily/${encodeURIComponent(pdl.usage_point_id)}` +
      `?start=${isoDay(start)}&end=${isoDay(end)}&use_cache=true`
    const body = await api(url).then((r) => r.json()).catch(() => null)
    slot.replaceChildren()
    if (!body || !body.success) {
      const message = body?.error?.message || 'Erreur de chargement'
      slot.append(el('p', { 'data-testid': `consumption-error-${pdl.usage_point_id}` }, message))
      return
    }
    const readings = body.data?.meter_reading?.interval_reading || []
    const total = readings.reduce((sum, r) => sum + Number(r.value) / 1000, 0)
    slot.append(
      drawChart(pdl.usage_point_id, readings, isoDay(start), 365),
      el('p', { 'data-testid': `consumption-total-${pdl.usage_point_id}` },
        `Total: ${Math.round(total)} kWh`),
    )
    if (body.error) { // PARTIAL_DATA, or in client mode a GATEWAY_CALL
      slot.append(el('p', { 'data-testid': `consumption-partial-${pdl.usage_point_id}` }, body.error.message))
    }
  }

  function renderPdls(pdls) {
    const list = document.getElementById('pdl-list')
    const status = document.getElementById('pdl-status')
    status.textContent = pdls.length ? '' : 'Aucun point de livraison'
    for (const pdl of pdls) {
      const card = el('article', {
        class: 'card', 'data-testid': 'pdl-card', 'data-usage-point-id': pdl.usage_point_id,
      })
      card.append(el('h3', {}, pdl.name || pdl.usage_point_id), el('p', {}, pdl.usage_point_id))
      if (pdl.has_consumption) {
        const slot = el('div', {}, 'Chargement...')
        card.append(slot)
        loadConsumption(pdl, slot)
      }
      list.append(card)
    }
  }

  async function main() {
    // Up to 1.4.0 the frontend asks /accounts/me only when it holds a token.
    const meResponse = RELEASE.auth === 'bearer' && !localStorage.getItem('access_token')
      ? { status: 401 } : await api('/api/accounts/me')
    if (meResponse.status === 401) {
      localStorage.removeItem('access_token')
      location.assign('/login?from=/dashboard')
      return
    }
    const me = await meResponse.json()
    localStorage.setItem('auth-storage', JSON.stringify({ state: { user: me.data }, version: 0 }))
    document.getElementById('user-email').textContent = me.data.email
    document.getElementById('app').hidden = false
    // Client mode has no logout and skips the onboarding.
    if (RELEASE.mode === 'client') document.getElementById('logout').hidden = true
    else showWelcomeUnlessDone()
    const pdls = await api('/api/pdl').then((r) => r.json())
    renderPdls((pdls.data || []).filter((pdl) => pdl.is_active !== false))
  }

  document.getElementById('logout').addEventListener('click', async () => {
    await api('/api/accounts/logout', { method: 'POST' })
    localStorage.removeItem('auth-storage')
    localStorage.removeItem('access_token')
    location.assign('/login')
  })

  main()
</script>
</body></html>
"""

CONSUMPTION = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Consommation - MyElectricalData</title>""" + STYLE + """</head>
<body><main>
  <h1>Consommation</h1>
  <label for="pdl-select">Point de livraison</label>
  <select id="pdl-select"></select>
  <p id="requests-status" data-testid="requests-status">Chargement...</p>
  <table><tbody id="requests"></tbody></table>
</main>
<script type="module">
  import { clientDataRequests, dataRequests } from '/frontend-requests.js'

  const list = document.getElementById('requests')
  const status = document.getElementById('requests-status')

  let current = 0

  // Every request the real pages make for this PDL, each row saying whether the cache served it.
  async function load(pdl) {
    const generation = ++current
    list.replaceChildren()
    status.textContent = 'Chargement...'
    status.dataset.pdl = pdl.usage_point_id
    const requests = RELEASE.mode === 'client' ? clientDataRequests(pdl) : dataRequests(pdl)
    await Promise.all(requests.map(async (request) => {
      const row = document.createElement('tr')
      row.setAttribute('data-testid', 'request')
      Object.assign(row.dataset, { pdl: pdl.usage_point_id, kind: request.kind, start: request.start,
        end: request.end, origin: request.origin, outcome: 'pending' })
      row.textContent = `${request.kind} ${request.start}..${request.end} (${request.origin})`
      list.append(row)
      try {
        const response = await api(request.path)
        const body = await response.json().catch(() => null)
        row.dataset.outcome = body?.success && !body.error ? 'cache' : body?.error?.code || `HTTP ${response.status}`
      } catch (error) {
        row.dataset.outcome = `network error: ${error.message}` // listed, so the page still finishes
      }
    }))
    if (generation === current) status.textContent = `${requests.length} requêtes`
  }

  const me = await api('/api/accounts/me')
  if (me.status === 401) {
    location.assign('/login?from=/consumption_kwh')
  } else {
    const pdls = ((await api('/api/pdl').then((r) => r.json())).data || [])
      .filter((pdl) => pdl.is_active !== false)
    const select = document.getElementById('pdl-select')
    for (const pdl of pdls) {
      const option = document.createElement('option')
      option.value = pdl.usage_point_id
      option.textContent = pdl.name || pdl.usage_point_id
      select.append(option)
    }
    // Switching PDL loads the other meter, as on the real page.
    select.addEventListener('change', () => load(pdls.find((p) => p.usage_point_id === select.value)))
    if (pdls.length) load(pdls[0])
  }
</script>
</body></html>
"""

PAGES = {"/login": LOGIN, "/dashboard": DASHBOARD, "/consumption_kwh": CONSUMPTION}

API = """<script>
  const RELEASE = %s
  // The frontend's API client: cookie credentials, plus the stored token as Bearer up to 1.4.0.
  // A GET that fails in the network is tried again, as react-query does: Chromium aborts requests
  // in flight (ERR_NETWORK_CHANGED) when a container engine adds or removes an interface.
  async function api(path, init = {}, attempts = 3) {
    const headers = { ...(init.headers || {}) }
    const token = RELEASE.auth === 'bearer' ? localStorage.getItem('access_token') : null
    if (token) headers.Authorization = `Bearer ${token}`
    try {
      return await fetch(path, { credentials: 'include', ...init, headers })
    } catch (error) {
      if ((init.method ?? 'GET') !== 'GET' || attempts <= 1) throw error
      return api(path, init, attempts - 1)
    }
  }
</script>"""


def page(path, release):
    """The page at `path` as the release's frontend talks to the API."""
    auth = "none" if release.mode == "client" else "cookie" if release.reads_cookie else "bearer"
    config = json.dumps({"name": release.name, "mode": release.mode, "auth": auth})
    return PAGES[path].replace("</head>", API % config + "</head>", 1)
