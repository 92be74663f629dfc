"""Releases on a web server: upload, atomic switch, check, rollback, pruning.

Layout at the target (``user@host:/srv/situs`` or ``ssh://user@host:2222/srv/situs``
over SSH, or a local path)::

    /srv/situs/releases/20261122-050000/   one complete site per deploy
    /srv/situs/current -> releases/20261122-050000   the web server's root
    /srv/situs/.deploy.lock                 held by the deploy or rollback running now
    /srv/situs/.catatan/<name>.asal         what a release was built from (commit, CI run)
    /srv/situs/.catatan/<name>.ditolak      a release a rollback left

A deploy takes the lock at the target (a second deploy waits for it, up to
``lock_wait`` seconds, then stops), uploads the built site with ``rsync -a --no-times
--checksum --delete`` into ``releases/.unggah-<name>``, hard-linking files whose bytes
are unchanged since the current release (``--link-dest``; build times are ignored, as
every build rewrites every file). Only a complete upload is renamed to
``releases/<name>``; then ``current`` is pointed at it by creating a new symlink under
a temporary name and renaming it over ``current`` (``mv -T``, one rename(2)): a request
sees either the old site or the new one, never a mix or nothing. An upload cut off
half-way is deleted at once, or by the next deploy when the connection is gone; it
never has a release's name. When a public address is given (``check_url``), a few
pages are fetched through it after the switch and compared with what was uploaded; on
a difference ``current`` goes back to the previous release. The newest ``keep``
releases stay (the live one always does); ``rollback`` points ``current`` at the
release before it. The commands that run at the target are the same shell scripts
locally and over SSH.

A connection that stalls is given up on: ssh sends keep-alives every
``keepalive`` seconds and gives up after ``keepalive_count`` unanswered ones, and
rsync stops when no data moved for ``timeout`` seconds.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import shlex
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from common.urls import CREDENTIALS

REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.+)$")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
RELEASE_NAME = re.compile(r"\d{8}-\d{6}(?:-\d{3})?")  # new_release_name's
# What a publish build's home page has and a preview build's has not: an absolute
# canonical address (publishconf.py's SITEURL), in a <link> tag written any way HTML allows.
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
CANONICAL = re.compile(r"""\brel\s*=\s*["']?canonical\b""", re.I)
ABSOLUTE_HREF = re.compile(r"""\bhref\s*=\s*["']?\s*https?://""", re.I)


def published(home: str) -> bool:
    """Whether a home page's HTML carries an absolute canonical link (comments aside)."""
    home = re.sub(r"(?s)<!--.*?-->", "", home)
    return any(CANONICAL.search(tag) and ABSOLUTE_HREF.search(tag) for tag in LINK_TAG.findall(home))
PARTIAL = ".unggah-"
# Exit codes of rsync (man rsync, EXIT VALUES) and ssh.
LOST = {10, 12, 35, 255}  # socket I/O, stream error, daemon timeout, ssh: connection
INTERRUPTED = 20  # rsync got SIGINT or SIGTERM: Ctrl-C, a cancelled CI job
STALLED = {30}  # --timeout: no data moved
FILE_IO = 11  # error in file I/O: the receiver could not write


class DeployError(Exception):
    """A deploy or rollback that could not be done; the message is for the operator."""


def int_env(environ, name: str, default: int, unit: str = "detik") -> int:
    """A whole number from the environment (``default`` when unset), or an Indonesian error."""
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DeployError(f"{name}={raw!r}: harus bilangan bulat{' ' + unit if unit else ''}, mis. {name}={default}.") from None
    if value < 0:
        raise DeployError(f"{name}={raw!r}: tidak boleh negatif.")
    return value


