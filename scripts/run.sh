#!/usr/bin/env bash
# Runs the service on the embedded local stores: installs and starts Azurite (Tables) and Ceph RGW (S3)
# with data kept in .local/, then the self-host on http://127.0.0.1:7071. Ctrl+C stops all of it.
#
# Ports (override with env): UDF_AZURITE_PORT (10002), UDF_RGW_PORT (7480; the Ceph monitor takes
# that + 1000), UDF_URL (http://127.0.0.1:7071). Delete .local/ to start again from nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
state="$root/.local/stores"
azurite_port=${UDF_AZURITE_PORT:-10002}
rgw_port=${UDF_RGW_PORT:-7480}
url=${UDF_URL:-http://127.0.0.1:7071}
mkdir -p "$root/.local"

bash scripts/stores/stores.sh start "$state" "$azurite_port" "$rgw_port" --persist
trap 'bash scripts/stores/stores.sh stop "$state"' EXIT

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

cat <<MSG

UserDataFeed is starting on $url (API under $url/api)
  Tables (Azurite): http://127.0.0.1:$azurite_port   S3 (Ceph RGW): $RGW_ENDPOINT
  Data is kept in .local/ across restarts.

Call it from another terminal:
  export UDF=$url
  export OPERATOR_KEY=\$(cat $key_file)
  curl -s -X PUT "\$UDF/api/tenants/acme" -H "Authorization: Bearer \$OPERATOR_KEY" \\
       -H 'Content-Type: application/json' -d '{"displayName":"Acme","feedEnabled":true}'
The README's walkthrough goes on from there.

MSG

dotnet run --project src/UserDataFeed.SelfHost -c Release
