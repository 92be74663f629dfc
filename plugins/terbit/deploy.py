"""Releases on a web server: upload, atomic switch, rollback, pruning.

Layout at the target (``user@host:/srv/situs`` over SSH, or a local path)::

    /srv/situs/releases/20261122-050000/   one complete site per deploy
    /srv/situs/current -> releases/20261122-050000   the web server's root

A deploy uploads the built site with ``rsync -a --no-times --checksum --delete`` into
a new release folder, hard-linking files whose bytes are unchanged since the current
release (``--link-dest``; build times are ignored, as every build rewrites every file), then points ``current`` at it by creating a new symlink under a
temporary name and renaming it over ``current`` (``mv -T``, one rename(2)): a
request sees either the old site or the new one, never a mix or nothing. The newest
``keep`` releases stay (the live one always does); ``rollback`` points ``current`` at
the release before it. The commands that run at the target are the same shell
script locally and over SSH.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.+)$")


class DeployError(Exception):
    """A deploy or rollback that could not be done; the message is for the operator."""


@dataclass(frozen=True)
class Target:
    host: str | None  # None: a local path
    path: str  # absolute folder at the target
    ssh: str = "ssh"

    @classmethod
    def parse(cls, spec: str, ssh: str = "ssh") -> "Target":
        spec = (spec or "").strip()
        if not spec:
            raise DeployError("DEPLOY_TARGET kosong: isi dengan user@host:/srv/situs atau folder lokal.")
        m = REMOTE.match(spec)
        if m and not os.path.isabs(spec):
            path = m["path"]
            if not path.startswith("/"):
                raise DeployError(f"DEPLOY_TARGET {spec!r}: folder di server harus absolut, mis. user@host:/srv/situs.")
            return cls(m["host"], path.rstrip("/") or "/", ssh)
        return cls(None, str(Path(spec).resolve()), ssh)

    def sh(self, script: str, *args: str) -> str:
        """Run a POSIX shell script at the target with positional ``args``; its stdout."""
        argv = ["sh", "-c", script, "sh", *args]
        if self.host:
            argv = [*shlex.split(self.ssh), self.host, " ".join(shlex.quote(a) for a in argv)]
        proc = subprocess.run(argv, capture_output=True, encoding="utf-8", errors="replace")
        if proc.returncode:
            raise DeployError(f"Perintah di {self} gagal ({proc.returncode}): {proc.stderr.strip()}")
        return proc.stdout

    def rsync_dest(self, folder: str) -> str:
        return f"{self.host}:{folder}" if self.host else folder

    def __str__(self):
        return f"{self.host}:{self.path}" if self.host else self.path


# $1 = target folder. Prints the release `current` points at (empty if none), then
# every release, oldest first.
STATE = r"""
set -eu
mkdir -p "$1/releases"
cur=""
if [ -L "$1/current" ]; then cur=$(basename "$(readlink "$1/current")"); fi
echo "$cur"
cd "$1/releases"
for r in *; do [ -d "$r" ] && [ ! -L "$r" ] && echo "$r"; done | sort
"""

# $1 = target folder, $2 = release name: atomic switch of `current`.
SWITCH = r"""
set -eu
[ -d "$1/releases/$2" ]
ln -sfn "releases/$2" "$1/.current.tmp"
mv -T "$1/.current.tmp" "$1/current"
"""

# $1 = target folder, then the release names to delete.
PRUNE = r"""
set -eu
dir="$1"; shift
for r in "$@"; do rm -rf "$dir/releases/$r"; done
"""


def state(target: Target) -> tuple[str, list[str]]:
    lines = target.sh(STATE, target.path).splitlines()
    current, releases = (lines[0] if lines else ""), [l for l in lines[1:] if l]
    return current, releases


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


def to_prune(releases: list[str], current: str, keep: int) -> list[str]:
    """The releases beyond the newest ``keep``, never the live one."""
    keep = max(int(keep), 1)
    old = sorted(releases)[:-keep] if len(releases) > keep else []
    return [r for r in old if r != current]


def deploy(source, target_spec: str, keep: int = 5, ssh: str = "ssh", log=print) -> str:
    """Upload ``source`` as a new release at the target and make it live; its name."""
    target = Target.parse(target_spec, ssh)
    source = Path(source)
    if not (source / "index.html").is_file():
        raise DeployError(f"{source} belum berisi situs (index.html tidak ada): jalankan dulu `invoke publish`.")
    current, releases = state(target)
    name = new_release_name(releases)
    dest = f"{target.path}/releases/{name}"
    # --no-times: every build writes its files anew, so build times say nothing; without
    # them --link-dest hard-links each file whose bytes are unchanged, and that file
    # keeps the time it was first published (stable Last-Modified and ETag).
    cmd = ["rsync", "-a", "--no-times", "--checksum", "--delete"]
    if target.host:
        cmd += ["-e", ssh]
    if current and current in releases:
        cmd.append(f"--link-dest={target.path}/releases/{current}")
    cmd += [f"{source}/", target.rsync_dest(dest + "/")]
    log(f"Mengunggah rilis {name} ke {target} …")
    proc = subprocess.run(cmd, capture_output=True, encoding="utf-8", errors="replace")
    if proc.returncode:
        target.sh(PRUNE, target.path, name)  # a half-uploaded release is never live; drop it
        raise DeployError(f"rsync gagal ({proc.returncode}): {proc.stderr.strip()}")
    target.sh(SWITCH, target.path, name)
    log(f"current → releases/{name}")
    prune = to_prune([*releases, name], name, keep)
    if prune:
        target.sh(PRUNE, target.path, *prune)
        log(f"Rilis lama dihapus: {', '.join(prune)}")
    return name


def rollback(target_spec: str, ssh: str = "ssh", log=print) -> str:
    """Point ``current`` at the release before the live one; its name."""
    target = Target.parse(target_spec, ssh)
    current, releases = state(target)
    if current not in releases:
        raise DeployError(f"{target}: belum ada rilis yang aktif, tidak ada yang bisa dikembalikan.")
    i = releases.index(current)
    if i == 0:
        raise DeployError(f"{target}: rilis {current} adalah yang tertua; tidak ada rilis sebelumnya.")
    previous = releases[i - 1]
    target.sh(SWITCH, target.path, previous)
    log(f"current → releases/{previous} (sebelumnya {current})")
    return previous


def releases(target_spec: str, ssh: str = "ssh") -> tuple[str, list[str]]:
    """(live release, all releases oldest first) at the target."""
    return state(Target.parse(target_spec, ssh))
