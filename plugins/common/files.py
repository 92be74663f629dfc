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
