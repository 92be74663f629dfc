#!/usr/bin/env bash
# One entry point for a fresh machine (Python 3.11 and Debian's packages).
#   ./run.sh serve        set up .venv, build the sample site, serve it on http://127.0.0.1:8000
#   ./run.sh test         set up .venv and the test tools, run the whole test suite
#   ./run.sh <task> ...   any invoke task, e.g. ./run.sh check, ./run.sh new berita --opd dinkes --judul "…"
#   ./run.sh help         the tasks; ./run.sh <task> --help explains one
set -euo pipefail
export SITUS_DAERAH_DARI="$PWD"  # where it was called from (a relative --folder of situs-baru), for this run only
cd "$(dirname "$0")"
# Text files are UTF-8 whatever the machine's locale says.
export PYTHONUTF8=1 LC_ALL=C.UTF-8 LANG=C.UTF-8

# The virtual environment: .venv here, or SITUS_DAERAH_VENV (e.g. one shared by several sites).
VENV="${SITUS_DAERAH_VENV:-.venv}"

python_bin() {
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$py"; return
    fi
  done
  echo "Python 3.11 atau lebih baru dibutuhkan (apt-get install python3)." >&2
  exit 1
}

# install_lock LOCK WHAT SIZE [HOW LONG]: install a hashed lock file into .venv whenever it
# changed since the last install, saying what and how long the first time.
install_lock() {
  local lock="$1" what="$2" size="$3" long="${4:-1–5 menit}" started
  cmp -s "$lock" "$VENV/.$lock" && return 0
  started=$(date +%s)
  echo "Memasang $what dari $lock ($(grep -c '==' "$lock") paket, sekitar $size; $long pada pemasangan pertama, tergantung jaringan)…" >&2
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q --require-hashes -r "$lock"
  cp "$lock" "$VENV/.$lock"
  echo "Selesai dalam $(( $(date +%s) - started )) detik." >&2
}

# serve/build/check... need the runtime set only; test adds the test tools (a superset:
# tests/test_locks.py keeps the shared pins equal).
setup_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Membuat lingkungan Python $VENV (sekali saja)…" >&2
    "$(python_bin)" -m venv "$VENV"
  fi
  if [ "${1:-}" = test ]; then
    install_lock requirements-test.lock "paket situs dan alat uji (pytest, Playwright)" "350 MB"
    cp requirements.lock "$VENV/.requirements.lock"
  elif [[ "${1:-}" =~ ^(deploy|rollback|releases)$ ]] && ! cmp -s requirements.lock "$VENV/.requirements.lock"; then
    # Uploading and switching releases need the task runner only (a rollback job in CI
    # starts in seconds, not after the whole runtime set is installed).
    install_lock requirements-deploy.lock "paket untuk deploy dan rollback" "1 MB" "beberapa detik"
  else
    install_lock requirements.lock "paket untuk membangun situs" "160 MB"
  fi
}

task="${1:-serve}"
shift || true
# Help needs the runtime set only: `./run.sh test --help` installs no test tools first.
for arg in "$@"; do
  case "$arg" in
    -h|--help) setup_venv help; exec "$VENV/bin/python" tasks.py "$task" "$@" ;;
  esac
done
setup_venv "$task"
# The kit's own modules compiled once each time they change, as pip compiles the packages it
# installs, also where PYTHONDONTWRITEBYTECODE keeps Python from writing them as it imports
# (container images often set it): otherwise every command, every build and every restart of
# the preview's build process compiles them again, about 0.2 s each. A folder that cannot be
# written to only loses that time.
if [ -n "${PYTHONDONTWRITEBYTECODE:-}" ]; then
  "$VENV/bin/python" -m compileall -q plugins tasks.py tools >/dev/null 2>&1 || true
fi
# The tasks of tasks.py through invoke, with help and command-line errors in Indonesian
# (plugins/common/cli.py).
tasks=("$VENV/bin/python" tasks.py)
case "$task" in
  help|-h|--help)
    exec "${tasks[@]}" --help
    ;;
  serve)
    exec "${tasks[@]}" serve "$@"
    ;;
  test)
    # The kit's suite needs Debian's chromium, nginx, sshd... and decap-server; a site's own
    # tests (SITUS, tests/situs/) get the test lock's Python tools only.
    if [ -z "${SITUS:-}" ]; then
      bash scripts/system-deps.sh
      bash scripts/node-deps.sh
    fi
    exec "${tasks[@]}" test "$@"
    ;;
  *)
    exec "${tasks[@]}" "$task" "$@"
    ;;
esac
