#!/usr/bin/env bash
# Runs the whole test suite: starts throw-away in-memory stores (Azurite + Ceph RGW) on test ports,
# runs every test project against them, stops them, and ends with "tests: N passed, M failed".
#
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter Name~Absent]
#
# A whole run (no arguments) also lints the OpenAPI document (scripts/openapi-lint.sh); a finding counts as a failure.
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
bash scripts/stores/stores.sh start "$state" "$azurite_port" "$rgw_port"
trap 'bash scripts/stores/stores.sh stop "$state" >/dev/null 2>&1 || true' EXIT
export UDF_STORES_ENV="$state/stores.env"

log="$state/dotnet-test.log"
set +e
dotnet test UserDataFeed.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 61, Skipped: 0, ..."
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1 # the build or the runner failed before counting
fi

if [[ $# -eq 0 ]]; then
  if bash scripts/openapi-lint.sh; then
    passed=$((passed + 1))
  else
    echo "OpenAPI lint: the document has findings (above); see .spectral.yaml" >&2
    failed=$((failed + 1))
    status=1
  fi
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
