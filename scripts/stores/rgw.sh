#!/usr/bin/env bash
# Ceph RADOS Gateway (S3) as a local store for tests and dev runs.
#
# Usage:
#   rgw.sh install                              install the Debian packages only
#   rgw.sh start <stateDir> <port> [--persist]  start mon + osd + radosgw, ensure users, write rgw.env
#   rgw.sh stop  <stateDir>                     stop the daemons recorded in <stateDir>/*.pid
#
# One monitor + one OSD + radosgw, no mgr, no cephx, pool size 1. Each <stateDir>
# is a self-contained cluster (own fsid, conf, run dir, admin sockets, logs), so
# several clusters (e.g. dev run + tests) can run side by side on different ports.
#
#   radosgw (beast, S3 + admin APIs) 127.0.0.1:<port>
#   monitor (msgr2 only)             127.0.0.1:<port + 1000>   (fixed at cluster creation,
#                                    kept in <stateDir>/ceph/cluster.env on --persist restarts)
#   OSD                              127.0.0.1, ephemeral ports from Ceph's 6800-7300 range
#
# Object store:
#   default    memstore (RAM only): the cluster is recreated from scratch on every start.
#   --persist  bluestore on a sparse file <stateDir>/ceph/osd-0.block (outside the OSD data
#              folder); an existing cluster is restarted as-is, data survives stop/start.
#
# Layout of <stateDir>:
#   ceph/ceph.conf, ceph/cluster.env, ceph/{mon,osd,run,log,crash,rgw}/
#   ceph-mon.pid ceph-osd.pid radosgw.pid   PIDs of the daemons this script started
#   rgw.env                                 RGW_ENDPOINT + keys of the two RGW users (chmod 600)
#
# RGW users (idempotent; keys are kept across restarts via rgw.env / the persisted cluster):
#   udf-service  plain data user, owns the tenant buckets
#   udf-admin    caps users=*;buckets=* for the Admin Ops API (not system, not --admin)
set -euo pipefail

PKGS=(ceph-mon ceph-osd radosgw ceph-common curl)
START_TIMEOUT=120

die() { echo "rgw.sh: $*" >&2; exit 1; }
log() { echo "rgw.sh: $*" >&2; }

usage() {
  sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

ensure_installed() {
  local p missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get)
  [[ $EUID -eq 0 ]] || apt=(sudo --preserve-env=DEBIAN_FRONTEND apt-get)
  local aptlog; aptlog=$(mktemp)
  if ! "${apt[@]}" -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1; then
    # Package lists may be missing or stale on a fresh machine.
    "${apt[@]}" -o DPkg::Lock::Timeout=300 update -qq >"$aptlog" 2>&1 || { cat "$aptlog" >&2; rm -f "$aptlog"; die "apt-get update failed"; }
    "${apt[@]}" -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1 \
      || { tail -n 30 "$aptlog" >&2; rm -f "$aptlog"; die "apt-get install failed"; }
  fi
  rm -f "$aptlog"
}

# ---- pid helpers -------------------------------------------------------------------
DAEMONS=(radosgw ceph-osd ceph-mon)

# True while <pid> exists and is not a zombie. kill -0 is not enough: the daemons are
# orphans reparented to PID 1, which on some machines reaps them only ~2 s later.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != [ZX] ]]
}

# Prints the PID recorded in <stateDir>/<name>.pid if that process is alive and is
# really ours (its command line names our conf file; guards against PID reuse).
live_pid() {
  local f="$STATE/$1.pid" pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1
  echo "$pid"
}

