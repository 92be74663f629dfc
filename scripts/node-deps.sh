#!/usr/bin/env bash
# Node packages of the web editor in local mode (`./run.sh editor`) and of its browser test (decap-server),
# installed from tools/redaksi/package-lock.json (versions and integrity hashes pinned)
# into .cache/redaksi-server, again only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/redaksi-server
if cmp -s tools/redaksi/package-lock.json "$dest/package-lock.json" && [ -d "$dest/node_modules/decap-server" ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  # Debian's nodejs comes without npm (NodeSource's includes it).
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Memasang paket sistem: npm"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
mkdir -p "$dest"
cp tools/redaksi/package.json tools/redaksi/package-lock.json "$dest/"
echo "Memasang paket npm untuk editor web lokal (decap-server)…"
npm ci --prefix "$dest" --no-audit --no-fund --loglevel=error >/dev/null