@dataclass(frozen=True)
class Options:
    """How to reach the target; every field has a DEPLOY_* environment variable."""

    ssh: str = "ssh"  # DEPLOY_SSH
    keepalive: int = 15  # DEPLOY_KEEPALIVE: seconds between ssh keep-alives
    keepalive_count: int = 4  # DEPLOY_KEEPALIVE_COUNT: unanswered keep-alives before giving up
    timeout: int = 60  # DEPLOY_TIMEOUT: rsync --timeout and ssh ConnectTimeout, seconds
    lock_wait: int = 300  # DEPLOY_LOCK_WAIT: seconds to wait for another deploy
    check_url: str = ""  # DEPLOY_CHECK_URL, else SITEURL; "-" turns the check off
    check_off: bool = False  # DEPLOY_CHECK_URL is "-": no check, and nothing said about it

    @classmethod
    def from_env(cls, environ=None) -> "Options":
        env = os.environ if environ is None else environ
        check = (env.get("DEPLOY_CHECK_URL") or "").strip() or (env.get("SITEURL") or "").strip()
        return cls(
            ssh=(env.get("DEPLOY_SSH") or "").strip() or "ssh",
            keepalive=max(int_env(env, "DEPLOY_KEEPALIVE", cls.keepalive), 1),
            keepalive_count=max(int_env(env, "DEPLOY_KEEPALIVE_COUNT", cls.keepalive_count), 1),
            timeout=max(int_env(env, "DEPLOY_TIMEOUT", cls.timeout), 1),
            lock_wait=int_env(env, "DEPLOY_LOCK_WAIT", cls.lock_wait),
            check_url="" if check == "-" else check,
            check_off=check == "-",
        )

    @property
    def gives_up_after(self) -> int:
        """Seconds of silence after which a stalled connection is dropped."""
        return max(self.keepalive * self.keepalive_count, self.timeout)


def _host(spec: str, host: str) -> str:
    """``user@host`` as ssh and rsync take it: one that begins with ``-`` would be read as
    an option (``-oProxyCommand=…`` runs a command on this machine)."""
    if host.startswith("-") or any(c.isspace() for c in host):
        raise DeployError(f"DEPLOY_TARGET {spec!r}: nama pengguna atau server tidak boleh diawali tanda minus atau "
                          "memuat spasi; tulis user@host:/srv/situs, mis. deploy@web1.sukamajukab.go.id:/srv/situs.")
    return host


@dataclass(frozen=True)
class Target:
    host: str | None  # None: a local path
    path: str  # absolute folder at the target
    ssh: str = "ssh"
    port: int | None = None
    options: Options = field(default_factory=Options)

    @classmethod
    def parse(cls, spec: str, ssh: str | None = None, options: Options | None = None) -> "Target":
        options = options or Options()
        if ssh is not None:
            options = replace(options, ssh=ssh)
        spec = (spec or "").strip()
        if not spec:
            raise DeployError(
                "DEPLOY_TARGET kosong: isi dengan user@host:/srv/situs, ssh://user@host:2222/srv/situs atau folder lokal."
            )
        if spec.startswith("ssh://"):
            url = urllib.parse.urlsplit(spec)
            try:
                port = url.port
            except ValueError:
                port = -1
            if not url.hostname or port == -1 or not url.path.startswith("/") or url.path == "/":
                raise DeployError(
                    f"DEPLOY_TARGET {spec!r}: tulis ssh://user@host:port/folder/absolut, mis. ssh://deploy@web1:2222/srv/situs."
                )
            host = f"{url.username}@{url.hostname}" if url.username else url.hostname
            return cls(_host(spec, host), url.path.rstrip("/"), options.ssh, port, options)
        m = REMOTE.match(spec)
        if m and not os.path.isabs(spec):
            path = m["path"]
            if not path.startswith("/"):
                raise DeployError(f"DEPLOY_TARGET {spec!r}: folder di server harus absolut, mis. user@host:/srv/situs.")
            return cls(_host(spec, m["host"]), path.rstrip("/") or "/", options.ssh, None, options)
        if not os.path.isabs(spec):
            # "deploy@web1/srv/situs" (its colon missing) would be a folder here, reported done.
            raise DeployError(f"DEPLOY_TARGET {spec!r}: bukan alamat server (user@host:/folder atau "
                              "ssh://user@host:port/folder) dan bukan folder absolut di mesin ini (mis. /srv/situs).")
        return cls(None, str(Path(spec).resolve()), options.ssh, None, options)

    def ssh_argv(self) -> list[str]:
        """The ssh command with the port and the stall limits (before the host)."""
        o = self.options
        argv = shlex.split(self.ssh)
        if self.port:
            argv += ["-p", str(self.port)]
        return argv + [
            "-o", f"ServerAliveInterval={o.keepalive}",
            "-o", f"ServerAliveCountMax={o.keepalive_count}",
            "-o", f"ConnectTimeout={o.timeout}",
        ]

    def argv(self, script: str, *args: str) -> list[str]:
        argv = ["sh", "-c", script, "sh", *args]
        if self.host:
            argv = [*self.ssh_argv(), self.host, " ".join(shlex.quote(a) for a in argv)]
        return argv

    def sh(self, script: str, *args: str) -> str:
        """Run a POSIX shell script at the target with positional ``args``; its stdout."""
        proc = subprocess.run(self.argv(script, *args), stdin=subprocess.DEVNULL, capture_output=True, encoding="utf-8", errors="replace")
        if proc.returncode:
            if self.host and proc.returncode == 255:
                raise DeployError(
                    f"Tidak bisa terhubung ke {self} lewat SSH: {proc.stderr.strip()}. "
                    "Periksa alamat, port, kunci dan known_hosts (DEPLOY_TARGET, DEPLOY_SSH), lalu ulangi."
                )
            raise DeployError(f"Perintah di {self} gagal ({proc.returncode}): {proc.stderr.strip()}")
        return proc.stdout

    def rsync_dest(self, folder: str) -> str:
        return f"{self.host}:{folder}" if self.host else folder

    def __str__(self):
        if self.host and self.port:
            return f"ssh://{self.host}:{self.port}{self.path}"
        return f"{self.host}:{self.path}" if self.host else self.path


