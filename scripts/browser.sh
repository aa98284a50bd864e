#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (Playwright drives it; its own browser download is not
# reachable here). Does nothing when /usr/bin/chromium is already there. apt-get runs through sudo when not root.
set -euo pipefail
[[ -x /usr/bin/chromium ]] && exit 0
apt=(apt-get)
[[ $EUID -eq 0 ]] || apt=(sudo --preserve-env=DEBIAN_FRONTEND apt-get)
export DEBIAN_FRONTEND=noninteractive
echo "installing chromium for the browser tests (apt-get)…" >&2
log=$(mktemp)
if ! "${apt[@]}" -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >"$log" 2>&1; then
  "${apt[@]}" -o DPkg::Lock::Timeout=300 update -qq >>"$log" 2>&1 \
    && "${apt[@]}" -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >>"$log" 2>&1 \
    || { tail -n 30 "$log" >&2; rm -f "$log"; echo "apt-get install chromium failed" >&2; exit 1; }
fi
rm -f "$log"
