#!/usr/bin/env bash
# Debian packages the test suite needs, installed only when missing.
# A busy package manager (an unattended upgrade holding the dpkg/apt lock) is waited for,
# up to APT_LOCK_WAIT seconds (default 900), instead of failing at once.
set -euo pipefail
packages=(git chromium fonts-dejavu-core rsync nginx libnginx-mod-http-brotli-static openssh-server nodejs openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
limit="${APT_LOCK_WAIT:-900}"
pause="${APT_LOCK_PAUSE:-5}"
started=$(date +%s)

# apt-get, retried while another process holds the dpkg/apt lock.
apt_get() {
  local log told=""
  log="$(mktemp)"
  while true; do
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=10 "$@" >"$log" 2>&1; then
      rm -f "$log"; return 0
    fi
    if ! grep -qiE "could not get lock|unable to acquire the dpkg frontend lock|unable to lock|is another process using it" "$log"; then
      cat "$log" >&2; rm -f "$log"; return 1
    fi
    waited=$(( $(date +%s) - started ))
    if [ "$waited" -ge "$limit" ]; then
      echo "Pengelola paket (dpkg/apt) masih dipakai proses lain setelah ${waited} detik; paket sistem belum terpasang." >&2
      echo "Tunggu pembaruan otomatis selesai (lihat: ps aux | grep -E 'apt|dpkg'), lalu jalankan lagi ./run.sh test." >&2
      echo "Batas waktu tunggu diatur dengan APT_LOCK_WAIT=<detik>." >&2
      rm -f "$log"; return 1
    fi
    if [ -z "$told" ]; then
      echo "Pengelola paket sedang dipakai proses lain (mis. pembaruan otomatis); menunggu paling lama ${limit} detik…" >&2
      told=1
    fi
    sleep "$pause"
  done
}

echo "Memasang paket sistem untuk pengujian: ${missing[*]} (sekali saja; beberapa menit, tergantung jaringan)"
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}"
echo "Paket sistem terpasang dalam $(( $(date +%s) - started )) detik."
