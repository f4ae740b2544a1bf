#!/bin/sh
# Makes sure Debian's PostgreSQL server binaries (initdb, pg_ctl) are
# installed, for the tests' private cluster (test/support/global-postgres.ts).
# Idempotent: installs only when they are missing. Starts nothing: the test
# set-up starts and stops its own server. Run as root on a fresh machine.
set -eu

have_server_binaries() {
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "PostgreSQL server binaries found in $dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    echo "PostgreSQL server binaries found on PATH: $(command -v initdb)"
    return 0
  fi
  return 1
}

if have_server_binaries; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "initdb and pg_ctl are missing; run this script as root to install the postgresql package." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine are empty; fetch them only then.
if ! apt-cache show postgresql >/dev/null 2>&1; then
  apt-get update
fi
# The package would start its own cluster on port 5432; the tests do not use
# it, so keep services from starting during the install (Debian's
# policy-rc.d mechanism), unless the machine already has its own policy.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get install -y --no-install-recommends postgresql

have_server_binaries || {
  echo "the postgresql package is installed but initdb/pg_ctl were not found" >&2
  exit 1
}
