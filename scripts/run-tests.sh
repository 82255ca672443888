#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest: types and lint, unit tests, then the
# layers that start containers (integration, runners, package), then the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json --noEmit
npx biome check .
npx vitest run --project unit
npx vitest run --project integration --project runners --project package
npx playwright test