# $1 = target folder, $2 = "clean" to delete uploads left half-way (only under the
# lock; the folder is made if missing), else nothing is written. Prints the release
# `current` points at (empty if none), then every release, oldest first, each followed
# by " ditolak" when a rollback left it (its mark: .catatan/<name>.ditolak).
STATE = r"""
set -eu
if [ "${2:-}" = clean ]; then mkdir -p "$1/releases"; rm -rf "$1/releases/".unggah-*; fi
cur=""
if [ -L "$1/current" ]; then cur=$(basename "$(readlink "$1/current")");
elif [ -e "$1/current" ]; then echo "!bukan-tautan"; exit 0; fi
echo "$cur"
[ -d "$1/releases" ] || exit 0
cd "$1/releases"
for r in *; do
  [ -d "$r" ] && [ ! -L "$r" ] || continue
  if [ -e "../.catatan/$r.ditolak" ]; then echo "$r ditolak"; else echo "$r"; fi
done | sort
"""
REJECTED = " ditolak"

# $1 = target folder, $2 = release name, $3 = the upload's folder name (optional):
# the complete upload becomes the release, then the atomic switch of `current`.
SWITCH = r"""
set -eu
if [ -n "${3:-}" ]; then mv -T "$1/releases/$3" "$1/releases/$2"; fi
[ -d "$1/releases/$2" ]
ln -sfn "releases/$2" "$1/.current.tmp"
mv -T "$1/.current.tmp" "$1/current"
"""

# $1 = target folder, then the release names to delete.
PRUNE = r"""
set -eu
dir="$1"; shift
for r in "$@"; do rm -rf "$dir/releases/$r" "$dir/.catatan/$r.ditolak" "$dir/.catatan/$r.asal"; done
"""

# $1 = target folder, then two folders under releases/: how many entries (files, links,
# folders) each holds.
COUNT = r"""
set -eu
for r in "$2" "$3"; do find "$1/releases/$r" | wc -l; done
"""

# $1 = target folder, $2 = release name, $3 = where it came from (``origin``).
NOTE = r"""
set -eu
mkdir -p "$1/.catatan"
printf '%s\n' "$3" > "$1/.catatan/$2.asal"
"""

# $1 = target folder. Each release with what it came from: "<name> <origin>".
NOTES = r"""
set -eu
[ -d "$1/.catatan" ] || exit 0
cd "$1/.catatan"
for f in *.asal; do [ -f "$f" ] && printf '%s %s\n' "${f%.asal}" "$(head -c 300 "$f" | head -n 1)"; done
exit 0
"""

