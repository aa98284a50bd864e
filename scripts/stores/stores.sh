#!/usr/bin/env bash
# Starts / stops the local stores (Azurite Tables and Queues + Ceph RGW) for tests or a dev run.
#
# Usage:
#   stores.sh start <stateDir> <azuritePort> <rgwPort> [--persist]
#   stores.sh stop  <stateDir>
#
# start runs azurite.sh and rgw.sh in parallel (see those scripts for details; Azurite's queue
# service takes <azuritePort> + 1, the Ceph monitor <rgwPort> + 1000) and writes <stateDir>/stores.env
# (chmod 600): the lines of rgw.env plus
#   AZURITE_TABLE_ENDPOINT=http://127.0.0.1:<azuritePort>/devstoreaccount1
#   AZURITE_QUEUE_ENDPOINT=http://127.0.0.1:<azuritePort + 1>/devstoreaccount1
#   AZURITE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;...
# Values are unquoted (plain KEY=value lines). Do NOT `source` the file in bash: the ';'
# in the connection string would end the assignment. Load it with e.g.
#   while IFS= read -r l; do export "$l"; done < <stateDir>/stores.env
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

die() { echo "stores.sh: $*" >&2; exit 1; }
usage() { sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[[ $# -ge 1 ]] || usage
case $1 in
  start)
    [[ $# -ge 4 && $# -le 5 ]] || usage
    state=$2 az_port=$3 rgw_port=$4
    extra=()
    if [[ $# -eq 5 ]]; then [[ $5 == --persist ]] || usage; extra=(--persist); fi
    mkdir -p "$state"
    t0=$SECONDS
    "$HERE/azurite.sh" start "$state" "$az_port" ${extra[@]+"${extra[@]}"} &
    az=$!
    "$HERE/rgw.sh" start "$state" "$rgw_port" ${extra[@]+"${extra[@]}"} &
    rgw=$!
    rc=0
    wait "$az" || rc=1
    wait "$rgw" || rc=1
    if ((rc)); then
      # Don't leave half a setup running.
      "$HERE/azurite.sh" stop "$state" || true
      "$HERE/rgw.sh" stop "$state" || true
      die "start failed"
    fi
    (
      umask 077
      {
        cat "$state/rgw.env"
        echo "AZURITE_TABLE_ENDPOINT=http://127.0.0.1:$az_port/devstoreaccount1"
        echo "AZURITE_QUEUE_ENDPOINT=http://127.0.0.1:$((az_port + 1))/devstoreaccount1"
        echo "AZURITE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;TableEndpoint=http://127.0.0.1:$az_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((az_port + 1))/devstoreaccount1;"
      } >"$state/stores.env.tmp"
    )
    chmod 600 "$state/stores.env.tmp"
    mv -f "$state/stores.env.tmp" "$state/stores.env"
    echo "stores.sh: stores up in $((SECONDS - t0)) s, env in $(cd "$state" && pwd -P)/stores.env" >&2
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    rc=0
    "$HERE/azurite.sh" stop "$2" & a=$!
    "$HERE/rgw.sh" stop "$2" & r=$!
    wait "$a" || rc=1
    wait "$r" || rc=1
    exit "$rc"
    ;;
  *) usage ;;
esac
