"""Digests of files kept with each file's size, modification time and inode.

Every cache of the build trusts those three as the file's stamp: a file whose stamp is the
one recorded with its digest last time is not read again. A build records the files it
looked at (``new``) for the next one; files it did not look at are forgotten."""

from __future__ import annotations

import hashlib
import os
from stat import S_ISREG


def stamp(st: os.stat_result) -> tuple[int, int, int]:
    """What identifies a file's content here: its size, modification time and inode."""
    return st.st_size, st.st_mtime_ns, st.st_ino


def entry(st: os.stat_result, data: bytes) -> tuple:
    """What ``FileDigests`` keeps of a file whose stat and bytes are known (its writer):
    its stamp and the md5 of the bytes."""
    return (*stamp(st), hashlib.md5(data, usedforsecurity=False).hexdigest())


def md5_hex(path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, lambda: hashlib.md5(usedforsecurity=False)).hexdigest()


class FileDigests:
    """``of(path)``: the digest of a regular file (``digest(path)``, md5 by default), from
    ``old`` (name -> (size, mtime_ns, inode, digest), e.g. the last build's ``new``) while
    the stamp is the same. ``read`` counts the files actually read."""

    def __init__(self, old: dict | None = None, digest=None, fresh: dict | None = None):
        """``fresh``: the ``new`` of another md5 memo of this run (the build fingerprint's,
        taken moments before), whose stamps are not taken again."""
        self.old = old or {}
        self.new: dict[str, tuple] = {}
        self.read = 0
        self._digest = digest or md5_hex
        self.fresh = fresh if digest is None and fresh is not None else {}

    def of(self, path, name: str | None = None) -> str | None:
        """The digest of ``path``, recorded under ``name`` (default: the path); None when
        it is not a regular file or cannot be read."""
        return self._look(path, name, False)[0]

    def with_bytes(self, path, name: str | None = None) -> tuple[str | None, bytes | None]:
        """``of``, and the file's bytes when they had to be read (None when its stamp was
        known): a caller that needs the bytes of a changed file reads it once. md5 only."""
        return self._look(path, name, True)

    def _look(self, path, name, keep_bytes: bool):
        name = name or os.fspath(path)
        known = self.new.get(name) or self.fresh.get(name)
        if known is not None:
            self.new[name] = known
            return known[3], None
        try:
            st = os.stat(path)  # before reading: a file changed meanwhile is read again next time
        except OSError:
            return None, None
        if not S_ISREG(st.st_mode):
            return None, None
        now = stamp(st)
        old = self.old.get(name)
        data = None
        if old is not None and tuple(old[:3]) == now:
            digest = old[3]
        else:
            try:
                if keep_bytes:
                    with open(path, "rb") as fh:
                        data = fh.read()
                    digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
                else:
                    digest = self._digest(path)
            except OSError:
                return None, None
            self.read += 1
        self.new[name] = (*now, digest)
        return digest, data