# $1 = target folder, $2 = the release a rollback leaves: never chosen by a rollback again,
# pruned before the others.
REJECT = r"""
set -eu
mkdir -p "$1/.catatan"
: > "$1/.catatan/$2.ditolak"
"""
UNREJECT = r"""
rm -f "$1/.catatan/$2.ditolak"
"""

# $1 = target folder, $2 = seconds to wait for the lock, $3 = seconds without a
# heartbeat line on stdin after which the holder is taken for gone. Holds an flock on
# .deploy.lock while the deploy sends its heartbeats; released when they stop (the
# deploy ended, or its connection died).
LOCK = r"""
set -eu
mkdir -p "$1/releases"
# The folder and releases/ writable, found before the upload (the switch writes beside current).
for d in "$1" "$1/releases"; do : > "$d/.tulis-uji.$$"; rm -f "$d/.tulis-uji.$$"; done
exec 9>>"$1/.deploy.lock"
if ! flock -n 9; then
  echo WAIT
  flock -w "$2" 9 || { echo BUSY; exit 0; }
fi
echo LOCKED
while line=$(timeout "$3" head -n 1) && [ -n "$line" ]; do :; done
"""


def state(target: Target, clean: bool = False) -> tuple[str, list[str], set[str]]:
    """(the live release, every release oldest first, those a rollback left)."""
    lines = target.sh(STATE, target.path, "clean" if clean else "").splitlines()
    if lines[:1] == ["!bukan-tautan"]:
        # A site put there by hand before: found before any upload, not after it.
        raise DeployError(f"{target.path}/current di {target} adalah folder atau berkas biasa, bukan tautan ke rilis. "
                          f"Pindahkan dulu (mis. mv {target.path}/current {target.path}/situs-lama), arahkan root "
                          f"nginx ke {target.path}/current, lalu jalankan deploy lagi. Belum ada yang diunggah.")
    # Releases are the folders named as deploys name them: another folder (a backup put
    # there by hand) is none, and is left alone.
    named = [l for l in lines[1:] if RELEASE_NAME.fullmatch(l.removesuffix(REJECTED))]
    current = lines[0] if lines else ""
    return current, [l.removesuffix(REJECTED) for l in named], {l.removesuffix(REJECTED) for l in named if l.endswith(REJECTED)}


@contextmanager
def locked(target: Target, log=print, action: str = "deploy"):
    """Hold the target's deploy lock; another holder is waited for up to lock_wait s."""
    o = target.options
    beat = max(min(o.keepalive, 10), 1)
    proc = subprocess.Popen(
        target.argv(LOCK, target.path, str(o.lock_wait), str(beat * 3 + 5)),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8", errors="replace",
    )
    stop = threading.Event()

    def heartbeat():
        while not stop.wait(beat):
            try:
                proc.stdin.write("x\n")
                proc.stdin.flush()
            except (OSError, ValueError):
                return

    try:
        line = proc.stdout.readline().strip()
        if line == "WAIT":
            log(f"Deploy lain sedang berjalan di {target}; menunggu paling lama {o.lock_wait} detik …")
            line = proc.stdout.readline().strip()
        if line == "BUSY":
            raise DeployError(
                f"Deploy atau rollback lain sedang berjalan di {target} (kunci {target.path}/.deploy.lock) dan belum "
                f"selesai setelah {o.lock_wait} detik. Situs yang tayang tidak diubah. Tunggu itu selesai, lalu "
                f"jalankan {action} lagi (DEPLOY_LOCK_WAIT mengatur lama menunggu)."
            )
        if line != "LOCKED":
            proc.stdin.close()
            err = proc.stderr.read().strip()
            proc.wait()
            if target.host and proc.returncode == 255:
                raise DeployError(
                    f"Tidak bisa terhubung ke {target} lewat SSH: {err}. Periksa alamat, port, kunci dan known_hosts "
                    "(DEPLOY_TARGET, DEPLOY_SSH), lalu ulangi."
                )
            if REFUSED.search(err):
                raise DeployError(
                    f"Server menolak menulis di {target.path} (folder tidak boleh ditulis pengguna deploy, sistem berkas "
                    f"hanya-baca, atau disk penuh): {err}. Situs yang tayang tidak diubah. Jadikan pengguna deploy "
                    f"pemilik folder itu (mis. sudo chown -R deploy {target.path}) atau kosongkan ruang disk, lalu ulangi.")
            raise DeployError(f"Tidak bisa mengunci {target.path}/.deploy.lock di {target} ({proc.returncode}): {err}")
        t = threading.Thread(target=heartbeat, daemon=True)
        t.start()
        yield
    finally:
        stop.set()
        try:
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def new_release_name(existing: list[str], now: dt.datetime | None = None) -> str:
    """A UTC timestamp; names sort in deploy order (a suffix when one second holds two)."""
    base = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%d-%H%M%S")
    latest = max(existing, default="")
    name, n = base, 1
    # Within one second: a suffix after the newest (older ones may be pruned already).
    while name in existing or (latest.startswith(base) and name <= latest):
        if n > 999:
            raise DeployError(f"Terlalu banyak rilis dalam satu detik ({base}).")
        name, n = f"{base}-{n:03d}", n + 1
    if latest and name < latest:
        raise DeployError(f"Rilis {name} lebih lama dari {latest}: periksa jam mesin ini.")
    return name


