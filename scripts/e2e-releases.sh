#!/usr/bin/env bash
# The Playwright suite against every release the reference app plays: 1.5.0 (playwright.config.ts),
# then each release of e2e/releases.ts (playwright.releases.config.ts, one E2E_RELEASE per run,
# each with its own stores). Stops at the first release that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
npx playwright test "$@"
releases=$(node --input-type=module -e "const { RELEASES } = await import('./e2e/releases.ts'); console.log(Object.keys(RELEASES).join(' '))")
for release in $releases; do
  echo "e2e: release $release"
  E2E_RELEASE=$release npx playwright test -c playwright.releases.config.ts "$@"
done
