#!/usr/bin/env bash
# Installs what Portcullis needs to build, run, test and measure, from Debian 12's packages (clang 14
# and its sanitizer runtimes for the ThreadSanitizer build, linux-perf for bench/profile.sh,
# postgresql-15 for the throwaway test cluster of scripts/postgres.sh, python3-aiosmtpd for the
# end-to-end suite's SMTP sink, nodejs, npm and chromium for its single sign-on suites' identity
# provider and browser; libvips-dev, libmagic-dev and python3-pil for media/ and its tests). Run as
# root.
# Skips apt entirely when everything is already there, so repeated runs are fast.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config clang-format
  clang-14 libclang-rt-14-dev
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libssl-dev libsodium-dev libargon2-dev libsqlite3-dev libqrencode-dev libpq-dev postgresql-15
  libcli11-dev libtomlplusplus-dev libspdlog-dev libhiredis-dev libcurl4-openssl-dev
  libkainjow-mustache-dev libunistring-dev libidn2-dev libzxcvbn-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pytest python3-pytest-xdist python3-requests python3-jwt python3-cryptography
  python3-pyotp python3-aiosmtpd oathtool sqlite3 redis-server wrk curl procps linux-perf chromium
  # media/: image transforms and content sniffing; Pillow judges the transforms in tests/media.
  libvips-dev libmagic-dev python3-pil
)
# Node.js and npm: a machine that has them already (e.g. a newer Node.js with its own npm, which
# conflicts with Debian's npm package) keeps them; otherwise Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]} (run this script as root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
