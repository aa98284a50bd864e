#!/usr/bin/env bash
# Azurite's Table and Queue services (the Azure Table and Queue Storage emulators) as local stores.
#
# Usage:
#   azurite.sh install                              npm-install azurite into tools/azurite only
#   azurite.sh start <stateDir> <port> [--persist]  start azurite-table on 127.0.0.1:<port> and
#                                                   azurite-queue on 127.0.0.1:<port + 1>
#   azurite.sh stop  <stateDir>                     stop both (pids in <stateDir>/azurite*.pid)
#
# Azurite is pinned in tools/azurite/package.json (+ package-lock.json) and installed
# there with `npm ci`; a stamp of the lock file's hash makes the next run skip npm.
# Azurite 3.37 declares a newer Node in its engines field but runs fine on Node 20.
#
# Two processes, not the all-in-one `azurite`: each service gets its own Node event loop (an import
# keeps the table service busy while workers poll the queue), and no blob service is started.
# Data is in memory (--inMemoryPersistence) unless --persist: then in <stateDir>/azurite (tables)
# and <stateDir>/azurite-queue.
# Files: <stateDir>/azurite.pid, azurite.log (tables); azurite-queue.pid, azurite-queue.log.
# Account: devstoreaccount1 with Azurite's well-known dev key.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TOOL_DIR=$REPO/tools/azurite
BIN_DIR=$TOOL_DIR/node_modules/.bin
STAMP=$TOOL_DIR/node_modules/.udf-install-stamp
START_TIMEOUT=60

die() { echo "azurite.sh: $*" >&2; exit 1; }
log() { echo "azurite.sh: $*" >&2; }
usage() { sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

installed_ok() {
  local want
  [[ -x $BIN_DIR/azurite-table && -x $BIN_DIR/azurite-queue && -f $STAMP && -f $TOOL_DIR/package-lock.json ]] || return 1
  want=$(sha256sum "$TOOL_DIR/package.json" "$TOOL_DIR/package-lock.json" | sha256sum)
  [[ $(<"$STAMP") == "$want" ]]
}

ensure_installed() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    log "node/npm not found, installing Debian's nodejs + npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends nodejs npm >/dev/null \
      || { apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends nodejs npm >/dev/null; }
  fi
  installed_ok && return 0
  # Two starts at once (tests + dev run) must not run npm in the same folder together.
  exec 9>"/tmp/udf-azurite-install.lock"
  flock 9
  if installed_ok; then exec 9>&-; return 0; fi
  log "installing azurite into $TOOL_DIR ..."
  local npmlog; npmlog=$(mktemp)
  local args=(--no-audit --no-fund --loglevel=error --engine-strict=false)
  if [[ -f $TOOL_DIR/package-lock.json ]]; then
    (cd "$TOOL_DIR" && npm ci "${args[@]}") >"$npmlog" 2>&1 \
      || { cat "$npmlog" >&2; rm -f "$npmlog"; die "npm ci failed"; }
  else
    (cd "$TOOL_DIR" && npm install "${args[@]}") >"$npmlog" 2>&1 \
      || { cat "$npmlog" >&2; rm -f "$npmlog"; die "npm install failed"; }
  fi
  rm -f "$npmlog"
  [[ -x $BIN_DIR/azurite-table && -x $BIN_DIR/azurite-queue ]] || die "azurite binaries missing after install"
  sha256sum "$TOOL_DIR/package.json" "$TOOL_DIR/package-lock.json" | sha256sum >"$STAMP"
  exec 9>&-   # release the lock; the daemon started next must not inherit it
}

# True while <pid> exists and is not a zombie. kill -0 is not enough: it succeeds on
# zombies, and orphans are reaped by PID 1 only seconds later on some machines.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != [ZX] ]]
}

# The files of a service: "table" keeps the historical names azurite.pid / azurite.log.
base_of() { [[ $1 == table ]] && echo azurite || echo "azurite-$1"; }

# PID of <service> if alive and really azurite-<service> (guards against PID reuse).
live_pid() {
  local f pid
  f=$STATE/$(base_of "$1").pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "azurite-$1" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# SIGINT, not SIGTERM: Azurite saves its database (LokiJS, autosaved only every 5 s) when it
# closes on SIGINT; SIGTERM ends Node at once and loses the writes of the last seconds.
stop_service() {
  local pid i
  if pid=$(live_pid "$1"); then
    kill -INT "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do alive "$pid" || break; sleep 0.05; done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.05; done
    fi
  fi
  rm -f "$STATE/$(base_of "$1").pid"
}

cmd_stop() {
  stop_service table & local t=$!
  stop_service queue
  wait "$t"
}

start_service() {
  local service=$1 port=$2 persist=$3 pid base
  base=$(base_of "$service")
  local args=(--"${service}Host" 127.0.0.1 --"${service}Port" "$port" --skipApiVersionCheck --loose
    --disableProductStyleUrl --disableTelemetry --silent)
  if [[ $persist == 1 ]]; then
    mkdir -p "$STATE/$base"
    args+=(--location "$STATE/$base")
  else
    args+=(--inMemoryPersistence)
  fi

  if pid=$(live_pid "$service"); then
    # Same arguments and listening: nothing to do; otherwise restart it.
    if [[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == *" ${args[*]} " ]] && port_open "$port"; then
      log "azurite-$service already running (pid $pid) on port $port"
      return 0
    fi
    stop_service "$service"
  fi
  port_open "$port" && die "port $port is already in use"

  # cd: whatever Azurite might still write relative to its cwd stays in the state dir.
  (cd "$STATE" && exec nohup "$BIN_DIR/azurite-$service" "${args[@]}" >"$STATE/$base.log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$STATE/$base.pid"

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$port"; do
    if ! alive "$pid" || ((SECONDS >= deadline)); then
      echo "----- tail $STATE/$base.log" >&2
      tail -n 30 "$STATE/$base.log" >&2 || true
      stop_service "$service"
      die "azurite-$service did not come up on port $port within ${START_TIMEOUT}s"
    fi
    sleep 0.1
  done
}

cmd_start() {
  local port=$1 persist=$2
  start_service table "$port" "$persist" & local t=$!
  if ! start_service queue $((port + 1)) "$persist"; then
    wait "$t" || true
    cmd_stop
    return 1
  fi
  wait "$t" || { cmd_stop; return 1; }
}

[[ $# -ge 1 ]] || usage
case $1 in
  install)
    ensure_installed
    ;;
  start)
    [[ $# -ge 3 && $# -le 4 ]] || usage
    persist=0
    if [[ $# -eq 4 ]]; then [[ $4 == --persist ]] || usage; persist=1; fi
    [[ $3 =~ ^[0-9]+$ ]] || die "bad port '$3'"
    mkdir -p "$2"
    STATE=$(cd "$2" && pwd -P)
    ensure_installed
    cmd_start "$3" "$persist"
    log "azurite up: tables on http://127.0.0.1:$3/devstoreaccount1, queues on http://127.0.0.1:$(($3 + 1))/devstoreaccount1"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    [[ -d $2 ]] || exit 0
    STATE=$(cd "$2" && pwd -P)
    cmd_stop
    ;;
  *) usage ;;
esac
