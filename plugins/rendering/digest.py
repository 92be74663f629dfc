"""Stable digests of template inputs, equal across processes and builds.

A page needs re-rendering only when a value its template read changed. Values are
digested structurally (never with ``hash()``, which is salted per process):

- a content object (Article, Page, Entry, ...) at the top of a value: every attribute
  except the settings and the shared context; content objects it refers to (e.g. a
  ``related`` list a plugin attached) are digested *flat*: their own attributes, with
  further content objects reduced to their identity (class, source path, URL);
- but when the page recorded which attributes its templates read on content objects
  other than its own (its names end with ``READS``), the content objects inside its
  values are digested as their identity and those attributes' values (``Restricted``):
  a list showing an item's card does not change when only the item's text below its
  summary did;
- a content object whose body or summary links other files (``{filename}``,
  ``{static}``: ``pelican_internals.links_elsewhere``) adds what those links became, its
  published ``content`` and ``summary``, since they follow the other files' addresses;
- lists, tuples, dicts, sets element by element; other objects by their attributes;
- functions, classes and modules by name (their code is part of the build fingerprint);
- a Pelican ``Paginator`` or pagination ``Page`` whose template only read structural
  attributes (``number``, ``num_pages``, ``url``, ``has_next()``... see ``PAGING_SAFE``)
  is digested *by structure*: those values and the identities of its items, not the
  items' contents. The writer tracks attribute reads; the manifest stores such a name
  as ``name.attr1.attr2`` (the non-structural attributes read, digested in full). Any
  other use (passed to a Python function or filter, unknown attribute) is a full digest.

Within one run every object is digested once (memo by id; the objects are alive for
the whole run, so ids are not reused).

A content object's attributes are serialized in one C-speed pass (a pickle without memo
whose ``dispatch_table`` is ``Reducers``, each type's reducer chosen once): plain data
(strings, numbers, dicts, lists, tuples, sets, datetimes) as pickle writes it, without
its memo, so equal values give equal bytes whatever objects they share; functions and
classes by their names (one that cannot be named, e.g. a lambda, sends the object to the
attribute-by-attribute digest); tags, categories and authors as their attributes without
the settings (nor the slug Pelican caches on first use); everything else (other content objects, time zones, registry entries...)
is replaced by its digest from the rules above. (A set of strings may be written in
another order in another process: that can only make a page render again, never keep a
stale one.) An object rendering.kept keeps (``read_states``: its attributes as read and
the md5 of their pickle) is written as that md5 and the pickle of only the attributes
added or replaced since: the same bytes whether the object was read in this build or
made again from what the last one kept, without its read attributes (dicts of metadata,
tags, dates: most of the work) pickled again.
"""

from __future__ import annotations

import hashlib
import io
import operator
import pickle
import re
from datetime import date, datetime, time
from itertools import compress, repeat

from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page as PagingPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

from pelican_internals import SHARED_ATTRS, links_elsewhere, own_attributes, wrapper_state

PAGING = (Paginator, PagingPage)
# Attributes whose values the structural digest of a Paginator / Page covers.
PAGING_SAFE = frozenset({
    "number", "num_pages", "count", "url", "save_as", "has_next", "has_previous", "has_other_pages",
    "next_page_number", "previous_page_number", "start_index", "end_index", "per_page", "orphans",
    "page_range", "name", "base_name", "full_name", "base_url", "extension",
})

SKIP_ATTRS = SHARED_ATTRS
# Ends a page's names when its template read only these attributes on content objects
# other than its own: ``|isi:date,title,url`` (see ``Restricted``).
READS = "|isi:"
DEPTH = 8  # content objects inside content objects followed this deep by ``Restricted``
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
FULL, FLAT = 0, 1


# Besides the types pickle writes itself (str, int, dict, list...), these are written
# as pickle does; other objects are replaced by their digest.
NATIVE = (datetime, date, time, Markup)
_NATIVE_REDUCE = operator.methodcaller("__reduce_ex__", pickle.HIGHEST_PROTOCOL)


def _digested(digest: bytes):
    """Stands for an object replaced by its digest in a content object's pickle (never called)."""


def _absent():
    """Stands for an attribute a content object does not have (never called)."""


def _attributes(class_name: str, state: dict):
    """Stands for an object written as its class's name and attributes (never called)."""


class Reducers(dict):
    """The ``dispatch_table`` of a content object's pickle: the reducer of each type,
    chosen once per type, then found by the pickler in C. Functions and classes
    (``_digested``, a datetime's class) never reach it: pickle writes them by name."""

    def __init__(self, digester: Digester):
        super().__init__()
        self.digester = digester

    def __missing__(self, t):
        if issubclass(t, NATIVE):
            reducer = _NATIVE_REDUCE  # as pickle itself would write it (a C call)
        elif issubclass(t, Content):
            reducer = self.digester._reduce_nested
        elif issubclass(t, URLWrapper):
            reducer = self.digester._reduce_wrapper
        else:
            reducer = self.digester._reduce_flat
        self[t] = reducer
        return reducer


