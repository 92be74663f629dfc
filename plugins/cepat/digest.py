"""Stable digests of template inputs, equal across processes and builds.

A page needs re-rendering only when a value its template read changed. Values are
digested structurally (never with ``hash()``, which is salted per process):

- a content object (Article, Page, Entry, ...) at the top of a value: every attribute
  except the settings and the shared context; content objects it refers to (e.g. a
  ``related`` list a plugin attached) are digested *flat*: their own attributes, with
  further content objects reduced to their identity (class, source path, URL);
- lists, tuples, dicts, sets element by element; other objects by their attributes;
- functions, classes and modules by name (their code is part of the build fingerprint).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time

from pelican.contents import Content

SKIP_ATTRS = frozenset({"settings", "_context", "context", "_settings"})
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
FULL, FLAT = 0, 1


def _md5(data: bytes) -> bytes:
    return hashlib.md5(data, usedforsecurity=False).digest()


class Digester:
    def __init__(self):
        self.memo: dict[tuple[int, int], tuple[object, bytes]] = {}
        self.active: set[int] = set()

    def names(self, localcontext: dict, names) -> bytes:
        """Digest of the values of ``names`` in ``localcontext`` (absent names count as absent)."""
        h = hashlib.md5(usedforsecurity=False)
        for name in names:
            h.update(name.encode() + b"=")
            if name in localcontext:
                h.update(self.value(localcontext[name]))
            else:
                h.update(b"<absent>")
        return h.digest()

    def value(self, obj, mode=FULL) -> bytes:
        t = type(obj)
        if obj is None or t is bool or t is int or t is float:
            return repr(obj).encode()
        if isinstance(obj, str):
            return b"s" + _md5(obj.encode("utf-8", "surrogatepass"))
        if isinstance(obj, (bytes, bytearray)):
            return b"b" + _md5(bytes(obj))
        if isinstance(obj, (datetime, date, time)):
            return f"{t.__name__}:{obj.isoformat()}:{getattr(obj, 'tzinfo', None)}".encode()
        key = (id(obj), mode)
        hit = self.memo.get(key)
        if hit is not None:
            return hit[1]
        if id(obj) in self.active:
            return self.identity(obj)
        self.active.add(id(obj))
        try:
            digest = self._compound(obj, t, mode)
        finally:
            self.active.discard(id(obj))
        self.memo[key] = (obj, digest)
        return digest

    def identity(self, obj) -> bytes:
        parts = [type(obj).__qualname__]
        for attr in ("source_path", "url", "slug", "name"):
            v = getattr(obj, attr, None) if attr in getattr(obj, "__dict__", {}) or attr == "url" else None
            if isinstance(v, str):
                parts.append(v)
        return b"i" + _md5("\x00".join(parts).encode("utf-8", "surrogatepass"))

    def _attrs(self, obj, h, mode):
        try:
            items = vars(obj)
        except TypeError:
            slots = [s for c in type(obj).__mro__ for s in getattr(c, "__slots__", ())]
            items = {s: getattr(obj, s) for s in slots if hasattr(obj, s)}
        for k in sorted(items):
            if k in SKIP_ATTRS:
                continue
            h.update(k.encode() + b":")
            h.update(self.value(items[k], mode))

    def _compound(self, obj, t, mode) -> bytes:
        h = hashlib.md5(usedforsecurity=False)
        h.update(t.__qualname__.encode())
        if isinstance(obj, Content):
            if mode == FLAT:
                # Inside a flat digest, other content objects are identities.
                h.update(b"flat")
                for k, v in sorted(vars(obj).items()):
                    if k in SKIP_ATTRS:
                        continue
                    h.update(k.encode() + b":")
                    h.update(self.identity(v) if isinstance(v, Content) else self._flat_value(v))
            else:
                self._attrs(obj, h, FLAT)
        elif isinstance(obj, (list, tuple)):
            for x in obj:
                h.update(self.value(x, mode))
        elif isinstance(obj, dict):
            for kd, vd in sorted((self.value(k, mode), self.value(v, mode)) for k, v in obj.items() if k not in SKIP_ATTRS):
                h.update(kd + vd)
        elif isinstance(obj, (set, frozenset)):
            for d in sorted(self.value(x, mode) for x in obj):
                h.update(d)
        elif isinstance(obj, type) or callable(obj) and not hasattr(obj, "__dict__"):
            h.update(f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', repr(obj))}".encode())
        elif hasattr(obj, "__code__") or type(obj).__name__ in ("module", "method", "builtin_function_or_method"):
            h.update(f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}".encode())
        elif hasattr(obj, "__dict__") or hasattr(type(obj), "__slots__"):
            self._attrs(obj, h, mode)
        else:
            h.update(ADDRESS.sub("", repr(obj)).encode("utf-8", "surrogatepass"))
        return h.digest()

    def _flat_value(self, v) -> bytes:
        """A value inside a flat content digest: content objects anywhere in it are identities."""
        if isinstance(v, (list, tuple)):
            h = hashlib.md5(usedforsecurity=False)
            for x in v:
                h.update(self.identity(x) if isinstance(x, Content) else self._flat_value(x))
            return h.digest()
        if isinstance(v, dict):
            h = hashlib.md5(usedforsecurity=False)
            for kd, vd in sorted(
                (self.value(k), self.identity(x) if isinstance(x, Content) else self._flat_value(x)) for k, x in v.items()
            ):
                h.update(kd + vd)
            return h.digest()
        return self.value(v, FLAT)
