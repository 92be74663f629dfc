#!/usr/bin/env bash
# Debian packages the test suite needs, installed only when missing.
set -euo pipefail
packages=(git chromium fonts-dejavu-core rsync nginx libnginx-mod-http-brotli-static openssh-server nodejs)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Memasang paket sistem: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