_ABSENT = object()  # a name the page's context does not have


def _md5(data: bytes) -> bytes:
    return hashlib.md5(data, usedforsecurity=False).digest()


class Digester:
    def __init__(self, read_states: dict | None = None):
        # rendering.kept's ``read_states``: id -> (object, md5 of its kept pickle, its
        # attributes as read); see ``_of_content``.
        self.read_states = read_states or {}
        self.memo: dict[tuple[int, int], tuple[object, bytes]] = {}
        self.active: set[int] = set()
        self.identities: dict[int, tuple[object, bytes]] = {}
        self.pickled: dict[int, tuple] = {}  # content object id -> (object, flat pickle md5, content objects met)
        self.strings: dict[str, bytes] = {}
        self.parts: dict[tuple[str, int], bytes] = {}  # (name, value id) -> digest part
        self.shapes: dict[tuple, tuple] = {}  # a page's plain names -> the last such page's (values, parts)
        self.alive: list = []  # the values of ``parts``
        self.reducers = Reducers(self)
        self.reduced: dict[int, tuple] = {}  # object id -> (object, its reduction in a content pickle)
        self.met: list | None = None  # the content objects met by the pickle being written
        self.variants: dict[str, Restricted] = {}
        self.picklers: list[tuple] = []  # (buffer, pickler) free for ``_dump``
        self.cut = 0  # objects met again inside themselves (digested as identities)

    def names(self, localcontext: dict, names) -> bytes:
        """Digest of the values of ``names`` in ``localcontext`` (absent names count as absent).

        ``name.a.b`` (a structural name, see the module doc) digests a Paginator / Page
        by structure plus its attributes ``a`` and ``b`` in full. The plain names come
        first, in their order, then the structural ones."""
        if names and names[-1].startswith(READS):
            return self.restricted(names[-1][len(READS):]).names(localcontext, names[:-1])
        dotted = [name for name in names if "." in name]
        plain = [name for name in names if "." not in name] if dotted else names
        # Most names hold the same object on every page (the shared context): the digest
        # of "name=value" is made once per run for each name and object, and a page's
        # values are compared in C (map) with those of the last page with the same names:
        # only the few that differ (the page's own object, its file name) are looked up.
        values = list(map(localcontext.get, plain, repeat(_ABSENT)))
        shape = tuple(plain)
        last = self.shapes.get(shape)
        if last is None:
            page = list(map(self._part, plain, values))
        else:
            page = last[1].copy()
            for i in compress(range(len(values)), map(operator.is_not, values, last[0])):
                page[i] = self._part(plain[i], values[i])
        self.shapes[shape] = (values, page)
        data = b"".join(page)
        h = hashlib.md5(data, usedforsecurity=False)
        for name in dotted:
            h.update(name.encode() + b"=")
            key, *attrs = name.split(".")
            if key not in localcontext:
                h.update(b"<absent>")
                continue
            value = localcontext[key]
            if isinstance(value, PAGING):
                h.update(self.paging(value))
                for attr in filter(None, attrs):
                    h.update(attr.encode() + b":" + self.value(getattr(value, attr, None)))
            else:
                h.update(self.value(value))
        return h.digest()

    def _part(self, name: str, value) -> bytes:
        """``name=digest`` of a context name's value, made once per run for each name and object."""
        key = (name, id(value))
        hit = self.parts.get(key)
        if hit is None:
            hit = self.parts[key] = name.encode() + b"=" + (b"<absent>" if value is _ABSENT else self.own(value))
            self.alive.append(value)  # ids stay unique while the part is kept
        return hit

    def own(self, value) -> bytes:
        """The digest of a value a context name holds (a content object in it: whole)."""
        return self.value(value)

    def restricted(self, attributes: str) -> Digester:
        """The digester of pages that read only ``attributes`` (comma-separated) on content
        objects other than their own (see ``Restricted``); one per set, per run."""
        hit = self.variants.get(attributes)
        if hit is None:
            hit = self.variants[attributes] = Restricted(self, attributes)
        return hit

    def paging(self, obj) -> bytes:
        """Structural digest of a Paginator or a pagination Page."""
        key = (id(obj), 2)
        hit = self.memo.get(key)
        if hit is not None:
            return hit[1]
        if isinstance(obj, PagingPage):
            # Pelican makes page n of a list three times (as the page, and as the next and
            # the previous of its neighbours), each the same slice of the same paginator.
            items = obj.object_list
            same = (id(obj.paginator), obj.number, obj.full_name, obj.base_url, len(items),
                    id(items[0]) if items else 0, id(items[-1]) if items else 0)
            hit = self.memo.get(same)
            if hit is not None:
                return hit[1]
        h = hashlib.md5(usedforsecurity=False)
        h.update(type(obj).__qualname__.encode())
        if isinstance(obj, Paginator):
            parts = (obj.name, obj.url, obj.per_page, obj.orphans, obj.num_pages, obj.count)
        else:
            parts = (obj.full_name, obj.base_url, obj.number, obj.url, obj.save_as, obj.has_next(),
                     obj.has_previous(), obj.start_index(), obj.end_index(), obj.paginator.num_pages,
                     obj.paginator.count)
        h.update(repr(parts).encode("utf-8", "surrogatepass"))
        for item in obj.object_list:
            h.update(self.identity(item) if isinstance(item, Content) else self.value(item))
        digest = h.digest()
        self.memo[key] = (obj, digest)
        if isinstance(obj, PagingPage):
            self.memo[same] = (obj, digest)  # (obj keeps the paginator and the items alive)
        return digest

    def value(self, obj, mode=FULL) -> bytes:
        t = type(obj)
        if obj is None or t is bool or t is int or t is float:
            return repr(obj).encode()
        if isinstance(obj, str):
            # The same settings strings are read by every page: digested once per run.
            hit = self.strings.get(obj)
            if hit is None:
                hit = self.strings[obj] = b"s" + _md5(obj.encode("utf-8", "surrogatepass"))
            return hit
        if isinstance(obj, (bytes, bytearray)):
            return b"b" + _md5(bytes(obj))
        if isinstance(obj, (datetime, date, time)):
            return f"{t.__name__}:{obj.isoformat()}:{getattr(obj, 'tzinfo', None)}".encode()
        key = (id(obj), mode)
        hit = self.memo.get(key)
        if hit is not None:
            return hit[1]
        if id(obj) in self.active:
            self.cut += 1
            return self.identity(obj)
        cut = self.cut
        self.active.add(id(obj))
        try:
            digest = self._compound(obj, t, mode)
        finally:
            self.active.discard(id(obj))
        if self.cut == cut:  # not made with an object met again inside itself: the same wherever met
            self.memo[key] = (obj, digest)
        return digest

    def identity(self, obj) -> bytes:
        hit = self.identities.get(id(obj))
        if hit is not None:
            return hit[1]
        parts = [type(obj).__qualname__]
        for attr in ("source_path", "url", "slug", "name"):
            v = getattr(obj, attr, None) if attr in getattr(obj, "__dict__", {}) or attr == "url" else None
            if isinstance(v, str):
                parts.append(v)
        digest = b"i" + _md5("\x00".join(parts).encode("utf-8", "surrogatepass"))
        self.identities[id(obj)] = (obj, digest)
        return digest

    def _attrs(self, obj, h, mode):
        try:
            items = wrapper_state(obj) if isinstance(obj, URLWrapper) else vars(obj)
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
            fast = self._of_content(obj, mode)
            if fast is not None:
                h.update(fast)
            elif mode == FLAT:
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

    def _of_content(self, obj, mode) -> bytes | None:
        """A content object's attributes pickled (see the module doc), other content
        objects as identities; pickled once per run. A full digest adds the digests of
        those other content objects (``_met``), in the order met. None when the
        attributes cannot be pickled (the structural digest is used instead)."""
        _, flat, met = self._pickle(obj)
        if flat is None:
            return None
        if mode == FLAT:
            return b"f" + flat
        return b"F" + _md5(flat + b"".join(map(self._met, met)))

    def _met(self, obj) -> bytes:
        """A content object another one holds, in the other's full digest."""
        return self.value(obj, FLAT)

    def _pickle(self, obj) -> tuple:
        hit = self.pickled.get(id(obj))
        if hit is None:
            prefix = b""
            read = self.read_states.get(id(obj))
            own = vars(obj)
            if read is not None and read[0] is obj and read[2].keys() <= own.keys():
                # Kept as read (rendering.kept): the md5 of that pickle stands for the
                # attributes still holding what they held then; the rest is pickled.
                _, prefix, before = read
                prefix = b"R" + prefix
                state = {k: v for k, v in own.items() if before.get(k, _ABSENT) is not v and k not in SKIP_ATTRS}
            else:
                state = own_attributes(obj)
            data, met = self._dump(dict(sorted(state.items())))
            if data is not None and links_elsewhere(obj):
                # What its {filename} / {static} links became: the other files' addresses.
                data += b"links:" + _md5(repr((obj.content, obj.summary)).encode("utf-8", "surrogatepass"))
            hit = self.pickled[id(obj)] = (obj, None if data is None else _md5(prefix + data), met)
        return hit

    def _dump(self, value) -> tuple[bytes | None, list | None]:
        """``value`` pickled with ``Reducers``, and the content objects met in it (written
        as identities); (None, None) when it cannot be pickled."""
        # Picklers are reused (a dump may start another one, through a reducer: a stack).
        if self.picklers:
            buf, pickler = self.picklers.pop()
            buf.seek(0)
            buf.truncate()
        else:
            buf = io.BytesIO()
            pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.fast = True  # no memo: the bytes depend on values only, not on shared objects
            pickler.dispatch_table = self.reducers
        outer, self.met = self.met, []
        try:
            pickler.dump(value)
            data = buf.getvalue(), self.met
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
            return None, None  # that pickler is not used again
        finally:
            self.met = outer
        self.picklers.append((buf, pickler))
        return data

    def _reduce_nested(self, obj):
        """Another content object inside a pickled content object: its identity."""
        self.met.append(obj)
        return _digested, (self.identity(obj),)

    def _reduce_wrapper(self, wrapper):
        """A tag, category or author: each content object has its own (named twice, in
        its attribute and its metadata), so it is written in place, as its attributes
        without the settings (nor the slug Pelican caches on first use,
        ``pelican_internals.wrapper_state``), rather than digested once per run."""
        hit = self.reduced.get(id(wrapper))
        if hit is None:
            state = dict(sorted(wrapper_state(wrapper).items()))
            hit = self.reduced[id(wrapper)] = (wrapper, (_attributes, (type(wrapper).__qualname__, state)))
        return hit[1]

    def _reduce_flat(self, obj):
        """Any other object inside a pickled content object: its flat digest (tags,
        authors and time zones recur in thousands of objects: reduced once per run)."""
        hit = self.reduced.get(id(obj))
        if hit is None:
            hit = self.reduced[id(obj)] = (obj, (_digested, (self.value(obj, FLAT),)))
        return hit[1]

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