def to_prune(releases: list[str], current: str, keep: int, rejected=frozenset()) -> list[str]:
    """The releases beyond ``keep``, never the live one: those a rollback left first, then
    the oldest."""
    keep = max(int(keep), 1)
    order = sorted(r for r in releases if r != current)
    order = [r for r in order if r in rejected] + [r for r in order if r not in rejected]
    return sorted(order[:max(len(releases) - keep, 0)])


REFUSED = re.compile(r"No space left|Disk quota|Read-only file system|Permission denied|File too large", re.I)


def upload_error(target: Target, code: int, stderr: str, live: str, leftover: bool) -> DeployError:
    """What went wrong with an upload, what is live now and what to do, in Indonesian."""
    o = target.options
    detail = " ".join(stderr.split())[-600:]
    live_text = f"Situs yang tayang tetap rilis {live}" if live else "Belum ada rilis yang tayang"
    rest = (
        f"; unggahan setengah jadi tertinggal di {target.path}/releases/{PARTIAL}… dan akan dihapus oleh deploy berikutnya."
        if leftover else "; unggahan setengah jadi sudah dihapus."
    )
    if REFUSED.search(stderr) or code == FILE_IO:
        what = (f"Server menolak menulis di {target.path} (disk penuh atau folder tidak boleh ditulis). "
                f"Kosongkan ruang disk atau perbaiki hak akses folder itu, lalu jalankan deploy lagi")
    elif code in STALLED or "not responding" in stderr or "Timeout" in stderr:
        what = (f"Koneksi ke {target} macet: tidak ada data yang lewat selama {o.gives_up_after} detik, "
                "unggahan dihentikan. Periksa jaringan ke server, lalu jalankan deploy lagi "
                "(DEPLOY_TIMEOUT, DEPLOY_KEEPALIVE dan DEPLOY_KEEPALIVE_COUNT mengatur batasnya)")
    elif code == INTERRUPTED:
        what = "Unggahan dihentikan (Ctrl-C, atau job CI dibatalkan). Jalankan deploy lagi bila ingin menerbitkannya"
    elif code in LOST:
        what = (f"Koneksi ke {target} terputus di tengah unggahan. Periksa jaringan ke server, "
                "lalu jalankan deploy lagi")
    else:
        what = "Unggahan gagal. Perbaiki penyebabnya, lalu jalankan deploy lagi"
    return DeployError(f"{what}. {live_text}{rest} (rsync keluar dengan kode {code}: {detail})")


STATS = re.compile(r"^Total bytes sent:\s*([\d,.]+)", re.M)


def _bytes_sent(stdout: str) -> int | None:
    m = STATS.search(stdout)
    return int(re.sub(r"[,.]", "", m[1])) if m else None


def page_url(base: str, rel: str) -> str:
    rel = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
    return base.rstrip("/") + "/" + urllib.parse.quote(rel)


