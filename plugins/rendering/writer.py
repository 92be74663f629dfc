"""A Pelican Writer that records template pages and renders them at the end of the run:
only the pages whose inputs changed, in forked worker processes.

While the generators run, ``write_file`` records one job per output file (pagination
expanded exactly as Pelican's own Writer does). When the run is finalized:

1. each job whose previous render is in the manifest (the run's state folder) and whose
   inputs have the same digest is *kept*: the file of the previous output is
   hard-linked into the new (staging) output, never written (the preview's ``in_place``
   run only lists it in ``run.unchanged``: it stays where it is);
2. the other jobs are rendered by ``CEPAT_WORKERS`` forked processes (they inherit
   the whole context: nothing is pickled); each records which context names its
   template read (a tracking Jinja context) and the digest of their values;
3. the parent sends ``content_written`` for every output and stores the manifest
   beside the new output, to be adopted when the build is swapped in.

The inputs of a page are the names its templates read (``article``, ``articles_page``,
``SITENAME``...) and the attributes they read on the content objects those names lead
to (a list's items, an item's neighbours: ``_note_attribute``). Templates only see what
they read, so equal digests of those values give equal pages; theme, plugins, settings
and today's date are in the manifest key.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import traceback
from pathlib import Path

import jinja2.filters
import jinja2.tests
from markupsafe import Markup
from pelican import signals
from pelican.contents import Content

from common import stamps
from common.forked import fork_start, stop, usable_cpus
from common.paths import relative
from content import kemajuan
from pelican_internals import RecordingWriter, frozen_urls, observe_templates

from .digest import PAGING, PAGING_SAFE, READS, Digester
from .incremental import (MANIFEST, MANIFEST_LOCK, ManifestWrite, forget_manifest, in_ci, quick_pages, state_store,
                          wait_for_writer)
from .linker import folders_of, link, take_skeleton

logger = logging.getLogger(__name__)

CHUNK, MAX_CHUNKS = 16, 4096  # pages per chunk a render worker takes (at least), chunks (at most)

_accessed: set[str] | None = None
# Per render: attributes read on Paginator / Page objects (by id), and the ids of those
# used in any other way (passed to a function or filter): those get a full digest.
_paging_reads: dict[int, set[str]] | None = None
_paging_opaque: set[int] | None = None
# Per render: the attributes read on content objects other than the page's own (those
# held by the context names it read: ``article``, ``page``...), e.g. on the news items of
# a list or of an item's "more from this OPD"; ``_content_opaque`` once one was handed to
# a function or filter (what it read is unknown: the page's digest then covers every
# attribute, as without this record). ``_own``: the ids of the content objects of the
# names read so far (digested whole, see digest.Digester.names), from ``_context``.
_content_reads: set[str] | None = None
_content_opaque = False
_own: set[int] = set()
_context: dict | None = None
_counter = None  # pages rendered, shared with the forked workers (content.kemajuan)
# Per render step: the output of the macros named by CEPAT_MAKRO_SEKALI, by macro and
# arguments, with the names each call read (see _around_macro); None outside a flush.
_macros: dict | None = None
_macros_once: frozenset = frozenset()
_PLAIN = (str, int, float, bool, type(None))
_SCALARS = frozenset({*_PLAIN, Markup})  # values that hold no content object (exact types)
# What Jinja passes along with a call made inside a loop or block (for functions that take
# the context; a macro's Context.call drops them): not arguments of the macro.
_JINJA_OWN = frozenset({"_loop_vars", "_block_vars"})


def _holds_content(value, depth: int = 0) -> bool:
    """Whether ``value`` is, or holds in its lists, tuples, sets and dicts, a content
    object (or a pagination of them); past a few levels of nesting, assumed so."""
    if isinstance(value, (Content, *PAGING)):
        return True
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, (list, tuple, set, frozenset)):
        return False
    if depth >= 4:
        return True
    return any(isinstance(v, (Content, *PAGING, list, tuple, set, frozenset, dict)) and _holds_content(v, depth + 1)
               for v in value)


def _note_opaque(values, structural=False):
    global _content_opaque
    if _paging_opaque is None:
        return
    content = not structural and _content_reads is not None and not _content_opaque
    for v in values:
        if type(v) in _SCALARS:  # most arguments: a string, a number
            continue
        if isinstance(v, PAGING):
            _paging_opaque.add(id(v))
        if content and _holds_content(v):
            _content_opaque, content = True, False


def _note_name(key):
    if _accessed is not None:
        _accessed.add(key)
        if _context is not None and isinstance(_context.get(key), Content):
            _own.add(id(_context[key]))


def _note_call(args, kwargs):
    if _paging_opaque is not None:
        _note_opaque(args)
        _note_opaque(kwargs.values())


def _note_attribute(obj, attribute):
    kind = _KINDS.get(type(obj))
    if kind is None:
        kind = _KINDS[type(obj)] = 1 if issubclass(type(obj), PAGING) else 2 if issubclass(type(obj), Content) else 0
    if not kind:
        return
    if kind == 1:
        if _paging_reads is not None:
            _paging_reads.setdefault(id(obj), set()).add(str(attribute))
    elif _content_reads is not None and id(obj) not in _own:
        _content_reads.add(str(attribute))


# A type -> 1: pagination, 2: content object, 0: other (``_note_attribute``); emptied as a render step ends.
_KINDS: dict[type, int] = {}


def _around_macro(macro, args, kwargs, call):
    """A macro named by ``CEPAT_MAKRO_SEKALI`` (e.g. the news card, shown for one item on
    its neighbours' pages, the lists, the tag, category and OPD pages) is rendered once
    per render step for the same arguments: content objects (by identity: they do not
    change while pages render) and plain values. The names its first call read are
    noted again on every page that uses the kept output, so each page's inputs are
    recorded as if it had rendered the macro itself, and so are the attributes it read on
    content objects (all of them, the calling page's own included: another page may
    show the same card of an item that is not its own). A macro's own arguments are part
    of the calling page's inputs already (the page read them to pass them)."""
    memo = _macros
    if memo is None or macro.name not in _macros_once or not _JINJA_OWN.issuperset(kwargs):
        return call()
    key = [id(macro)]
    for arg in args:
        if isinstance(arg, Content):
            key.append(id(arg))
        elif type(arg) in _PLAIN:
            key.append((type(arg), arg))
        else:
            return call()
    key = tuple(key)
    hit = memo.get(key)
    global _accessed, _content_reads, _content_opaque, _own, _context
    if hit is None:
        outer = _accessed, _content_reads, _content_opaque, _own, _context
        _accessed, _content_reads, _content_opaque, _own, _context = set(), set(), False, set(), None
        try:
            made = call()
            names, reads, opaque = _accessed, _content_reads, _content_opaque
        finally:
            _accessed, _content_reads, _content_opaque, _own, _context = outer
        # The macro and its arguments are kept with its output: their ids stay unique.
        hit = memo[key] = (macro, args, made, frozenset(names), frozenset(reads), opaque)
    if _accessed is not None:
        _accessed.update(hit[3])
    if _content_reads is not None:
        _content_reads.update(hit[4])
        _content_opaque = _content_opaque or hit[5]
    return hit[2]


# Jinja's own filters and tests that read no attribute of the objects handed to them (nor
# of the items of a list): a content object passed to them is not read by code.
STRUCTURAL = {
    "filters": frozenset({"length", "count", "first", "last", "list", "batch", "slice", "default", "d"}),
    "tests": frozenset({"defined", "undefined", "none", "sameas", "in", "mapping", "iterable", "sequence",
                        "string", "number", "callable"}),
}


def _tracking_filter(func, structural=False):
    if getattr(func, "_cepat_tracking", False):
        return func

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _note_opaque(args, structural)
        if kwargs:
            _note_opaque(kwargs.values(), structural)
        return func(*args, **kwargs)

    wrapper._cepat_tracking = True
    return wrapper


def track_environment(generator):
    """Every template of the generator notes the names, attributes and calls it reads."""
    env = getattr(generator, "env", None)
    if env is not None:
        observe_templates(env, _note_name, _note_call, _note_attribute, _around_macro)


def track_filters(env):
    """Filters and tests (also those plugins added after ``generator_init``) mark a
    Paginator / Page handed to them as used opaquely, and content objects too, but for
    ``STRUCTURAL`` ones (Jinja's own)."""
    for kind, table, own in (("filters", env.filters, jinja2.filters.FILTERS), ("tests", env.tests, jinja2.tests.TESTS)):
        for key, func in list(table.items()):
            table[key] = _tracking_filter(func, key in STRUCTURAL[kind] and own.get(key) is func)


def tracked_names(localcontext: dict, accessed: set[str], reads: dict, opaque: set[int],
                  content_reads: set[str] | None = None) -> tuple:
    """The names a render read; a Paginator / Page read only through attributes becomes
    ``name.<attributes read beyond its structure>`` (see digest). When ``content_reads``
    (the attributes read on content objects other than the page's own) is given, it
    ends the tuple as ``digest.READS`` + the attributes, comma-separated (see digest)."""
    out = []
    for name in accessed:
        value = localcontext.get(name)
        if isinstance(value, PAGING) and id(value) not in opaque and id(value) in reads:
            attrs = reads[id(value)]
            deep = sorted(a for a in attrs if a not in PAGING_SAFE)
            if not any(callable(getattr(value, a, None)) for a in deep):
                out.append(name + "." + ".".join(deep))
                continue
        out.append(name)
    out.sort()
    if content_reads is not None:
        out.append(READS + ",".join(sorted(content_reads)))
    return tuple(out)


class Job:
    __slots__ = ("name", "template", "localcontext", "names", "digest", "stamp")

    def __init__(self, name, template, localcontext):
        self.name, self.template, self.localcontext = name, template, localcontext
        self.names = self.digest = self.stamp = None


class CepatWriter(RecordingWriter):
    """Pelican's ``write_file`` (pagination, template context, overwrite rules: see
    pelican_internals.RecordingWriter) records one Job per output file."""

    def __init__(self, run):
        super().__init__(str(run.output), settings=run.settings)
        self.run = run
        self.jobs: dict[str, Job] = {}
        # source file -> {output path: the context names} of each page that shows its
        # content object by name (``article``, ``page``, ``entry``...): the preview's quick page.
        self.pages_of: dict[str, dict[str, list[str]]] = {}

    def record(self, path, template, localcontext):
        self.jobs[path] = Job(relative(path, self.output_path), template, localcontext)

    def write_file(self, name, template, context, *args, **kwargs):
        count = len(self.jobs)
        super().write_file(name, template, context, *args, **kwargs)
        if len(self.jobs) == count + 1:  # one page recorded: the last job
            path = next(reversed(self.jobs))
            job = self.jobs[path]
            for key, value in kwargs.items():
                if isinstance(value, Content) and job.localcontext.get(key) is value and value.source_path:
                    self.pages_of.setdefault(value.source_path, {}).setdefault(path, []).append(key)

    # --- rendering -------------------------------------------------------------------

    def flush(self):
        """Render what changed, link what did not, write the manifest (called once, by the pipeline's ``render`` step)."""
        if getattr(self, "_flushed", False):
            return
        self._flushed = True
        with frozen_urls():
            self._flush()

    def _flush(self):
        jobs = list(self.jobs.values())
        state, key = self.run.state, self.run.state_key
        previous = str(self.run.previous) if self.run.previous else None
        manifest = load_manifest(state, key) if state and previous else {}
        for name in quick_pages(state) if manifest else ():
            manifest.pop(name, None)  # written by the preview ahead of this build: rendered again
        digester = Digester(self.run.kept.read_states if self.run.kept else None)
        for env in {id(j.template.environment): j.template.environment for j in jobs}.values():
            track_filters(env)
        todo, kept = [], 0
        in_place = self.run.in_place
        workers = int(self.settings.get("CEPAT_WORKERS") or usable_cpus())
        incremental = bool(manifest) and self.settings.get("CEPAT_INCREMENTAL", True)
        # Started before validation (``start_linker``), it has made the last build's folders.
        linker = self.run.linker or (Linker(previous, self.output_path, workers) if incremental and not in_place else None)
        try:
            for job in jobs:
                old = manifest.get(job.name) if incremental else None
                if old is not None and digester.names(job.localcontext, old[0]) == old[1]:
                    if linker is not None:
                        linker.add(job.name)  # kept, unless its link fails (below)
                    elif os.path.isfile(os.path.join(previous, job.name)):
                        self.run.unchanged.add(job.name.replace(os.sep, "/"))
                    else:
                        todo.append(job)
                        continue
                    job.names, job.digest = old
                    kept += 1
                    continue
                todo.append(job)
        except BaseException:
            if linker is not None:
                linker.abort()
            raise
        failed = set()
        if linker is not None:
            failed = linker.finish()
            linker.tidy(j.name for j in jobs)
        if failed:  # rendered after all, in their place in the order of jobs
            kept -= len(failed)
            for job in jobs:
                if job.name in failed:
                    job.names = job.digest = None
            todo = [j for j in jobs if j.digest is None]
        # A one-off build rendering every page of a large site (a cold one) leaves the
        # digests to a process that makes the manifest after the build (ManifestWrite).
        least = self.settings.get("CEPAT_DIGEST_NANTI")
        later = (least is not None and len(todo) >= least and not manifest and state and hasattr(os, "fork")
                 and self.run.memory_file is not None and not in_ci())
        # Render one page of each template here, in the parent: template-level side
        # effects (e.g. a template function registering an asset) happen in this process.
        seen: set[str] = set()
        first = []
        for job in todo:
            if job.template.name not in seen:
                seen.add(job.template.name)
                first.append(job)
        first_ids = {id(j) for j in first}
        rest = [j for j in todo if id(j) not in first_ids]
        global _counter, _macros, _macros_once, _KINDS
        _macros, _macros_once = {}, frozenset(self.settings.get("CEPAT_MAKRO_SEKALI") or ())
        # While pages render, a template this process or a worker (which inherits the
        # setting) has loaded is not looked at on disk again: Jinja would read its file's
        # time at every extends, include and import of every page, a few per cent of a
        # page's rendering. A template saved meanwhile changes the next build's manifest
        # key (the theme is in it). Back on after the step: the preview's next build in
        # this process loads what was saved.
        environments = {job.template.environment: job.template.environment.auto_reload for job in todo}
        for env in environments:
            env.auto_reload = False
        try:
            # One of them before the workers start: what every template shares (the base
            # template and its includes loaded, Babel's locale data) is there for them all.
            for job in first[:1]:
                job.names, job.digest, job.stamp = render(job, self.output_path, None if later else digester)
            _counter = kemajuan.counter("Menulis halaman", len(todo))
            _counter.value = len(first[:1])
            results = run_workers(rest, self.output_path, workers, None if later else digester, here=first[1:])
        finally:
            _counter = _macros = None
            _KINDS = {}  # no class kept past the render step
            for env, reload in environments.items():
                env.auto_reload = reload
        for job, (names, digest, stamp) in zip(rest, results):
            job.names, job.digest, job.stamp = names, digest, stamp
        # Each page rendered, as common.stamps.FileDigests keeps a file (the search step's
        # shard keys: its pages are not read again for their md5).
        self.run.pages_written = {job.name.replace(os.sep, "/"): job.stamp for job in jobs if job.stamp is not None}
        logger.info("cepat: %d halaman dirender, %d tidak berubah", len(todo), kept)
        self.stats = {"rendered": len(todo), "kept": kept}
        for job in jobs:
            signals.content_written.send(os.path.join(self.output_path, job.name), context=job.localcontext)
        if later:
            forget_manifest(state)
            self.run.manifest_written = ManifestWrite(state, key, jobs, digester)
        elif state:
            save_manifest(state, key, {j.name: (j.names, j.digest) for j in jobs})


# The linking processes' input pipes, open in this process: a process forked from it
# (``common.forked``: the search vocabulary's, the kept objects' pickling...) gets
# /dev/null in their place (``os.register_at_fork``). Else a forked process still running
# when the build closes the input would keep the linking process waiting for more names,
# and the build waiting for its answer, until that process ends (never, if it waits for
# the build in turn: a ``fork_stream`` process writing to a full pipe).
_linker_inputs: set[int] = set()


def _release_linker_inputs():
    if not _linker_inputs:
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in _linker_inputs:
            os.dup2(null, fd)  # the same number, now /dev/null: the pipe is no longer held here
    finally:
        os.close(null)
    _linker_inputs.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_release_linker_inputs)