class Restricted(Digester):
    """The digests of a page whose templates read only ``attributes`` on content objects
    other than its own (recorded while it rendered, ``writer._note_attribute``): e.g. a
    news list, whose cards read the title, address, date, OPD, category and summary of
    each item, or a news item's page showing its neighbours and more from its OPD. A
    content object a context name holds (``article``, ``page``) is digested whole, as
    by ``Digester``, but the content objects it holds, and those inside any other value,
    are digested as their identity and the value of each of ``attributes`` they have
    (properties included: the value the template got), those values digested the same
    way (``DEPTH`` levels of content objects deep). So a page showing an item's card
    is kept when only that item's text changed, and rendered again when its title did.
    An attribute holding a method (its result depends on the object) digests that
    object whole. A page that handed such an object to a function or filter recorded no
    attributes (``writer._note_opaque``) and is digested by ``Digester``. The flat
    pickles of content objects are the base digester's (``_pickle``)."""

    def __init__(self, base: Digester, attributes: str):
        super().__init__()
        self.base = base
        self.attributes = tuple(a for a in attributes.split(",") if a and a not in SKIP_ATTRS)
        self.read_states, self.pickled, self.identities = base.read_states, base.pickled, base.identities
        self.strings, self.reduced, self.reducers = base.strings, base.reduced, base.reducers
        self.tops: dict[int, tuple] = {}  # a context name's content object -> its whole digest
        self.depth = 0

    def restricted(self, attributes: str) -> Digester:
        return self.base.restricted(attributes)

    def own(self, value) -> bytes:
        if not isinstance(value, Content):
            return self.value(value)
        hit = self.tops.get(id(value))
        if hit is not None:
            return hit[1]
        cut = self.cut
        digest = Digester._of_content(self, value, FULL) or Digester.value(self.base, value, FULL)
        if self.cut == cut:
            self.tops[id(value)] = (value, digest)
        return digest

    def _pickle(self, obj) -> tuple:
        return self.base._pickle(obj)

    def _met(self, obj) -> bytes:
        return self.value(obj)

    def _of_content(self, obj, mode) -> bytes | None:
        if mode != FULL:
            return Digester._of_content(self, obj, mode)
        if self.depth >= DEPTH:
            self.cut += 1
            return self.identity(obj)
        self.depth += 1
        try:
            return self._read(obj)
        finally:
            self.depth -= 1

    def _read(self, obj) -> bytes:
        values = []
        for name in self.attributes:
            try:
                value = getattr(obj, name, _absent)
            except Exception:  # noqa: BLE001 - a property that fails: the template got no value either
                value = _absent
            if callable(value) and not isinstance(value, (type, Content)) and value is not _absent:
                return b"R" + Digester.value(self.base, obj, FULL)  # a method: the whole object
            values.append(value)
        # Pickled in one pass as a content object's attributes are (``_pickle``): content
        # objects among the values are written as identities, then added as digested here.
        data, met = self.base._dump((self.identity(obj), values))
        if data is None:
            return b"R" + Digester.value(self.base, obj, FULL)
        return b"r" + _md5(data + b"".join(map(self.value, met)))
