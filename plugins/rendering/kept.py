"""Content objects kept between builds (``Run.memory``): a file is read again only when
something it is read from changed.

What a content object is right after Pelican read it (before ``derive``) depends on its
file (size, modification time, inode), the content class and format, the settings, theme
and plugins and today's date (the run's ``state_key``), and what the kit's read hooks
take from the validation report: the file's validated fields, slug and publication, the
site's tag names and the OPD registry. Those make the key. What reading does besides
making the object is recorded with it and replayed: the images the hooks plan (when a
replayed plan differs, the image changed, the file is read again) and the Markdown cache
entry it used (kept in the cache, which drops entries a build does not use).

An object is kept as its pickled attributes (without the settings and the shared
context) and unpickled afresh for each build: ``derive`` changes objects in place, and
each build starts from what reading made. Its ``fields`` (the report's own dict) and
``opd`` (the registry's entry) are the current report's again.

When nothing but the kit listens to Pelican's signals, the objects read in a build are
pickled once reading is over (``seal``, before ``derive``), from their attributes as
``read_file`` returned them: the rest of reading (Pelican's translations, the kit's
previous/next links) adds attributes to an object and never changes those in place.
With many (a cold build) a forked process pickles them, while the build goes on on the
other CPU (during ``derive``); the build takes its answer when rendering starts
(``collect``). Otherwise each object is pickled as soon as it is read. Each object's
attributes as read and the md5 of its pickle are known to rendering from then on
(``read_states``).

A cold build reads half of its files in a forked process (``read_ahead``: the same
readings, run there too, each of its files sent pickled as soon as it is read) while it
reads the others: it makes those objects again from what that process sent, as it would
from what a last build kept, and keeps them as sent.

The preview's build process keeps them in memory; a one-off build keeps them in its
``memory.pickle`` (``rendering.incremental``), so that the next one-off build reads only
the files that changed.

Only when nothing but the kit listens to Pelican's reading signals: a site's own plugin
may change objects as they are read, from anything.

When nothing but the kit listens to any of Pelican's signals, no URL-forming attribute
changes after reading (the kit's steps run inside ``frozen_urls``): each object's
``url`` and ``save_as`` as this build computed them are kept with it too, and an object
made again gets them back (``pelican_internals.know_urls``) instead of Pelican formatting
its URL patterns again (while reading, for its ``is_valid``, and once more from derive to
the end of render). So is its summary, when made from nothing but what reading made
(Pelican's ``get_summary`` memo, seeded by ``pelican_internals.know_summary``): Pelican
would replace the links of the body and cut it to length again (about 50 µs an object).
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import io
import logging
import operator
import os
import pickle
import warnings
import weakref
import zlib

from blinker import NamedSignal
from pelican import signals
from pelican.contents import Content, Page
from pelican.urlwrappers import Author, Category, Tag

import content
from common.forked import fork_start, fork_stream, stop, usable_cpus
from common.store import value_key
from pelican_internals import know_summary, know_urls, links_elsewhere, own_attributes, rebuilt, summary_of

from .digest import _md5

MEMORY_KEY = "rendering.kept"
READ_SIGNALS = ("content_object_init", "article_generator_preread", "article_generator_context",
                "page_generator_preread", "page_generator_context", "konten_item_context")
URL_KEYS = ("url", "save_as")
_ABSENT = object()  # an attribute an object does not have
FORK_MIN = 400  # objects read in a build before they are pickled by a forked process
AHEAD_MIN = 500  # files to read before a forked process reads half of them (read_ahead)


# Tags, categories and authors carry the whole settings (functions included): they are
# kept without them and get the current build's settings back.
_settings = None  # the settings of the build unpickling a kept object


def _wrapper(cls, state):
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    obj.settings = _settings
    return obj


def _reduce_wrapper(wrapper):
    return _wrapper, (type(wrapper), own_attributes(wrapper))


def _elsewhere(full: str) -> bool:
    """Whether the process reading ahead reads this file (by name, one in two)."""
    return zlib.crc32(os.fsencode(full)) & 1 == 1


class ReadHere(Exception):
    """In the process reading ahead: a file the build process reads (Pelican notes it as
    failed there, and goes on with the next)."""


class _Noted(logging.Handler):
    """In the process reading ahead: every message, noted, none shown."""

    seen = False

    def emit(self, record):
        self.seen = True

    def note(self):
        self.seen = True


class HoldsContent(TypeError):
    """A content object's attributes hold another content object: it is not kept (a
    copy of the other object, as it was when this one was read, would be stale)."""


class _Dispatch(dict):
    """The kept pickle's ``dispatch_table``: tags, categories and authors without the
    settings; another content object refused (``HoldsContent``); any other type as
    pickle writes it (its reducer chosen once per type, then found by the pickler in C)."""

    def __missing__(self, t):
        if issubclass(t, Content):
            raise HoldsContent(t.__qualname__)
        if issubclass(t, type):
            raise KeyError(t)  # a class with its own metaclass: written by name, as pickle does
        reducer = self[t] = operator.methodcaller("__reduce_ex__", pickle.HIGHEST_PROTOCOL)
        return reducer


DISPATCH = _Dispatch({**copyreg.dispatch_table, **{cls: _reduce_wrapper for cls in (Author, Category, Tag)}})


def _dumps(value) -> bytes:
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = DISPATCH
    pickler.dump(value)
    return buf.getvalue()


def _loads(data: bytes, settings):
    global _settings
    _settings = settings
    try:
        return pickle.loads(data)
    finally:
        _settings = None


def only_the_kit_listens(run, names=READ_SIGNALS) -> bool:
    """The kit connects one receiver per signal for the run (a partial of the pipeline's
    dispatch, with the run as first argument); anything else is a site's own plugin.
    ``names``: the signals to look at (None: every signal)."""
    chosen = [v for v in vars(signals).values() if isinstance(v, NamedSignal)] if names is None else map(signals.signal, names)
    for signal in chosen:
        for receiver in signal.receivers.values():
            if isinstance(receiver, weakref.ref):
                receiver = receiver()
            args = getattr(receiver, "args", ())
            if not (isinstance(receiver, functools.partial) and args and args[0] is run):
                return False
    return True


class KeptObjects:
    """The run's view of the kept objects: ``wrap`` a generator's readers."""

    def __init__(self, run):
        self.run = run
        report = run.report
        registry = sorted((k, value_key(v)) for k, v in report.registry.items())
        salt = value_key((run.state_key, sorted(report.tag_names.items()), registry))
        if any(d is None for _, d in registry) or not run.settings.get("WITH_FUTURE_DATES", True):
            # A registry entry that cannot be digested, or Pelican holding future items back
            # by the clock (the kit's own publication check is in each key): nothing is kept.
            salt = None
        self.salt = salt
        self.opd_keys = dict(registry)  # OPD slug -> value_key of its registry entry
        memo = run.memory.setdefault(MEMORY_KEY, {})
        if salt is None or memo.get("salt") != salt:
            memo.clear()
            memo["salt"] = salt
        self.old = memo.get("objects") or {}
        self.new = memo["objects"] = {}  # only this build's files: deleted ones leave the memory
        self.made: dict[str, object] = {}  # file -> its object in this build
        # file -> how it was read (Pelican's read_file and its arguments): the preview reads
        # an edited file again with these for its quick page (preview.quick).
        self.calls: dict[str, tuple] = {}
        self.pending: dict[str, tuple] = {}  # file -> (key, planned, its item, its attributes): to pickle
        self.pickling = None  # the forked process pickling them (a fork_start wait), see seal
        self.waiting: dict[str, tuple] = {}  # file -> (key, planned, item, read) of what that process pickles
        self.urls = only_the_kit_listens(run, None)  # URLs kept too (see the module doc)
        # id -> (object, md5 of its kept pickle, its attributes as read) of each content
        # object this build read or made again and keeps, when ``urls`` (nothing but the kit
        # listens to Pelican's signals). Nothing the kit does after reading changes those
        # attributes in place (``derive`` and rendering add attributes or replace them;
        # tests/test_rendering.py checks it on the sample site), so an attribute still
        # holding the very object it held when read is covered by the pickle's md5: the
        # digests of rendering.digest pickle only what was added or replaced since.
        self.read_states: dict[int, tuple] = {}
        # What other packages computed from an object's attributes as read (``remember``):
        # id -> (object, {name: (value, input names, their values then)}), kept with it by
        # ``keep_urls``; and what the last build kept, for the objects made again (``recall``).
        self.remembered: dict[int, tuple] = {}
        self.recallable: dict[int, tuple] = {}
        self.stats = run.stats.setdefault("objek", {"kept": 0, "read": 0, "urls": 0})
        self.ahead = None  # the Stream of the process reading ahead (read_ahead)
        self.arrived: dict[str, tuple | None] = {}  # file -> what that process sent, not taken yet
        self.send = None  # in that process: what sends a file's object to this one
        self.noted = None  # in that process: notes a message while a file is read

    def wrap(self, readers):
        if self.salt is None:
            return
        original = readers.read_file

        @functools.wraps(original)
        def read_file(base_path, path, content_class=Page, fmt=None, context=None, **rest):
            full = os.path.abspath(os.path.join(base_path, path))
            if self.send is not None and not _elsewhere(full):  # the process reading ahead: not its file
                raise ReadHere(full)
            item = self.run.report.item_for(full)
            key = self._key(full, item, content_class, fmt)
            hit = self.old.get(full) if key is not None else None
            kept = hit is not None and hit[0] == key
            if self.send is not None:  # the process reading ahead (read_ahead)
                if kept or key is None:
                    raise ReadHere(full)
                return self._read_ahead(full, key, item, functools.partial(original, base_path, path, content_class, fmt, context, **rest))
            self.calls[full] = (original, (base_path, path, content_class, fmt, context), rest)
            if kept:
                obj = self._use(full, item, hit, context, readers.settings)
                if obj is not None:
                    self.stats["kept"] += 1
                    return obj
            elif key is not None and self.ahead is not None and _elsewhere(full):
                hit = self._arrival(full)
                obj = self._use(full, item, hit, context, readers.settings) if hit and hit[0] == key else None
                if obj is not None:
                    self.stats["ahead"] += 1
                    content.note_read(self.run)
                    return obj
            planned = []
            with self._recording(planned):
                obj = original(base_path, path, content_class, fmt, context, **rest)
            self.stats["read"] += 1
            if key is not None:
                self.made[full] = obj
                read = (type(obj), own_attributes(obj))  # later steps add attributes, never change these
                if self.urls:  # nothing but the kit changes objects during reading: pickled by seal
                    self.pending[full] = (key, planned, item, read)
                else:
                    self._keep({full: self._blob(item, *read)}, {full: (key, planned, item, read)})
            return obj

        readers.read_file = read_file

    def _use(self, full, item, hit, context, settings):
        """The object ``hit`` (what ``new`` keeps of a file) holds, made again for this
        build; None when something it was read from changed (read the file again)."""
        obj = self._restore(item, hit, context, settings)
        if obj is None:
            return None
        self.new[full] = hit
        self.made[full] = obj
        if self.urls:
            known = hit[3]
            stands_for = known.get("md5") or self._stands_for(hit[1], hit[0], item)
            self.read_states[id(obj)] = (obj, stands_for, own_attributes(obj))
            if "url" in known:
                know_urls(obj, known)
                self.stats["urls"] += 1
            if "summary" in known:
                know_summary(obj, *known["summary"])
            if "derived" in known:
                self.recallable[id(obj)] = (obj, known["derived"])
        return obj

    def remember(self, obj, name, value, inputs: tuple) -> None:
        """Keep ``value`` with ``obj`` for the next build, where ``recall`` gives it back:
        a value computed from nothing but the attributes ``inputs`` of ``obj``, the run's
        settings and what its kept entry stands for (its file, validated fields and OPD).
        Kept only if those attributes still hold what reading made at the end of render,
        and not for an object linking other files (its summary and body follow their
        addresses). What the last build kept, the same again, stays as it is."""
        if not self.urls:
            return
        kept = self.recallable.get(id(obj))
        if kept is not None and kept[0] is obj and kept[1].get(name, _ABSENT) == value:
            return
        if not links_elsewhere(obj):
            own = vars(obj)
            entry = self.remembered.setdefault(id(obj), (obj, {}))
            entry[1][name] = (value, inputs, [own.get(n, _ABSENT) for n in inputs])

    def recall(self, obj, name, inputs: tuple):
        """What the last build ``remember``-ed as ``name`` for this file's object, when
        ``obj`` was made again from what it kept and its attributes ``inputs`` still hold
        what reading made (then they hold what they held when the value was computed);
        else None."""
        entry, read = self.recallable.get(id(obj)), self.read_states.get(id(obj))
        if entry is None or entry[0] is not obj or read is None or read[0] is not obj or name not in entry[1]:
            return None
        own, before = vars(obj), read[2]
        if any(own.get(n, _ABSENT) is not before.get(n, _ABSENT) for n in inputs):
            return None
        return entry[1][name]

    # --- reading ahead: a cold build reads half of its files in a second process ---------

    def read_ahead(self, contexts):
        """When most files must be read (a cold build) and a second CPU is there: a forked
        process runs ``contexts`` (every generator's reading, as this process is about to)
        but reads only the files ``_elsewhere`` gives it, and sends each object pickled as
        soon as it is read; this process reads the others and makes those again from what
        it sent (``_arrival``), as it makes again the objects a build kept. A file whose
        reading logged anything (a warning, Pelican's own message), failed, or cannot be
        pickled is read here, so every message is this process's, once. Until ``seal``."""
        files = len(self.run.report.items)
        workers = int(self.run.settings.get("CEPAT_WORKERS") or usable_cpus())
        if (self.salt is None or files < AHEAD_MIN or len(self.old) * 2 >= files or workers < 2
                or usable_cpus() < 2 or not hasattr(os, "fork")):
            return
        self.stats.setdefault("ahead", 0)
        self.ahead = fork_stream(functools.partial(self._ahead_process, contexts))

    def _ahead_process(self, contexts, send):
        """In the forked process: quiet, every message noted per file (``_read_ahead``)."""
        self.noted = _Noted()
        for logger in (logging.getLogger(), *logging.Logger.manager.loggerDict.values()):
            if isinstance(logger, logging.Logger) and logger.handlers:
                logger.handlers = [self.noted]
        logging.getLogger().handlers = [self.noted]
        warnings.showwarning = lambda *args, **kwargs: self.noted.note()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1), os.dup2(quiet, 2)
        self.send = send
        contexts()

    def _read_ahead(self, full, key, item, read):
        """In the forked process: one of its files read, sent as ``new`` would keep it (or
        as None: this process reads it itself)."""
        planned = []
        self.noted.seen = False
        try:
            with self._recording(planned):
                obj = read()
        except Exception:
            self.send((full, None))
            raise
        blob = None if self.noted.seen else self._blob(item, type(obj), own_attributes(obj))
        known = {}
        if blob is not None and self.urls:  # final once read (see the module doc): made here
            try:
                known = {k: getattr(obj, k) for k in URL_KEYS}
            except Exception:  # noqa: BLE001 - Pelican reports it when it checks the object
                known = {}
            if self.noted.seen:  # formatting them said something: that process formats them
                known = {}
        try:
            self.send((full, (key, blob, planned, known) if blob is not None else None))
        except Exception:  # noqa: BLE001 - what reading planned cannot be pickled: read there
            self.send((full, None))
        return obj

    def _arrival(self, full):
        """What the process reading ahead sent for ``full`` (waiting for it), or None."""
        while full not in self.arrived:
            try:
                name, hit = self.ahead.receive()
            except EOFError:  # done, or gone: the files it did not send are read here
                self.ahead.close()  # (what it sent stays in ``arrived``)
                break
            self.arrived[name] = hit
        return self.arrived.pop(full, None)

    def _end_ahead(self):
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None
        self.arrived = {}

    def seal(self):
        """Called once reading is over, before ``derive`` changes the objects: the objects
        read in this build are pickled as they are now, by a forked process when there are
        many (its answer is taken by ``collect``), else here."""
        self._end_ahead()
        pending, self.pending = self.pending, {}
        blobs = functools.partial(self._blobs, pending)
        if len(pending) >= FORK_MIN and hasattr(os, "fork") and usable_cpus() >= 2:
            self.pickling = fork_start(blobs)
            self.waiting = pending
        else:
            self._keep(blobs(), pending)

    def _blobs(self, pending: dict) -> dict[str, bytes | None]:
        return {full: self._blob(item, *read) for full, (_, _, item, read) in pending.items()}

    def collect(self):
        """The pickled objects of ``seal``'s process, kept (none when it failed: those files
        are read again by the next build). Called when rendering starts."""
        wait, self.pickling = self.pickling, None
        if wait is not None:
            ok, blobs = wait()
            self._keep(blobs if ok else {}, self.waiting)
            self.waiting = {}

    def stop(self):
        """A build that ends early leaves no pickling or reading process behind."""
        self._end_ahead()
        if self.pickling is not None:
            stop(self.pickling)
            self.pickling = None

    def _keep(self, blobs: dict, keys: dict):
        """``blobs``: file -> its object pickled (None: it could not be); ``keys``: file ->
        (its key, what reading it planned, its item, (its class, its attributes as read))."""
        for full, blob in blobs.items():
            if blob is not None:
                key, planned, item, read = keys[full]
                # Its URLs, summary and derived values: see keep_urls; the md5 standing for
                # it, the same while it is kept (its key and the kept objects' salt hold
                # what it is made of): computed once.
                stands_for = self._stands_for(blob, key, item)
                self.new[full] = (key, blob, planned, {"md5": stands_for})
                if self.urls:
                    obj = self.made[full]
                    self.read_states[id(obj)] = (obj, stands_for, read[1])

    def _stands_for(self, blob: bytes, key: tuple, item) -> bytes:
        """The md5 of a kept object's attributes as read: of its pickle, and of the two it
        is pickled without (``_blob``): its validated fields (in its key) and its OPD's
        registry entry."""
        return _md5(key[-1] + (self.opd_keys.get(item.values.get("opd")) or b"") + blob)

    def keep_urls(self):
        """Called at the end of render (inside ``frozen_urls``), after ``collect``: each
        kept object's ``url`` and ``save_as``, as this build computed them, kept with it;
        and its summary, when Pelican made it from nothing but what reading made
        (``pelican_internals.summary_of``)."""
        if not self.urls:
            return
        for full, obj in self.made.items():
            if full not in self.new:
                continue  # could not be pickled: read again next time
            known = self.new[full][3]
            if "url" not in known:
                try:
                    urls = {k: getattr(obj, k) for k in URL_KEYS}
                except Exception:  # noqa: BLE001 - an object without a URL keeps none
                    urls = {}
                known.update(urls)
            if "summary" not in known:
                read = self.read_states.get(id(obj))
                summary = summary_of(obj, read[2]) if read is not None else None
                if summary is not None:
                    known["summary"] = summary
            self._keep_remembered(obj, known)

    def _keep_remembered(self, obj, known: dict) -> None:
        """What was ``remember``-ed of ``obj`` in this build, into what is kept of it:
        each value whose inputs held what reading made when it was computed."""
        entry, read = self.remembered.get(id(obj)), self.read_states.get(id(obj))
        if entry is None or entry[0] is not obj or read is None or read[0] is not obj:
            return
        before = read[2]
        derived = dict(known.get("derived") or {})
        for name, (value, inputs, then) in entry[1].items():
            if all(v is before.get(n, _ABSENT) for n, v in zip(inputs, then)):
                derived[name] = value
            else:
                derived.pop(name, None)
        known["derived"] = derived

    def _key(self, full, item, content_class, fmt):
        if item is None:
            return None
        try:
            st = os.stat(full)
        except OSError:
            return None
        values = item.values_key or value_key(item.values)  # made by the check, or now
        if values is None:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino, content_class.__module__, content_class.__qualname__, fmt,
                item.slug, item.published, values)  # the fields' digest last (``_stands_for``)

    @contextlib.contextmanager
    def _recording(self, planned: list):
        """Records what reading one file does besides making its object: the images it
        plans (``("plan", args, kwargs, plan)``) and the Markdown cache entries it uses
        (``("markdown", key)``: a kept object keeps its entry in the cache)."""
        images, markdown = self.run.images, self.run.markdown
        if images is not None:
            plan = images.plan

            def recorded_plan(*args, **kwargs):
                made = plan(*args, **kwargs)
                planned.append(("plan", args, kwargs, made))
                return made

            images.plan = recorded_plan
        if markdown is not None:
            get = markdown.get

            def recorded_get(key):
                planned.append(("markdown", key))
                return get(key)

            markdown.get = recorded_get
        try:
            yield
        finally:  # the classes' methods again
            if images is not None:
                del images.plan
            if markdown is not None:
                del markdown.get

    def _blob(self, item, cls, state: dict) -> bytes | None:
        """The object's attributes pickled, without its ``fields`` and ``opd`` when they
        are the validation report's and the registry's own (set again by ``_restore``;
        the fields are most of the time it takes to unpickle an object)."""
        shared = []
        if state.get("fields") is item.values:
            shared.append("fields")
        opd = self.run.report.registry.get(item.values.get("opd"))
        if opd is not None and state.get("opd") is opd:
            shared.append("opd")
        if shared:
            state = {k: v for k, v in state.items() if k not in shared}
        try:
            return _dumps((cls, state, shared))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
            return None

    def _restore(self, item, hit, context, settings):
        _, blob, planned, _ = hit
        images, markdown = self.run.images, self.run.markdown
        for kind, *record in planned:
            if kind == "plan":
                args, kwargs, made = record
                if images is None or images.plan(*args, **kwargs) != made:
                    return None  # an image changed: read the file again
            elif markdown is not None:
                markdown.get(record[0])  # its Markdown stays in the cache
        cls, state, shared = _loads(blob, settings)
        obj = rebuilt(cls, state, settings, context)
        if "fields" in shared:
            obj.fields = item.values
        if "opd" in shared:
            obj.opd = self.run.report.registry.get(item.values.get("opd"))
        return obj
