#!/usr/bin/env bash
# Installs Debian's Chromium, which the HTML report tests and
# `npm run report:screenshot` drive headless through playwright-core (no
# browser is downloaded by npm). Idempotent: does nothing when
# /usr/bin/chromium is there already.
#
# Usage: scripts/test-services/chromium.sh        (as root, or with sudo available)
set -euo pipefail

CHROMIUM=/usr/bin/chromium
# The browser, and a sans-serif font so reports and screenshots render text.
PACKAGES=(chromium fonts-dejavu-core)

if [ -x "$CHROMIUM" ]; then
  echo "chromium.sh: $("$CHROMIUM" --version 2>/dev/null || echo chromium) is installed" >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium.sh: needs root (or sudo) to install: ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

# apt may be busy with someone else's install: retry for a while instead of failing.
apt_retry() {
  local attempt
  for attempt in $(seq 1 60); do
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"; then return 0; fi
    echo "chromium.sh: apt-get $1 failed (attempt $attempt), apt is probably locked by another install; retrying in 5 s" >&2
    sleep 5
  done
  echo "chromium.sh: apt-get $* kept failing; giving up" >&2
  return 1
}

echo "chromium.sh: installing ${PACKAGES[*]}" >&2
# Refresh the package lists when they are absent or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
  apt_retry update -q
fi
apt_retry install -y -q --no-install-recommends "${PACKAGES[@]}"

if [ ! -x "$CHROMIUM" ]; then
  echo "chromium.sh: $CHROMIUM is still missing after installing ${PACKAGES[*]}" >&2
  exit 1
fi
echo "chromium.sh: $("$CHROMIUM" --version 2>/dev/null || echo chromium) is installed" >&2
