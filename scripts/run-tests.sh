#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest: types and lint, unit tests, then the
# layers that start containers (integration, runners, package) and the browser suite.
#
# Those last two parts spend much of their time waiting (container starts, spawned test runs, the
# browser), so they run side by side: each part's lines carry its name ([vitest] or [e2e]), and
# the script fails if either part fails. On this project's CI machines (2 CPUs) that saves about
# the browser suite's 40 s. MED_DEMO_TEST_JOBS=1 runs them one after the other (the default on a
# single CPU), with the runners' own output.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json --noEmit
npx biome check .
npx vitest run --project unit

containers=(npx vitest run --project integration --project runners --project package)
# On the local engine (no container engine here: scripts/prepare-machine.sh says why), the tests
# of containers themselves (images, Ryuk, container start-up and clean-up, reused containers) cannot run; the rest runs
# on local Postgres and Redis processes. CI runs them all, on containers.
if [ "${MED_DEMO_ENGINE:-}" = local ]; then
  container_only=(
    test/integration/postgres-readiness.test.ts
    test/integration/redis-image.test.ts
    test/integration/ryuk-image.test.ts
    test/integration/faults/container-startup.test.ts
    test/integration/faults/sigkill-reaped.test.ts
    test/integration/faults/up-signals.test.ts
    test/runners/given-stores.test.ts
    test/runners/worker-out-of-range.test.ts
    test/integration/reuse.test.ts
    test/integration/cli-reuse.test.ts
    test/runners/reuse.test.ts
  )
  echo "run-tests: MED_DEMO_ENGINE=local, so these tests of containers are left out: ${container_only[*]}" >&2
  for file in "${container_only[@]}"; do containers+=(--exclude "$file"); done
fi
browser=(scripts/e2e-releases.sh)
jobs=${MED_DEMO_TEST_JOBS:-$([ "$(nproc)" -ge 2 ] && echo 2 || echo 1)}
if [ "$jobs" -lt 2 ]; then
  "${containers[@]}"
  "${browser[@]}"
  exit 0
fi

# Side by side. Each part runs in a process group of its own (set -m), so that Ctrl-C or SIGTERM,
# which background jobs would otherwise not see, is passed on to all of its processes, and the
# test runners can remove their containers. Their input is /dev/null: they are not in the
# terminal's foreground group.
set -m
pids=() names=()
start_part() {
  local name=$1
  shift
  (
    set -o pipefail
    # The prefixing sed ignores the signals, to print what the part says while it stops.
    "$@" </dev/null 2>&1 | (trap '' INT TERM && exec sed -u "s/^/[$name] /")
  ) &
  pids+=("$!")
  names+=("$name")
}
forward() { for pid in "${pids[@]}"; do kill "-$1" -- "-$pid" 2>/dev/null || true; done; }
trap 'forward INT' INT
trap 'forward TERM' TERM
start_part vitest "${containers[@]}"
start_part e2e "${browser[@]}"
set +m # the groups are made; without job control, bash does not print job notices
failed=()
for i in "${!pids[@]}"; do
  # wait returns early when a forwarded signal arrives: wait again until the part has ended.
  status=0
  wait "${pids[$i]}" || status=$?
  while kill -0 "${pids[$i]}" 2>/dev/null; do
    status=0
    wait "${pids[$i]}" || status=$?
  done
  [ "$status" -eq 0 ] || failed+=("${names[$i]} (exit $status)")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-tests: failed: ${failed[*]}" >&2
  exit 1
fi
