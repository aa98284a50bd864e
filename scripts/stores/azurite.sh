#!/usr/bin/env bash
# Azurite Table service (Azure Table Storage emulator) as a local store.
#
# Usage:
#   azurite.sh install                              npm-install azurite into tools/azurite only
#   azurite.sh start <stateDir> <port> [--persist]  start azurite-table on 127.0.0.1:<port>
#   azurite.sh stop  <stateDir>                     stop the process recorded in <stateDir>/azurite.pid
#
# Azurite is pinned in tools/azurite/package.json (+ package-lock.json) and installed
# there with `npm ci`; a stamp of the lock file's hash makes the next run skip npm.
# Azurite 3.37 declares a newer Node in its engines field but runs fine on Node 20.
#
# Data is in memory (--inMemoryPersistence) unless --persist: then in <stateDir>/azurite.
# Files: <stateDir>/azurite.pid, <stateDir>/azurite.log.
# Account: devstoreaccount1 with Azurite's well-known dev key.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TOOL_DIR=$REPO/tools/azurite
BIN=$TOOL_DIR/node_modules/.bin/azurite-table
STAMP=$TOOL_DIR/node_modules/.udf-install-stamp
START_TIMEOUT=60

die() { echo "azurite.sh: $*" >&2; exit 1; }
log() { echo "azurite.sh: $*" >&2; }
usage() { sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

installed_ok() {
  local want
  [[ -x $BIN && -f $STAMP && -f $TOOL_DIR/package-lock.json ]] || return 1
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
  [[ -x $BIN ]] || die "$BIN missing after install"
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

# PID from <stateDir>/azurite.pid if alive and really azurite-table (guards against PID reuse).
live_pid() {
  local f=$STATE/azurite.pid pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "azurite-table" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# SIGINT, not SIGTERM: azurite-table saves its database (LokiJS, autosaved only every 5 s) when it
# closes on SIGINT; SIGTERM ends Node at once and loses the writes of the last seconds.
cmd_stop() {
  local pid i
  if pid=$(live_pid); then
    kill -INT "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do alive "$pid" || break; sleep 0.05; done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.05; done
    fi
  fi
  rm -f "$STATE/azurite.pid"
}

cmd_start() {
  local port=$1 persist=$2 pid
  local args=(--tableHost 127.0.0.1 --tablePort "$port" --skipApiVersionCheck --loose
    --disableProductStyleUrl --disableTelemetry --silent)
  if [[ $persist == 1 ]]; then
    mkdir -p "$STATE/azurite"
    args+=(--location "$STATE/azurite")
  else
    args+=(--inMemoryPersistence)
  fi

  if pid=$(live_pid); then
    # Same arguments and listening: nothing to do; otherwise restart it.
    if [[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == *" ${args[*]} " ]] && port_open "$port"; then
      log "already running (pid $pid) on port $port"
      return 0
    fi
    cmd_stop
  fi
  port_open "$port" && die "port $port is already in use"

  # cd: whatever Azurite might still write relative to its cwd stays in the state dir.
  (cd "$STATE" && exec nohup "$BIN" "${args[@]}" >"$STATE/azurite.log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$STATE/azurite.pid"

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$port"; do
    if ! alive "$pid" || ((SECONDS >= deadline)); then
      echo "----- tail $STATE/azurite.log" >&2
      tail -n 30 "$STATE/azurite.log" >&2 || true
      cmd_stop
      die "azurite-table did not come up on port $port within ${START_TIMEOUT}s"
    fi
    sleep 0.1
  done
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
    log "azurite-table up on http://127.0.0.1:$3/devstoreaccount1"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    [[ -d $2 ]] || exit 0
    STATE=$(cd "$2" && pwd -P)
    cmd_stop
    ;;
  *) usage ;;
esac
