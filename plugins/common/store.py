"""One content-addressed store for the kit's caches.

A ``Store(root, name, salt)`` is the folder ``root/name``. It holds entries of three
shapes, each written atomically (a temporary name beside the entry, then
``os.replace``), so two builds sharing the folder never see half an entry; when both
write the same key the last complete one stays, and both are equally good:

- **blobs** (``get``/``put``, ``get_pickle``/``put_pickle``): bytes under a key derived
  from a content digest (``key()``): the salt is part of the key, so an entry made for
  another salt is never found (it ages out through ``prune``);
- **folders** (``folder``/``put_folder``): a set of files made together (an image's
  derivatives, a search shard's bundle), under such a key;
- **snapshots** (``load``/``save``, ``load_json``/``save_json``): one entry named after
  what it describes (the validation results of an output, its pages' manifest), holding
  the salt it was made with; ``load`` of an entry made with another salt gives None.

The salt is what an entry depends on besides its content: the code that made it
(``code_version``) and the settings it read. ``code_version(*packages)`` is the one way
the kit salts a cache by code version: the sha256 of the kit's ``VERSION`` file and of
every file (path and bytes, in path order; ``__pycache__``, hidden, ``.pyc`` and ``~``
files left out) of the named packages under ``plugins/``. A cache whose keys name
published files (``images``) carries an explicit format version in its salt instead, so
that editing the package does not rename and re-encode every image.

``prune(used, days)`` removes the entries that no build has used for ``days`` days
(0: every entry not in ``used``), after marking ``used`` as used now.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import re
import shutil
import time
from pathlib import Path
from typing import Callable

from .files import TEMP, atomic_write, temp_name

PLUGINS = Path(__file__).resolve().parents[1]
VERSION_FILE = PLUGINS.parent / "VERSION"
HEX_KEY = re.compile(r"[0-9a-f]{16,}")


def code_version(*packages: str) -> str:
    """The code-version salt of a cache made by ``packages`` (names under plugins/)."""
    h = hashlib.sha256()
    try:
        h.update(VERSION_FILE.read_bytes())
    except OSError:
        h.update(b"-")
    for package in packages:
        root = PLUGINS / package
        if not root.is_dir():
            raise ValueError(f"code_version: no package {package!r} under {PLUGINS}")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.endswith((".pyc", "~")):
                    continue
                path = Path(dirpath) / name
                h.update(f"{package}/{path.relative_to(root).as_posix()}\0".encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def content_key(digest: str, salt: str, *variant: str) -> str:
    """The key of an entry made from content whose digest is ``digest``, under ``salt``,
    with ``variant`` (what else distinguishes it): sha256 of those lines."""
    return hashlib.sha256("\n".join((digest, salt, *variant)).encode()).hexdigest()


def value_key(value) -> bytes | None:
    """The md5 of ``value`` pickled without pickle's memo, so that equal values give equal
    bytes in any process and build (a key kept between builds); None when it cannot be
    pickled."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        return None
    return hashlib.md5(buf.getvalue(), usedforsecurity=False).digest()


