"""Saving a file whole: a reader (another build, the preview, the web server) sees the
old file or the new one, never half of one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP = ".tmp-"  # prefix of a file being written


def temp_name(path: Path) -> Path:
    """A name beside ``path`` no other writer uses (process id and a random part)."""
    return path.with_name(f"{TEMP}{path.name}.{os.getpid()}.{secrets.token_hex(4)}")


def atomic_write(path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) under a temporary name beside ``path``, then rename
    it over ``path``. The file's mode is that of any new file (umask); a failed write
    leaves no temporary file behind."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    return path


class CacheLock:
    """A lock on a cache several builds may use at once (the preview beside a one-off
    build, two CI jobs on one runner, two sites of one kit): each holds it shared while it
    uses the cache, or exclusive while it changes what the others read (``exclusive``).
    ``alone()`` makes a shared lock exclusive when no other build holds it: a build then
    deletes what it did not use, which would otherwise be deleted under another build.
    A no-op where the system has no ``flock`` (builds are not expected to share a cache
    there)."""

    def __init__(self, path, exclusive: bool = False):
        self.path = Path(path)
        self.exclusive = exclusive
        self.fd = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:
            return self
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH)
        return self

    def alone(self) -> bool:
        """Whether no other build holds the lock (this one's is exclusive from then on)."""
        if self.fd is None or self.exclusive:
            return True
        import fcntl

        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.exclusive = True
        return True

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None
