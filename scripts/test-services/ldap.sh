#!/usr/bin/env bash
# Installs what the LDAP tests need (OpenLDAP slapd and tools, a Samba AD
# domain controller, ldb tools, openssl) from Debian packages, idempotently,
# and makes sure none of the packages' own daemons is left running: the tests
# start their own throwaway slapd on a free loopback port and their own Samba
# DC, which needs ports 389 and 636.
#
# Usage: scripts/test-services/ldap.sh        (as root, or with sudo available)
set -euo pipefail

PACKAGES=(slapd ldap-utils samba samba-ad-dc samba-ad-provision samba-dsdb-modules ldb-tools openssl)
# Binaries that prove each package is there (dpkg can report half-installed ones).
NEEDED_BINARIES=(slapd slapadd ldapsearch samba samba-tool ldbadd ldbsearch openssl)
# Data files that provisioning an AD domain needs (package samba-ad-provision).
NEEDED_FILES=(/usr/share/samba/setup/ad-schema/AD_DS_Attributes__Windows_Server_2012_R2.ldf)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ldap.sh: needs root (or sudo) to install: ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

missing_binaries() {
  local missing=()
  for bin in "${NEEDED_BINARIES[@]}"; do
    if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$bin" >/dev/null 2>&1; then missing+=("$bin"); fi
  done
  local file
  for file in "${NEEDED_FILES[@]}"; do
    if [ ! -e "$file" ]; then missing+=("$file"); fi
  done
  echo "${missing[*]:-}"
}

# apt may be busy with someone else's install: retry for a while instead of failing.
apt_retry() {
  local attempt
  for attempt in $(seq 1 60); do
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"; then return 0; fi
    echo "ldap.sh: apt-get $1 failed (attempt $attempt), apt is probably locked by another install; retrying in 5 s" >&2
    sleep 5
  done
  echo "ldap.sh: apt-get $* kept failing; giving up" >&2
  return 1
}

stop_package_daemons() {
  # Debian starts these on install (when an init system lets it); the tests
  # need 389/636 free and their own servers only.
  local svc
  for svc in slapd samba-ad-dc samba smbd nmbd winbind; do
    if [ -x "/etc/init.d/$svc" ]; then $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      $SUDO systemctl stop "$svc" >/dev/null 2>&1 || true
      $SUDO systemctl disable "$svc" >/dev/null 2>&1 || true
      $SUDO systemctl mask "$svc" >/dev/null 2>&1 || true
    fi
  done
  # Daemons started by the packages' scripts record their pids here; stop
  # exactly those processes (never by name).
  local pidfile pid
  for pidfile in /run/slapd/slapd.pid /var/run/slapd/slapd.pid /run/samba/samba.pid /run/samba/smbd.pid \
                 /run/samba/nmbd.pid /run/samba/winbindd.pid; do
    if [ -f "$pidfile" ]; then
      pid="$(cat "$pidfile" 2>/dev/null || true)"
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then $SUDO kill "$pid" 2>/dev/null || true; fi
    fi
  done
}

if [ -n "$(missing_binaries)" ]; then
  echo "ldap.sh: installing ${PACKAGES[*]} (missing: $(missing_binaries))" >&2
  # slapd: do not create a default database (we never use the system one).
  echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
  # Refresh the package lists when they are absent or older than a day.
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
    apt_retry update -q
  fi
  apt_retry install -y -q --no-install-recommends "${PACKAGES[@]}"
  stop_package_daemons
  if [ -n "$(missing_binaries)" ]; then
    echo "ldap.sh: still missing after install: $(missing_binaries)" >&2
    exit 1
  fi
else
  stop_package_daemons
fi

# Report what would stop the Samba test DC from starting.
if command -v ss >/dev/null 2>&1; then
  busy="$(ss -ltnH '( sport = :389 or sport = :636 )' 2>/dev/null || true)"
  if [ -n "$busy" ]; then
    echo "ldap.sh: warning: ports 389/636 are in use; the Samba AD tests need them free:" >&2
    echo "$busy" >&2
  fi
fi
echo "ldap.sh: slapd, ldap-utils, samba (AD DC), ldb-tools and openssl are installed" >&2
