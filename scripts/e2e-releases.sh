#!/usr/bin/env bash
# The Playwright suite against every release the reference app plays: 1.5.0 (playwright.config.ts),
# then 1.22.0 in server mode, 1.22.0 in client mode and 1.3.0 (playwright.releases.config.ts, one
# E2E_RELEASE per run, each with its own stores). Stops at the first release that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
npx playwright test "$@"
for release in 1.22-server 1.22-client 1.3.0; do
  echo "e2e: release $release"
  E2E_RELEASE=$release npx playwright test -c playwright.releases.config.ts "$@"
done