class Store:
    """Entries under ``root/name``; see the module documentation.

    ``fanout``: with 2, an entry ``<key>`` lives in ``<key[:2]>/<key>`` (many entries,
    keys are hex digests; other names there are not the store's and are left alone);
    with 0, directly in the folder, which then belongs to the store alone.
    ``marker``: for folder entries, the file whose time says when the entry was last used.
    """

    def __init__(self, root, name: str, salt: str = "", *, fanout: int = 0, marker: str | None = None):
        self.dir = Path(root) / name
        self.salt = salt
        self.fanout = fanout
        self.marker = marker

    # --- keys and places -------------------------------------------------------------

    def key(self, digest: str, *variant: str) -> str:
        """``content_key`` under this store's salt."""
        return content_key(digest, self.salt, *variant)

    def path(self, key: str) -> Path:
        if not key or "/" in key or key.startswith(".") or (self.fanout and not HEX_KEY.fullmatch(key)):
            raise ValueError(f"not a store key: {key!r}")
        return self.dir / key[: self.fanout] / key if self.fanout else self.dir / key

    # --- blobs -------------------------------------------------------------------------

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> Path:
        # Mode as for any new file (umask): blobs may be hard-linked into the output.
        return atomic_write(self.path(key), data)

    def get_pickle(self, key: str):
        data = self.get(key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError, IndexError):
            return None

    def put_pickle(self, key: str, value) -> Path:
        return self.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def delete(self, key: str) -> None:
        _remove(self.path(key))

    def move(self, key: str, to: str) -> bool:
        """Rename entry ``key`` to ``to`` (replacing it); False when there is no ``key``."""
        try:
            os.replace(self.path(key), self.path(to))
        except FileNotFoundError:
            return False
        return True

    # --- folders -----------------------------------------------------------------------

    def folder(self, key: str) -> Path | None:
        """The folder entry ``key``, None when absent (a folder entry is always complete)."""
        path = self.path(key)
        return path if path.is_dir() else None

    def put_folder(self, key: str, fill: Callable[[Path], None]) -> Path:
        """Make folder entry ``key``: ``fill`` writes the files into an empty temporary
        folder, which then becomes the entry. When another process made the same entry
        meanwhile, theirs stays. Whatever ``fill`` raises leaves no entry behind."""
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        work = temp_name(final)
        work.mkdir()
        try:
            fill(work)
            try:
                os.replace(work, final)
            except OSError:  # a folder of that name exists already
                if not final.is_dir():
                    raise
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        return final

    # --- snapshots -----------------------------------------------------------------------

    def load(self, name: str):
        """The value saved as ``name`` under this store's salt, or None. Within a process
        that keeps snapshots (``keep_snapshots``), the value it last saved or loaded there,
        while the file is the one it wrote or read (same inode, time and size)."""
        return self._load(name, self._unpickle)

    def _unpickle(self, name: str):
        stored = self.get_pickle(name)
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != self.salt:
            return None
        return stored[1]

    def _load(self, name: str, read):
        path = self.path(name)
        if _kept is None:
            return read(name)
        stamp = _stamp_of(path)
        hit = _kept.get(path)
        if hit is not None and hit[0] in (stamp, PENDING) and hit[1] == self.salt:
            return hit[2]
        value = read(name)
        if stamp is not None and value is not None:
            _kept[path] = (stamp, self.salt, value)
        return value

    def _kept_after_write(self, name: str, value):
        if _kept is not None:
            path = self.path(name)
            _pending.pop(path, None)
            _kept[path] = (_stamp_of(path), self.salt, value)

    def save(self, name: str, value, later: bool = False) -> Path:
        """Save ``value`` as ``name``. ``later``: for a cache whose older snapshot is still
        correct (every entry checked against its inputs), a process that keeps snapshots
        writes it at ``write_pending()``, after the pages are shown; a one-off build
        (``defer_snapshots``) after it ends; others write now. The caller must not change
        ``value`` afterwards."""
        path = self.path(name)
        if _kept is not None and later:
            _kept[path] = (PENDING, self.salt, value)
            _pending[path] = (self, name)
            return path
        if _deferred is not None and later:
            _deferred[path] = (self, name, value)
            return path
        written = self.put_pickle(name, (self.salt, value))
        self._kept_after_write(name, value)
        return written

    def load_json(self, name: str):
        """As ``load``, for a snapshot saved with ``save_json``."""
        return self._load(name, self._decode)

    def _decode(self, name: str):
        data = self.get(name)
        try:
            stored = json.loads(data) if data is not None else None
        except ValueError:
            return None
        if not isinstance(stored, dict) or stored.get("salt") != self.salt:
            return None
        return stored.get("value")

    def save_json(self, name: str, value) -> Path:
        written = self.put(name, json.dumps({"salt": self.salt, "value": value}).encode())
        self._kept_after_write(name, value)
        return written

    # --- pruning -----------------------------------------------------------------------

    def entries(self):
        """(name, path) of every entry and unfinished entry (``.tmp-``) of the store."""
        if self.fanout:
            places = (p for p in self.dir.glob("?" * self.fanout + "/*") if HEX_KEY.fullmatch(p.name) or p.name.startswith(TEMP))
        else:
            places = self.dir.iterdir() if self.dir.is_dir() else ()
        for path in places:
            yield path.name, path

    def _stamp(self, path: Path) -> Path:
        if self.marker and path.is_dir() and (path / self.marker).is_file():
            return path / self.marker
        return path

    def prune(self, used, days: float = 0) -> int:
        """Mark the entries ``used`` as used now and delete those no build used for
        ``days`` days (with 0: every entry not in ``used``). Returns how many went."""
        used = set(used)
        now = time.time()
        if days > 0:
            for key in used:
                try:
                    os.utime(self._stamp(self.path(key)), (now, now))
                except (OSError, ValueError):
                    pass
        removed = 0
        for name, path in list(self.entries()):
            if name in used:
                continue
            if days > 0:
                try:
                    if now - self._stamp(path).stat().st_mtime <= days * 86400:
                        continue
                except OSError:
                    continue
            _remove(path)
            removed += 1
        return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


# --- snapshots kept in memory (the preview's build process) ----------------------------

PENDING = "pending"  # the stamp of a snapshot saved in memory, not yet written
_kept: dict | None = None  # path -> (file stamp or PENDING, salt, value); None: off
_pending: dict = {}  # path -> (store, name) of snapshots to write


def keep_snapshots():
    """From now on this process keeps the snapshots it loads and saves in memory (the
    preview's build process: it spares unpickling and pickling tens of megabytes of
    caches on every build). A one-off build never calls it."""
    global _kept
    if _kept is None:
        _kept = {}


def write_pending():
    """Write the snapshots saved with ``later`` (a failure leaves the older file, which
    is still correct, and is reported by the next build's own save)."""
    while _pending:
        path, (store, name) = _pending.popitem()
        hit = _kept.get(path) if _kept is not None else None
        if hit is None or hit[0] != PENDING:
            continue
        try:
            store.put_pickle(name, (hit[1], hit[2]))
        except OSError:
            _kept.pop(path, None)
            continue
        _kept[path] = (_stamp_of(path), hit[1], hit[2])


# --- snapshots written after a one-off build --------------------------------------------

_deferred: dict | None = None  # path -> (store, name, value) saved ``later``; None: off


def defer_snapshots():
    """A one-off build: from now on the snapshots it saves with ``later`` wait in this
    process, for the process that writes the build's memory after it ends
    (``take_deferred``, rendering.incremental.MemoryWrite), or ``write_deferred``. An edit
    at 10 000 + 2 000 items spent about 1.1 s writing its validation and Markdown caches."""
    global _deferred
    if _deferred is None:
        _deferred = {}


def take_deferred() -> list:
    """The deferred snapshots, (store, name, value) each, handed to whoever writes them."""
    if not _deferred:
        return []
    items = list(_deferred.values())
    _deferred.clear()
    return items


def write_deferred(items=None):
    """Write ``items`` (``take_deferred``'s); without them, what is still deferred, and
    stop deferring. A failure leaves the older file, which is still correct."""
    global _deferred
    if items is None:
        items, _deferred = list((_deferred or {}).values()), None
    for store, name, value in items:
        try:
            store.put_pickle(name, (store.salt, value))
        except OSError:
            pass


def _stamp_of(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
