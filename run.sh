#!/usr/bin/env bash
# One entry point for a fresh machine (Python 3.11 and Debian's packages).
#   ./run.sh serve        set up .venv, build the sample site, serve it on http://127.0.0.1:8000
#   ./run.sh test         set up .venv and the test tools, run the whole test suite
#   ./run.sh <task> ...   any invoke task, e.g. ./run.sh check, ./run.sh new berita --opd dinkes --judul "…"
set -euo pipefail
cd "$(dirname "$0")"
# Text files are UTF-8 whatever the machine's locale says.
export PYTHONUTF8=1 LC_ALL=C.UTF-8 LANG=C.UTF-8

python_bin() {
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$py"; return
    fi
  done
  echo "Python 3.11 atau lebih baru dibutuhkan (apt-get install python3)." >&2
  exit 1
}

setup_venv() {
  if [ ! -x .venv/bin/python ]; then
    "$(python_bin)" -m venv .venv
  fi
  # Install the locked set whenever the lock file changed since the last install.
  if ! cmp -s requirements.lock .venv/.requirements.lock; then
    .venv/bin/python -m pip install --disable-pip-version-check -q --require-hashes -r requirements.lock
    cp requirements.lock .venv/.requirements.lock
  fi
}

task="${1:-serve}"
shift || true
setup_venv
case "$task" in
  serve)
    exec .venv/bin/invoke serve "$@"
    ;;
  test)
    bash scripts/system-deps.sh
    bash scripts/node-deps.sh
    exec .venv/bin/invoke test "$@"
    ;;
  *)
    exec .venv/bin/invoke "$task" "$@"
    ;;
esac
