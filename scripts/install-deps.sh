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
  python3-docx  # the tests open the 通报's DOCX with python-docx
  curl
)
# The web front end is built by the main job too (Vite needs Node.js 20.19 or newer; the machine's
# Node.js is used when present, Debian's otherwise).
command -v npm >/dev/null || packages+=(nodejs npm)
for arg in "$@"; do
  case "$arg" in
    --with-db) packages+=(postgresql postgresql-contrib) ;;
    --with-browser) packages+=(chromium fonts-noto-cjk) ;;  # CJK glyphs for headless screenshots
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
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "install-deps: Node.js $node_version is too old for the web build (Vite needs 20.19 or newer)" >&2
  exit 1
fi
