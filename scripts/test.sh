#!/usr/bin/env bash
# Runs the whole test suite: starts throw-away in-memory stores (Azurite + Ceph RGW) on test ports,
# runs every test project against them, stops them, and ends with "tests: N passed, M failed".
#
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter Name~Absent]
#
# A whole run (no arguments) also lints the OpenAPI document (scripts/openapi-lint.sh); a finding counts as a failure.
#
# The solution is built once (while the stores start), then the test projects run at the same time, each with
# --no-build; each project's output is printed whole when it ends (and kept in .test-stores/<project>.log).
#
# Ports (override with env): UDF_TEST_AZURITE_PORT (10102; queues on that + 1), UDF_TEST_RGW_PORT (7580; the Ceph
# monitor takes that + 1000). They differ from scripts/run.sh's, so a running local service and
# a test run do not collide.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
state="$root/.test-stores"
azurite_port=${UDF_TEST_AZURITE_PORT:-10102}
rgw_port=${UDF_TEST_RGW_PORT:-7580}

bash scripts/browser.sh # Chromium for the browser tests (tests/UserDataFeed.BrowserTests)
bash scripts/stores/stores.sh stop "$state" >/dev/null 2>&1 || true
mkdir -p "$state"
log="$state/dotnet-test.log"
: >"$log"

# The stores start while the solution builds; both must succeed before any test runs.
bash scripts/stores/stores.sh start "$state" "$azurite_port" "$rgw_port" &
stores=$!
trap 'bash scripts/stores/stores.sh stop "$state" >/dev/null 2>&1 || true' EXIT
set +e
dotnet build UserDataFeed.sln --nologo -v q 2>&1 | tee -a "$log"
built=${PIPESTATUS[0]}
wait "$stores"
stores_up=$?
set -e
if [[ $built -ne 0 || $stores_up -ne 0 ]]; then
  [[ $stores_up -eq 0 ]] || echo "test.sh: the stores did not start" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
export UDF_STORES_ENV="$state/stores.env"

# Longest first: the integration tests are the critical path, the others run alongside them.
projects=(UserDataFeed.IntegrationTests UserDataFeed.BrowserTests UserDataFeed.Core.Tests UserDataFeed.Infra.Tests)
declare -A job
for project in "${projects[@]}"; do
  dotnet test "tests/$project" --no-build --nologo "$@" >"$state/$project.log" 2>&1 &
  job[$project]=$!
done
lint=""
if [[ $# -eq 0 ]]; then
  bash scripts/openapi-lint.sh >"$state/openapi-lint.log" 2>&1 &
  lint=$!
fi

status=0
for project in "${projects[@]}"; do
  wait "${job[$project]}" || status=1
  cat "$state/$project.log" | tee -a "$log"
done

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 61, Skipped: 0, ..."
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the runner failed before counting
fi

if [[ -n $lint ]]; then
  lint_status=0
  wait "$lint" || lint_status=$?
  cat "$state/openapi-lint.log" >&2
  if [[ $lint_status -eq 0 ]]; then
    passed=$((passed + 1))
  else
    echo "OpenAPI lint: the document has findings (above); see .spectral.yaml" >&2
    failed=$((failed + 1))
    status=1
  fi
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
