#!/usr/bin/env bash
# Installs the Debian 12 packages moneytrail needs, only those missing.
# Sourced by tools/demo.sh and tools/test.sh; safe to run again and again.
set -euo pipefail

MONEYTRAIL_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  librocksdb-dev libboost-graph-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  libssl-dev libgtest-dev libgmock-dev
  libhpdf-dev fonts-dejavu-core poppler-utils libxml2-dev
  openmpi-bin libopenmpi-dev libboost-mpi-dev
)

moneytrail_install_deps() {
  local missing=()
  for p in "${MONEYTRAIL_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "moneytrail: installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The web UI's packages (tools/serve/web/package-lock.json): cytoscape.js for
# the link chart and playwright-core for the browser test, from the npm
# registry at build time, never from a CDN. Node.js and npm come from Debian
# when the machine has none. Skipped when node_modules matches the lockfile.
moneytrail_install_web_deps() {
  if ! command -v npm >/dev/null 2>&1; then
    moneytrail_install_deps nodejs npm
  fi
  local web=tools/serve/web
  if [ -f "$web/node_modules/.package-lock.json" ] &&
     [ "$web/node_modules/.package-lock.json" -nt "$web/package-lock.json" ]; then
    return 0
  fi
  echo "moneytrail: installing the web UI's npm packages (npm ci in $web)" >&2
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
