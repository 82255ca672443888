import type { DemoAccount } from '../demo-account.ts'
import { DEFAULT_PASSWORD } from '../options/default-pdls.ts'
import { redactUrl } from '../stores/store-url.ts'

const HIDDEN = '(hidden; --show-secrets prints it)'

/**
 * The summary people read. Secrets are hidden unless asked for, and so is a password of the
 * user's own (the default one is public: it is in the README).
 */
export function formatAccountSummary(demo: DemoAccount, showSecrets: boolean): string {
  const secret = (value: string) => (showSecrets ? value : HIDDEN)
  const rows: [string, string][] = [
    ['Email', demo.email],
    ['Password', demo.password === DEFAULT_PASSWORD ? demo.password : secret(demo.password)],
    ['User id', demo.user.id],
    ['Client id', demo.clientId],
    ['Client secret', secret(demo.clientSecret)],
    ['JWT', secret(demo.jwt)],
    ['SECRET_KEY', secret(demo.secretKey)],
    ['Postgres', showSecrets ? demo.postgres.url : redactUrl(demo.postgres.url)],
    ['Redis', showSecrets ? demo.redis.url : redactUrl(demo.redis.url)],
    ['Readings', `${demo.days} days, until the day before ${demo.referenceDate}`],
  ]
  if (demo.scenarios.length > 0) rows.push(['Scenarios', demo.scenarios.join(', ')])
  for (const [i, gap] of demo.gaps.entries()) {
    rows.push([i === 0 ? 'Not cached' : '', `${gap.usagePointId}: ${gap.days.join(', ')}`])
  }
  if (demo.emailVerificationToken) {
    rows.push(['Verify token', secret(demo.emailVerificationToken)])
  }
  // 1.9.0 and later: the backend's mode, and what the frontend needs for it.
  if (demo.env.SERVER_MODE === 'true') {
    rows.push(['SERVER_MODE', 'true (the frontend needs VITE_SERVER_MODE=true)'])
  } else if (demo.env.SERVER_MODE === 'false') {
    rows.push(['SERVER_MODE', 'false (client mode: no login, the data in Postgres)'])
  }
  const pdls = demo.pdls.map(
    (pdl, i) =>
      `${i === 0 ? '  PDLs'.padEnd(17) : ' '.repeat(17)}${pdl.usagePointId}  ${pdl.name ?? ''} (${pdl.profile}, ${pdl.subscribedPower} kVA${pdl.hasProduction ? ', production' : ''})`,
  )
  return [...rows.map(([label, value]) => `  ${label.padEnd(15)}${value}`), ...pdls].join('\n')
}
