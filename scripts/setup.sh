#!/usr/bin/env bash
# Sets up a fresh Debian machine for deskbee-sync's tests: the system packages
# the test servers need (each scripts/test-services/*.sh, idempotent), then the
# npm dependencies and the build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

for script in scripts/test-services/*.sh; do
  [ -e "$script" ] || continue
  bash "$script"
done

npm ci --no-audit --no-fund
