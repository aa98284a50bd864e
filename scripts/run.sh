#!/usr/bin/env bash
# Runs the service on the embedded local stores: installs and starts Azurite (Tables, Queues) and Ceph RGW (S3)
# with data kept in .local/, builds and starts the self-host on http://127.0.0.1:7071, and says how to
# call it once it answers. Ctrl+C stops all of it; the stores are always stopped cleanly (they flush
# what they acknowledged), also when the service itself dies.
#
# Ports (override with env): UDF_AZURITE_PORT (10002; its queue service takes that + 1), UDF_RGW_PORT
# (7480; the Ceph monitor takes that + 1000), UDF_URL (http://127.0.0.1:7071). Delete .local/ to start again from nothing.
set -euo pipefail

# A script started in the background (`scripts/run.sh &` from another script) inherits SIGINT ignored, and bash cannot
# trap a signal ignored on entry: then a SIGINT to the process group would reach only the processes that reset it. Start
# again with SIGINT at its default, so the traps below always see it.
if (( 0x$(awk '/^SigIgn:/ { print $2 }' /proc/$$/status) & 2 )) && [[ -z ${UDF_RUN_SIGINT_RESET:-} ]]; then
  UDF_RUN_SIGINT_RESET=1 exec env --default-signal=INT bash "$0" "$@"
fi
unset UDF_RUN_SIGINT_RESET

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
state="$root/.local/stores"
azurite_port=${UDF_AZURITE_PORT:-10002}
rgw_port=${UDF_RGW_PORT:-7480}
url=${UDF_URL:-http://127.0.0.1:7071}
mkdir -p "$root/.local"
say() { echo "run.sh: $*" >&2; }

if [[ ! -d tools/azurite/node_modules ]] || ! command -v radosgw >/dev/null; then
  say "first start: installing Azurite (npm) and Ceph RGW (Debian packages); this takes a minute or two"
fi
# Ctrl+C (SIGINT to the whole process group, from a terminal or a script's kill -INT -- -PGID) must stop the service
# before its stores, or it would run on without them and log every failed call. So the stores and the service run in
# sessions of their own, which such a signal does not reach, and this script stops them in order: the service, then the stores.
interrupted=0
trap 'interrupted=1' INT TERM HUP
stop_stores() { say "stopping the stores ..."; bash scripts/stores/stores.sh stop "$state"; }
say "starting the stores (data in .local/stores) ..."
setsid -w bash scripts/stores/stores.sh start "$state" "$azurite_port" "$rgw_port" --persist
trap stop_stores EXIT
if ((interrupted)); then exit 0; fi

key_file="$root/.local/operator.key"
if [[ ! -s $key_file ]]; then
  (umask 077 && openssl rand -hex 32 > "$key_file")
fi

while IFS= read -r line; do export "$line"; done < "$state/stores.env"
export Tables__ConnectionString="$AZURITE_CONNECTION_STRING"
export S3__ServiceUrl="$RGW_ENDPOINT"
export S3__AccessKey="$RGW_SERVICE_ACCESS_KEY"
export S3__SecretKey="$RGW_SERVICE_SECRET_KEY"
export S3__Rgw__AdminAccessKey="$RGW_ADMIN_ACCESS_KEY"
export S3__Rgw__AdminSecretKey="$RGW_ADMIN_SECRET_KEY"
Auth__OperatorKey="$(cat "$key_file")"
export Auth__OperatorKey
export Urls="$url"

say "building the service ..."
build_log="$root/.local/build.log"
if ! dotnet build src/UserDataFeed.SelfHost -c Release --nologo >"$build_log" 2>&1; then
  if ((interrupted)); then exit 0; fi
  cat "$build_log" >&2
  exit 1
fi
if ((interrupted)); then exit 0; fi
say "starting the service on $url ..."
# The app itself, not `dotnet run` (which would put a second process between this script and the service); setsid
# makes it the leader of its own session, so only this script's SIGTERM (a clean shutdown) stops it.
(cd src/UserDataFeed.SelfHost && exec setsid dotnet bin/Release/net10.0/UserDataFeed.SelfHost.dll) &
service=$!
trap 'interrupted=1; kill -TERM "$service" 2>/dev/null || true' INT TERM HUP

until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/api/tenants" || true) != 000 ]]; do
  kill -0 "$service" 2>/dev/null || break
  sleep 0.3
done

if kill -0 "$service" 2>/dev/null; then
  cat <<MSG

UserDataFeed is up on $url (API under $url/api)
  Tables + Queues (Azurite): http://127.0.0.1:$azurite_port, :$((azurite_port + 1))   S3 (Ceph RGW): $RGW_ENDPOINT
  Data is kept in .local/ across restarts. Ctrl+C stops the service and the stores.

Call it from another terminal:
  export UDF=$url
  export OPERATOR_KEY=\$(cat $key_file)
  curl -s -X PUT "\$UDF/api/tenants/acme" -H "Authorization: Bearer \$OPERATOR_KEY" \\
       -H 'Content-Type: application/json' -d '{"displayName":"Acme","feedEnabled":true}'
The README's walkthrough goes on from there.

MSG
fi

# wait returns early when a signal arrives; wait again until the service has really ended, and only then stop the stores.
status=0
while :; do
  wait "$service" && status=0 || status=$?
  kill -0 "$service" 2>/dev/null || break
done
trap - EXIT
trap '' INT TERM HUP # the stores stop cleanly whatever arrives now
if ((interrupted)); then say "the service stopped."; fi
stop_stores
if ((interrupted)); then
  exit 0
fi
if ((status != 0)); then
  say "the service stopped unexpectedly (exit code $status; its output is above)."
  say "the stores were stopped cleanly, so nothing they acknowledged is lost; data stays in .local/."
  say "start again with scripts/run.sh: an import that was running resumes on the next poll."
fi
exit "$status"