def pages_to_check(source: Path, changed: list[str], n: int = 3) -> list[str]:
    """The home page and up to ``n`` HTML pages this release changed (not the 404 page,
    which servers keep for errors)."""
    pages = ["index.html"]
    for rel in sorted(changed):
        if rel.endswith(".html") and rel not in pages and rel != "404.html" and (source / rel).is_file():
            pages.append(rel)
        if len(pages) > n:
            break
    return pages


def _end_with_parent():
    """In the forked rsync: receive SIGTERM when the deploy's process dies (Linux)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def check_live(base: str, source: Path, pages: list[str], timeout: int = 15) -> list[str]:
    """What differs between the pages served at ``base`` and the uploaded files."""
    problems = []
    for rel in pages:
        url = page_url(base, rel)
        req = urllib.request.Request(url, headers={"Cache-Control": "no-cache", "Accept-Encoding": "identity"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            problems.append(f"{url}: {getattr(exc, 'reason', exc)}")
            continue
        if body != (source / rel).read_bytes():
            problems.append(f"{url}: isinya berbeda dari {rel} yang diunggah")
    return problems


def deploy(source, target_spec: str, keep: int = 5, ssh: str | None = None, log=print,
           options: Options | None = None) -> str:
    """Upload ``source`` as a new release at the target and make it live; its name. When
    it holds exactly the live release's files and bytes, no release is made: the live
    one's name."""
    target = Target.parse(target_spec, ssh, options)
    o = target.options
    source = Path(source)
    if not (source / "index.html").is_file():
        raise DeployError(f"{source} belum berisi situs (index.html tidak ada): jalankan dulu `./run.sh publish`.")
    if not published((source / "index.html").read_text(encoding="utf-8", errors="replace")[:50000]):
        raise DeployError(f"{source} dibangun untuk pratinjau (`./run.sh build`), bukan untuk diterbitkan: alamatnya "
                          "tidak mutlak, tanpa umpan, sitemap.xml dan salinan terkompresi, dan editornya menunjuk ke "
                          "komputer ini. Jalankan `./run.sh publish`, lalu deploy lagi. Situs yang tayang tidak diubah.")
    if o.check_url and CREDENTIALS.match(o.check_url):
        # Not shown: the check would not use it (urllib takes no password from an address)
        # and every message naming the address would print it into CI's log.
        raise DeployError("DEPLOY_CHECK_URL/SITEURL memuat nama pengguna atau sandi sebelum @; pemeriksaan tidak "
                          "memakainya dan pesannya akan menampilkannya di log CI. Tulis alamat tanpa bagian itu "
                          "(pemeriksaan lewat alamat yang dijaga sandi tidak didukung), atau '-' untuk mematikan "
                          "pemeriksaan. Belum ada yang diunggah.")
    if o.check_url and not re.match(r"^https?://", o.check_url):
        # Said before anything moves: after the switch the release would be live, unchecked.
        raise DeployError(f"DEPLOY_CHECK_URL/SITEURL {o.check_url!r}: harus alamat http(s)://…, atau '-' untuk mematikan "
                          "pemeriksaan. Belum ada yang diunggah.")
    with locked(target, log):
        current, releases, rejected = state(target, clean=True)
        name = new_release_name(releases)
        partial = PARTIAL + name
        dest = f"{target.path}/releases/{partial}"
        # --no-times: every build writes its files anew, so build times say nothing; without
        # them --link-dest hard-links each file whose bytes are unchanged, and that file
        # keeps the time it was first published (stable Last-Modified and ETag).
        cmd = ["rsync", "-a", "--no-times", "--checksum", "--delete", f"--timeout={o.timeout}",
               "--stats", "--out-format=>%n"]
        if target.host:
            cmd += ["-e", shlex.join(target.ssh_argv())]
        if current and current in releases:
            cmd.append(f"--link-dest={target.path}/releases/{current}")
        cmd += [f"{source}/", target.rsync_dest(dest + "/")]
        log(f"Mengunggah rilis {name} ke {target} …")
        try:
            # rsync ends with this process, even one killed outright (its lock is gone then,
            # and a second deploy must not meet a leftover upload still writing).
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, encoding="utf-8", errors="replace",
                                  preexec_fn=_end_with_parent)
        except KeyboardInterrupt:
            proc = subprocess.CompletedProcess(cmd, INTERRUPTED, "", "")
        if proc.returncode:
            try:  # a half upload is never live and never a release; drop it now if we can
                target.sh(PRUNE, target.path, partial)
                leftover = False
            except DeployError:
                leftover = True
            raise upload_error(target, proc.returncode, proc.stderr, current, leftover)
        changed = [l[1:] for l in proc.stdout.splitlines() if l.startswith(">") and not l.endswith("/")]
        sent = _bytes_sent(proc.stdout)
        if sent is not None:
            log(f"Terkirim {sent} bita; {len(changed)} berkas baru atau berubah.")
        if not changed and current in releases and same_tree(target, current, partial):
            # The live release as it is: no second copy of it, which would push an older,
            # different release out of the kept ones and make a rollback go to the same site.
            target.sh(PRUNE, target.path, partial)
            log(f"Tidak ada yang berubah sejak rilis {current}: rilis itu tetap tayang, tidak ada rilis baru.")
            return current
        try:
            target.sh(NOTE, target.path, name, origin())
        except DeployError as exc:  # a release without its origin is still a release
            log(f"Peringatan: asal rilis tidak dapat dicatat di {target.path}/.catatan ({exc}); deploy diteruskan.")
        target.sh(SWITCH, target.path, name, partial)
        log(f"current → releases/{name}")
        if o.check_url:
            verify(target, source, name, current, releases, changed, log)
        elif not o.check_off:
            log("Pemeriksaan halaman setelah deploy dilewati: DEPLOY_CHECK_URL dan SITEURL tidak diisi di lingkungan. "
                "Isi salah satunya dengan alamat situs di server ini agar rilis yang rusak dikembalikan sendiri, "
                "atau DEPLOY_CHECK_URL=- untuk sengaja mematikannya.")
        prune = to_prune([*releases, name], name, keep, rejected)
        if prune:
            target.sh(PRUNE, target.path, *prune)
            log(f"Rilis lama dihapus: {', '.join(prune)}")
    return name


