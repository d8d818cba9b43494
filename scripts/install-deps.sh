#!/usr/bin/env bash
# The one place that lists the Debian packages Zhenxing needs (README and .ci/run both call it).
# Usage: scripts/install-deps.sh [--with-db] [--with-browser] [--with-bench]
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev
  libsodium-dev libssl-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
for arg in "$@"; do
  case "$arg" in
    --with-db) packages+=(postgresql postgresql-contrib) ;;
    --with-browser) packages+=(chromium); command -v npm >/dev/null || packages+=(nodejs npm) ;;
    --with-bench) packages+=(wrk hyperfine) ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