# term_and_wait <daemon>...: SIGTERM, up to ~10 s for a clean exit, then SIGKILL.
term_and_wait() {
  local d pid pids=() still i
  for d in "$@"; do
    if pid=$(live_pid "$d"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for ((i = 0; i < 200 && ${#pids[@]}; i++)); do
    still=()
    for pid in "${pids[@]}"; do alive "$pid" && still+=("$pid"); done
    pids=(${still[@]+"${still[@]}"})
    ((${#pids[@]})) && sleep 0.05
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    log "pid $pid did not exit after SIGTERM, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while alive "$pid"; do sleep 0.05; done
  done
  for d in "$@"; do rm -f "$STATE/$d.pid"; done
}

# One at a time, clients first: radosgw still talks to the OSD while it shuts down, and
# the OSD tells the monitor it is leaving; with its peer gone either one hangs until SIGKILL.
stop_all() {
  term_and_wait radosgw
  term_and_wait ceph-osd
  term_and_wait ceph-mon
}

# ---- misc helpers ------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
rand_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
ceph_cli() { timeout 60 ceph -c "$CONF" "$@"; }
rgw_admin() { timeout 60 radosgw-admin -c "$CONF" "$@"; }

print_logs() {
  local f
  for f in "$CEPH/log"/*.log "$CEPH"/*.out; do
    [[ -s $f ]] || continue
    echo "----- tail $f" >&2
    tail -n 25 "$f" >&2
  done
}

write_conf() {
  local objectstore=$1
  cat >"$CONF" <<EOF
# Generated by scripts/stores/rgw.sh - regenerated on every start.
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# No cephx at all.
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
ms mon client mode = crc
# Everything a daemon writes lives under this state dir, so clusters don't collide.
run dir = $CEPH/run
admin socket = $CEPH/run/\$cluster-\$name.asok
pid file = $CEPH/run/\$cluster-\$name.pid
log file = $CEPH/log/\$cluster-\$name.log
mon cluster log file = $CEPH/log/\$cluster.log
crash dir = $CEPH/crash
# Single OSD: size 1, few PGs, replicas across OSDs (not hosts), no pg autoscaler (no mgr).
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim = false
mon warn on insecure global id reclaim allowed = false
mon max pg per osd = 1000

[mon]
mon data = $CEPH/mon/\$cluster-\$id
# Commit paxos proposals right away: cluster bring-up ~2 s instead of ~13 s.
paxos propose interval = 0.05
paxos min wait = 0.01
# Don't shut the monitor down on a fairly full dev disk.
mon data avail crit = 1
mon data avail warn = 2

[osd]
osd data = $CEPH/osd/\$cluster-\$id
osd objectstore = $objectstore
# memstore: a capacity limit only, memory is used as data is written.
memstore device bytes = 4294967296
# bluestore (--persist): sparse block file outside the OSD data folder.
bluestore block path = $CEPH/osd-\$id.block
bluestore block create = true
bluestore block size = 21474836480
bluestore block db create = false
bluestore block wal create = false
osd memory target = 1073741824
# The OSD opens/closes the block device once per op shard at start; each close waits
# for the aio thread's poll timeout (250 ms by default).
bdev aio poll ms = 50

[client]
# A client waiting for the OSD to come up otherwise re-checks the osdmap only every 5 s.
objecter tick interval = 1

[client.rgw]
# tcp_nodelay: without it a response's body waits for the client's delayed ACK of its headers, about 40 ms on a
# kept-alive connection (every listing, copy and download the service makes).
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw enable apis = s3, admin
rgw data = $CEPH/rgw
# Without these two radosgw hangs ~300 s talking to the monitor.
ms mon client mode = crc
auth client required = none
EOF
}

# Runs a daemon in the foreground in the background; records its PID.
spawn() {
  local name=$1; shift
  nohup "$@" >"$CEPH/$name.out" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

create_cluster() {
  local objectstore=$1 uuid
  rm -rf "$CEPH"
  mkdir -p "$CEPH"/{mon,osd,run,log,crash,rgw}
  FSID=$(cat /proc/sys/kernel/random/uuid)
  MON_PORT=$((RGW_PORT + 1000))
  ((MON_PORT <= 65535)) || die "rgw port $RGW_PORT too high (monitor uses port + 1000)"
  printf 'FSID=%s\nMON_PORT=%s\nOBJECTSTORE=%s\n' "$FSID" "$MON_PORT" "$objectstore" >"$CEPH/cluster.env"
  write_conf "$objectstore"

  monmaptool --create --clobber --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$CEPH/monmap" >/dev/null
  # mkfs wants a mon. key even without cephx; it is not used afterwards.
  ceph-authtool --create-keyring "$CEPH/mon.keyring" --gen-key -n mon. >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$CEPH/monmap" --keyring "$CEPH/mon.keyring" \
    >"$CEPH/mkfs.out" 2>&1 || { cat "$CEPH/mkfs.out" >&2; die "ceph-mon --mkfs failed"; }
  spawn ceph-mon ceph-mon -f -c "$CONF" -i a

  uuid=$(cat /proc/sys/kernel/random/uuid)
  local id
  id=$(ceph_cli osd new "$uuid" 2>"$CEPH/osd-new.out") \
    || { cat "$CEPH/osd-new.out" >&2; print_logs; die "ceph osd new failed"; }
  [[ $id == 0 ]] || die "unexpected osd id '$id'"
  mkdir -p "$CEPH/osd/ceph-0"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" >>"$CEPH/mkfs.out" 2>&1 \
    || { cat "$CEPH/mkfs.out" >&2; die "ceph-osd --mkfs failed"; }
  touch "$CEPH/.created"
}

wait_http() {
  local deadline=$((SECONDS + START_TIMEOUT)) d code
  while :; do
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$RGW_PORT/" || true)
    [[ $code != 000 ]] && return 0
    for d in "${DAEMONS[@]}"; do
      live_pid "$d" >/dev/null || { print_logs; stop_all; die "$d exited during start-up"; }
    done
    if ((SECONDS >= deadline)); then
      print_logs; stop_all; die "radosgw did not answer on port $RGW_PORT within ${START_TIMEOUT}s"
    fi
    sleep 0.2
  done
}

# ensure_user <uid> <display-name> <prefix>: sets <prefix>_AK / <prefix>_SK.
ensure_user() {
  local uid=$1 display=$2 prefix=$3 info ak sk
  if info=$(rgw_admin user info --uid="$uid" 2>/dev/null); then
    # /usr/bin/python3 comes with ceph-common (and skips any pyenv shim, ~0.15 s per call).
    read -r ak sk < <(/usr/bin/python3 -c '
import json, sys
uid = sys.argv[1]
keys = [k for k in json.load(sys.stdin)["keys"] if k["user"] == uid]
print(keys[0]["access_key"], keys[0]["secret_key"]) if keys else print("", "")
' "$uid" <<<"$info")
    if [[ -z $ak ]]; then
      rgw_admin key create --uid="$uid" --key-type=s3 --gen-access-key --gen-secret >/dev/null
      ensure_user "$@"; return
    fi
  else
    # Reuse the keys of an earlier run of this state dir (stable across memstore restarts).
    local ak_var="RGW_${prefix}_ACCESS_KEY" sk_var="RGW_${prefix}_SECRET_KEY"
    ak=${OLD_ENV[$ak_var]:-$(rand_hex 10 | tr a-f A-F)}
    sk=${OLD_ENV[$sk_var]:-$(rand_hex 20)}
    # max-buckets: 0 = unlimited; a negative value would forbid creating buckets.
    rgw_admin user create --uid="$uid" --display-name="$display" --max-buckets=0 \
      --access-key="$ak" --secret-key="$sk" >/dev/null
  fi
  printf -v "${prefix}_AK" '%s' "$ak"
  printf -v "${prefix}_SK" '%s' "$sk"
}

ensure_users_and_env() {
  declare -gA OLD_ENV=()
  local line
  if [[ -f $STATE/rgw.env ]]; then
    while IFS= read -r line; do
      [[ $line == *=* ]] && OLD_ENV[${line%%=*}]=${line#*=}
    done <"$STATE/rgw.env"
  fi
  ensure_user udf-service "UserDataFeed service" SERVICE
  ensure_user udf-admin "UserDataFeed admin ops" ADMIN
  rgw_admin caps add --uid=udf-admin --caps="users=*;buckets=*" >/dev/null
  (
    umask 077
    cat >"$STATE/rgw.env.tmp" <<EOF
RGW_ENDPOINT=http://127.0.0.1:$RGW_PORT
RGW_SERVICE_ACCESS_KEY=$SERVICE_AK
RGW_SERVICE_SECRET_KEY=$SERVICE_SK
RGW_ADMIN_ACCESS_KEY=$ADMIN_AK
RGW_ADMIN_SECRET_KEY=$ADMIN_SK
EOF
  )
  chmod 600 "$STATE/rgw.env.tmp"
  mv -f "$STATE/rgw.env.tmp" "$STATE/rgw.env"
}

cmd_start() {
  local persist=$1 objectstore=memstore d running=0 all=1
  [[ $persist == 1 ]] && objectstore=bluestore

  for d in "${DAEMONS[@]}"; do
    if live_pid "$d" >/dev/null; then running=1; else all=0; fi
  done
  if ((running)); then
    if ((all)) && [[ -f $CEPH/cluster.env ]] && grep -qx "OBJECTSTORE=$objectstore" "$CEPH/cluster.env" \
        && grep -qF "endpoint=127.0.0.1:$RGW_PORT" "$CONF"; then
      log "already running in $STATE"
      ensure_users_and_env
      return 0
    fi
    log "restarting partially running / differently configured cluster in $STATE"
    stop_all
  fi

  if [[ $persist == 1 && -f $CEPH/.created ]] && grep -qx "OBJECTSTORE=bluestore" "$CEPH/cluster.env"; then
    # Persisted cluster: keep fsid and monitor port (they are baked into the monmap).
    # shellcheck disable=SC1091
    source "$CEPH/cluster.env"
    write_conf bluestore
    port_in_use "$MON_PORT" && die "monitor port $MON_PORT is already in use"
    port_in_use "$RGW_PORT" && die "rgw port $RGW_PORT is already in use"
    spawn ceph-mon ceph-mon -f -c "$CONF" -i a
  else
    port_in_use "$((RGW_PORT + 1000))" && die "monitor port $((RGW_PORT + 1000)) is already in use"
    port_in_use "$RGW_PORT" && die "rgw port $RGW_PORT is already in use"
    create_cluster "$objectstore"
  fi

  spawn ceph-osd ceph-osd -f -c "$CONF" -i 0
  spawn radosgw radosgw -f -c "$CONF" -n client.rgw
  wait_http
  ensure_users_and_env
}

# ---- main --------------------------------------------------------------------------
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
    RGW_PORT=$3
    mkdir -p "$2"
    STATE=$(cd "$2" && pwd -P); CEPH=$STATE/ceph; CONF=$CEPH/ceph.conf
    if [[ $persist == 0 && -f $CEPH/.created ]] && grep -qx "OBJECTSTORE=bluestore" "$CEPH/cluster.env"; then
      die "$CEPH holds a persistent cluster; start it with --persist, or delete that folder"
    fi
    ensure_installed
    t0=$SECONDS
    # Whatever fails from here on: don't leave half a cluster running.
    trap 'rc=$?; if ((rc)); then stop_all; fi' EXIT
    cmd_start "$persist"
    trap - EXIT
    log "radosgw up on http://127.0.0.1:$RGW_PORT ($((SECONDS - t0)) s), env in $STATE/rgw.env"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    [[ -d $2 ]] || exit 0
    STATE=$(cd "$2" && pwd -P); CEPH=$STATE/ceph; CONF=$CEPH/ceph.conf
    stop_all
    ;;
  *) usage ;;
esac
