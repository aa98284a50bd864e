#!/usr/bin/env bash
# Lints the service's OpenAPI document with Spectral and the OWASP API Security ruleset, as the repository's
# .spectral.yaml configures it (the rules it turns off say why). Fails on any finding of warning or error.
#
#   scripts/openapi-lint.sh [document.json]
#
# Without a document it builds the self-host if needed, starts it on a free loopback port and reads
# GET /api/openapi.json. The host creates its tables when it starts, so it is given Azurite: the test run's
# (UDF_STORES_ENV, as scripts/test.sh sets it), else a throw-away one on UDF_LINT_AZURITE_PORT (10502; queues on + 1).
# S3 is a placeholder: serving the document reads no bucket.
# Spectral is pinned in tools/spectral/package.json (+ package-lock.json) and installed there with npm ci.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
tool="$root/tools/spectral"
bin="$tool/node_modules/.bin/spectral"
stamp="$tool/node_modules/.udf-install-stamp"
log() { echo "openapi-lint.sh: $*" >&2; }

installed_ok() {
  [[ -x $bin && -f $stamp ]] && [[ $(<"$stamp") == $(sha256sum "$tool/package.json" "$tool/package-lock.json" | sha256sum) ]]
}
if ! installed_ok; then
  exec 9>"/tmp/udf-spectral-install.lock"
  flock 9
  if ! installed_ok; then
    log "installing Spectral into $tool ..."
    (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error) >&2
    sha256sum "$tool/package.json" "$tool/package-lock.json" | sha256sum >"$stamp"
  fi
  exec 9>&-
fi

given=""
[[ -n ${1:-} ]] && given=$(cat "$1")
work="$root/.openapi-lint" # under the repository: the ruleset's overrides name the document relative to it
rm -rf "$work" && mkdir -p "$work"
host=""
cleanup() { if [[ -n $host ]]; then kill "$host" 2>/dev/null; wait "$host" 2>/dev/null || true; fi; }
azurite_state=""
trap 'cleanup; [[ -z $azurite_state ]] || bash "$root/scripts/stores/azurite.sh" stop "$azurite_state" >/dev/null 2>&1 || true' EXIT

document="$work/openapi.json"
if [[ -n $given ]]; then
  printf '%s\n' "$given" >"$document"
else
  dll="$root/src/UserDataFeed.SelfHost/bin/Debug/net10.0/UserDataFeed.SelfHost.dll"
  [[ -f $dll ]] || dotnet build "$root/src/UserDataFeed.SelfHost" --nologo -v q >&2
  tables=""
  if [[ -n ${UDF_STORES_ENV:-} && -f $UDF_STORES_ENV ]]; then
    tables=$(grep '^AZURITE_CONNECTION_STRING=' "$UDF_STORES_ENV" | cut -d= -f2-)
  else
    azurite_state="$work/azurite"
    port=${UDF_LINT_AZURITE_PORT:-10502}
    bash "$root/scripts/stores/azurite.sh" start "$azurite_state" "$port" >&2
    key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
    tables="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((port + 1))/devstoreaccount1;"
  fi
  [[ -n $tables ]] || { log "no Azurite connection string"; exit 1; }
  env Urls=http://127.0.0.1:0 Feed__PollInterval=00:00:00 Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
    Tables__ConnectionString="$tables" Tables__Prefix=lint$RANDOM \
    S3__ServiceUrl=http://127.0.0.1:9 S3__AccessKey=lint S3__SecretKey=lint S3__Rgw__AdminAccessKey=lint S3__Rgw__AdminSecretKey=lint \
    Auth__OperatorKey=openapi-lint-placeholder-key-0000 \
    dotnet "$dll" >"$work/host.log" 2>&1 &
  host=$!
  url=""
  for _ in $(seq 1 120); do
    url=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/host.log" | head -1 | sed 's/Now listening on: //') || true
    [[ -n $url ]] && curl -sf "$url/api/openapi.json" -o "$work/openapi.json" && break
    kill -0 "$host" 2>/dev/null || { cat "$work/host.log" >&2; log "the self-host stopped before serving the document"; exit 1; }
    sleep 0.5
  done
  [[ -s $document ]] || { cat "$work/host.log" >&2; log "no document from the self-host"; exit 1; }
fi

log "linting the document (kept in .openapi-lint/) with .spectral.yaml"
"$bin" lint "$document" --ruleset "$root/.spectral.yaml" --fail-severity=warn --display-only-failures --format=stylish
