#!/usr/bin/env bash
# Command-line tools the tests call: curl (the emulator is checked with the
# reference's own curl examples). Installs only what is missing.
set -euo pipefail
command -v curl >/dev/null && exit 0
[ "$(id -u)" = 0 ] || { echo "curl is missing; install it (apt-get install curl) or run this as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq curl >/dev/null