def same_tree(target: Target, current: str, upload: str) -> bool:
    """Whether an upload no file of which was sent (each one a hard link to the same path
    in ``current``, rsync's --link-dest) holds as many entries as ``current``: then both
    hold the same files with the same bytes, and a page removed since is a difference."""
    try:
        counts = target.sh(COUNT, target.path, current, upload).split()
    except DeployError:
        return False  # not known: a release like any other
    return len(counts) == 2 and counts[0] == counts[1]


def verify(target: Target, source: Path, name: str, previous: str, releases: list[str], changed, log):
    """Fetch a few pages of the live site; on a difference, switch back and say so."""
    base = target.options.check_url
    if not re.match(r"^https?://", base):
        raise DeployError(f"DEPLOY_CHECK_URL/SITEURL {base!r}: harus alamat http(s)://…, atau '-' untuk mematikan pemeriksaan.")
    pages = pages_to_check(source, changed)
    problems = check_live(base, source, pages)
    if not problems:
        log(f"Diperiksa lewat {base}: {len(pages)} halaman sama dengan yang diunggah.")
        return
    listing = "; ".join(problems)
    if previous and previous in releases:
        try:
            target.sh(SWITCH, target.path, previous)
        except DeployError as exc:
            raise DeployError(
                f"Rilis {name} SEDANG TAYANG tetapi gagal diperiksa: halaman di {base} tidak sama dengan yang diunggah "
                f"({listing}); mengembalikan ke rilis {previous} juga gagal ({exc}). Segera jalankan `./run.sh rollback` "
                "begitu server dapat dihubungi lagi."
            ) from None
        target.sh(PRUNE, target.path, name)
        raise DeployError(
            f"Setelah beralih ke rilis {name}, halaman di {base} tidak sama dengan yang diunggah ({listing}). "
            f"Dikembalikan otomatis: current → releases/{previous}, rilis {name} dihapus. Periksa apakah server "
            f"web melayani {target.path}/current dan DEPLOY_CHECK_URL/SITEURL menunjuk ke server itu, lalu deploy lagi."
        )
    raise DeployError(
        f"Rilis {name} sudah tayang, tetapi halaman di {base} tidak sama dengan yang diunggah ({listing}). "
        f"Belum ada rilis sebelumnya untuk dikembalikan. Periksa apakah server web melayani {target.path}/current "
        "dan DEPLOY_CHECK_URL/SITEURL menunjuk ke server itu."
    )