class Linker:
    """Hard links of the kept pages from the previous output into the new one, made by a
    separate process (``linker.py``) while this one goes on digesting pages (``add``);
    ``finish`` returns the names whose link failed, after removing whatever stands at
    their place (those pages are rendered instead, into new files: a linked file is never
    written through). With one CPU, the links are made here."""

    BATCH = 256  # names per write to the linking process
    COMMAND = [sys.executable, "-S", str(Path(__file__).with_name("linker.py"))]

    def __init__(self, previous: str, output: str, workers: int, folders=(), ready: bool = False):
        """``folders``: those of the last build's pages; the process makes them at once
        (``start_linker``: before validation), unless they are there (``ready``: made after
        the last build, ``linker.skeleton_later``)."""
        self.previous, self.output = previous, output
        self.failed: set[str] = set()
        self.sent: list[str] = []
        self.buffer: list[str] = []
        self.made: set[str] = set()
        self.ahead: set[str] = set(folders) if ready else set()  # the folders made ahead (relative to ``output``)
        self.broken = False  # the linking process is gone: its names are rendered (finish)
        self.process = None
        if workers > 1:
            try:
                self.process = subprocess.Popen([*self.COMMAND, previous, output], stdin=subprocess.PIPE,
                                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
            except OSError:  # no process to be had: the links are made here
                self.process = None
            else:
                _linker_inputs.add(self.process.stdin.fileno())
                self.ahead = set(folders)
                made = () if ready else sorted(self.ahead)
                self._write(b"".join(os.fsencode(f) + b"\0" for f in made) + b"\0")

    def add(self, name: str):
        if self.process is None:
            if not link(os.path.join(self.previous, name), os.path.join(self.output, name), self.made):
                self.failed.add(name)
            return
        self.sent.append(name)
        self.buffer.append(name)
        if len(self.buffer) >= self.BATCH:
            self._send()

    def _send(self):
        data = b"".join(os.fsencode(n) + b"\0" for n in self.buffer)
        self.buffer = []
        self._write(data)

    def _write(self, data: bytes):
        try:
            while data and not self.broken:
                data = data[self.process.stdin.write(data):]
        except (BrokenPipeError, OSError):
            self.broken = True

    def finish(self) -> set[str]:
        if self.process is None:
            return self.failed
        if self.buffer:
            self._send()
        self._close_input()
        answer = self.process.stdout.read()
        code = self.process.wait()
        if code == 0 and not self.broken:
            failed = {os.fsdecode(n) for n in answer.split(b"\0")[:-1]}
        else:  # the process died: every page sent to it is rendered
            failed = set(self.sent)
        for name in failed:
            try:
                os.unlink(os.path.join(self.output, name))
            except OSError:
                pass
        return failed

    def tidy(self, names):
        """After ``finish``: the folders made ahead that none of ``names`` (this build's
        pages) is in are removed, deepest first (the last build's pages that are gone);
        one that something else wrote into stays."""
        for folder in sorted(self.ahead - folders_of(names), key=lambda f: f.count(os.sep), reverse=True):
            try:
                os.rmdir(os.path.join(self.output, folder))
            except OSError:
                pass

    def abort(self):
        """The digests or the build failed: the linking process is stopped (the build is
        refused anyway)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self._close_input()
            try:
                self.process.stdout.close()
            except OSError:
                pass

    def _close_input(self):
        if not self.process.stdin.closed:
            _linker_inputs.discard(self.process.stdin.fileno())
        try:
            self.process.stdin.close()
        except OSError:
            pass


def render(job: Job, output_path: str, digester: Digester):
    """One page written under ``output_path``: the names its templates read, their digest
    (None without ``digester``) and the file's stamp as common.stamps.FileDigests keeps
    one (size, modification time, inode, md5 of its bytes)."""
    global _accessed, _paging_reads, _paging_opaque, _content_reads, _content_opaque, _own, _context
    _accessed, _paging_reads, _paging_opaque = set(), {}, set()
    _content_reads, _content_opaque, _own, _context = set(), False, set(), job.localcontext
    try:
        output = job.template.render(job.localcontext)
        names = tracked_names(job.localcontext, _accessed, _paging_reads, _paging_opaque,
                              None if _content_opaque else _content_reads)
    finally:
        _accessed = _paging_reads = _paging_opaque = _content_reads = _context = None
        _own = set()
    path = os.path.join(output_path, job.name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = output.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    stamp = stamps.entry(os.stat(path), data)  # once closed: the time of its last write
    if _counter is not None:
        _counter.value += 1  # read by the progress line (one writer per process; a lost count is harmless)
    return names, None if digester is None else digester.names(job.localcontext, names), stamp


def run_workers(jobs: list[Job], output_path: str, workers: int, digester: Digester, here=()):
    """Render ``jobs`` in ``workers`` forked processes; return (names, digest, stamp) per
    job (``render``). ``here``: jobs rendered in this process (each gets its names, digest
    and stamp), while the workers start. The workers take the jobs in chunks, each the
    next chunk's number from a pipe they share as soon as it is done with its last: they
    end within a chunk of each other (a fixed share each left one CPU idle for a second or
    more at the end of a large build)."""
    workers = max(1, min(workers, len(jobs) // 50 or 1))
    if workers == 1 or not hasattr(os, "fork"):
        for job in here:
            job.names, job.digest, job.stamp = render(job, output_path, digester)
        return [render(j, output_path, digester) for j in jobs]
    size = max(CHUNK, -(-len(jobs) // MAX_CHUNKS))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    taken, give = os.pipe()
    try:
        numbers = memoryview(b"".join(n.to_bytes(4, "little") for n in range(len(chunks))))
        while numbers:  # 16 KiB at most: the pipe holds them all
            numbers = numbers[os.write(give, numbers):]
    finally:
        os.close(give)  # read to its end, the pipe says so: no chunk left

    def take():
        done = []
        while number := os.read(taken, 4):  # 4 bytes are read whole (a pipe's atomic read)
            n = int.from_bytes(number, "little")
            done.append((n, [render(j, output_path, digester) for j in chunks[n]]))
        return done

    try:
        waits = [fork_start(take, describe=_summary) for _ in range(workers)]
        try:
            for job in here:
                job.names, job.digest, job.stamp = render(job, output_path, digester)
        except BaseException:
            for wait in waits:
                stop(wait)
            raise
        answers = [wait() for wait in waits]
    finally:
        os.close(taken)
    errors = [value for ok, value in answers if not ok]
    if errors:
        raise RenderError(errors)
    results = [None] * len(chunks)
    for n, rendered in (pair for _, done in answers for pair in done):
        results[n] = rendered
    return [result for rendered in results for result in rendered]


def _summary(exc) -> tuple:
    """What a worker's exception says, picklable: kind, message, Jinja's own location
    (syntax errors), and the (file, line) of every frame."""
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]
    return type(exc).__name__, str(getattr(exc, "message", None) or exc), getattr(exc, "filename", None), getattr(exc, "lineno", None), frames


class RenderError(RuntimeError):
    """A page failed to render in a worker process. Carries the first failure's
    ``kind``, ``detail``, ``filename``, ``lineno`` and ``frames`` (for an explanation
    without a traceback, see preview.failure); the message holds the tracebacks."""

    def __init__(self, errors):
        """``errors``: (traceback text, ``_summary`` or None) per failed worker."""
        texts = [text for text, _ in errors]
        super().__init__("Rendering failed in a worker process:\n" + "\n".join(texts))
        first = next((summary for _, summary in errors if summary), None)
        self.kind, self.detail, self.filename, self.lineno, self.frames = first or ("RuntimeError", "worker died", None, None, [])


def start_linker(run) -> Linker | None:
    """An incremental build that swaps its folder in: the linking process starts before
    validation and makes the folders of the last build's pages in the new output while
    this process validates, reads and derives (on a virtual disk, making a folder costs
    25 times a hard link: ~5 s for the 16 000 pages of a large site, the links 0.3 s);
    ``flush`` hands it the pages kept, and removes the folders no page is in any more."""
    if run.in_place or not run.state or not run.previous or not run.settings.get("CEPAT_INCREMENTAL", True):
        return None
    workers = int(run.settings.get("CEPAT_WORKERS") or usable_cpus())
    manifest = load_manifest(run.state, run.state_key) if workers > 1 else None
    if not manifest:
        return None
    folders = folders_of(manifest)
    ready = take_skeleton(str(run.previous), str(run.output), folders)  # made after the last build
    return Linker(str(run.previous), str(run.output), workers, folders, ready)


def load_manifest(state, key) -> dict:
    wait_for_writer(state, (MANIFEST_LOCK,))  # the last build's, still being digested (ManifestWrite)
    stored = state_store(state).load(MANIFEST)
    return stored[1] if isinstance(stored, tuple) and stored[0] == key else {}


def save_manifest(state, key, pages):
    """Written as ``manifest.pickle.new``; build.py adopts it when the output is swapped in."""
    state_store(state).save(MANIFEST + ".new", (key, pages))