def rollback(target_spec: str, ssh: str | None = None, log=print, options: Options | None = None) -> str:
    """Point ``current`` at the release before the live one; its name."""
    target = Target.parse(target_spec, ssh, options)
    if state(target)[0] == "":  # said before the lock would make the folder
        raise DeployError(f"{target}: belum ada rilis yang aktif, tidak ada yang bisa dikembalikan.")
    with locked(target, log, action="rollback"):
        current, releases, rejected = state(target)
        if current not in releases:
            raise DeployError(f"{target}: belum ada rilis yang aktif, tidak ada yang bisa dikembalikan.")
        # The newest release before the live one that no rollback left: after deploying A,
        # B, rolling back to A and deploying C, a rollback goes back to A, not to B.
        older = [r for r in releases[:releases.index(current)] if r not in rejected]
        if not older:
            raise DeployError(f"{target}: tidak ada rilis sebelumnya yang bisa dikembalikan (rilis {current} adalah yang "
                              "tertua, atau yang lebih lama sudah pernah ditinggalkan oleh rollback).")
        previous = older[-1]
        # Marked first: a mark that cannot be written stops the rollback before anything moves.
        target.sh(REJECT, target.path, current)
        try:
            target.sh(SWITCH, target.path, previous)
        except DeployError:
            target.sh(UNREJECT, target.path, current)
            raise
    log(f"current → releases/{previous} (sebelumnya {current}, kini ditandai ditolak)")
    log("Deploy berikutnya (mis. build harian CI) menerbitkan lagi isi cabang utama: kembalikan (revert) dulu commit "
        "penyebabnya, atau bekukan deploy dengan variabel CI DEPLOY_BEKU=true sampai kontennya diperbaiki.")
    return previous


def origin(environ=None) -> str:
    """What a release is built from, for `releases`: the commit and the CI run that made
    it (GitLab's or GitHub's variables), else the checkout's commit (said to hold more when
    its files differ from it: an edit not committed is live but in no commit), else nothing."""
    env = os.environ if environ is None else environ
    commit = env.get("CI_COMMIT_SHORT_SHA") or (env.get("GITHUB_SHA") or "")[:8]
    if not commit:  # a deploy from a checkout: its commit, and whether its files are that commit's
        try:
            here = env.get("SITUS") or None
            commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here,
                                    capture_output=True, text=True, timeout=10).stdout.strip()
            if commit and subprocess.run(["git", "status", "--porcelain"], cwd=here, capture_output=True, text=True,
                                         timeout=30).stdout.strip():
                commit += " + perubahan yang belum di-commit"
        except (OSError, subprocess.SubprocessError):
            commit = ""
    run = env.get("CI_PIPELINE_URL") or (
        f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
        if env.get("GITHUB_RUN_ID") and env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY") else "")
    return " ".join(filter(None, [f"commit {commit}" if commit else "", run]))[:300]


def notes(target_spec: str, ssh: str | None = None, options: Options | None = None) -> dict[str, str]:
    """What each release at the target came from (``origin``), by name."""
    target = Target.parse(target_spec, ssh, options)
    lines = target.sh(NOTES, target.path).split("\n")
    # Nothing a terminal would act on (escape sequences, carriage returns) is printed.
    return {name: CONTROL.sub("", note) for name, _, note in (line.partition(" ") for line in lines) if note}


def releases(target_spec: str, ssh: str | None = None, options: Options | None = None) -> tuple[str, list[str], set[str]]:
    """(live release, all releases oldest first, those a rollback left) at the target."""
    return state(Target.parse(target_spec, ssh, options))
