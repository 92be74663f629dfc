"""Pelican's Markdown reader builds a new ``Markdown`` object (all extensions) for every
file; this one builds two per run and resets them between files. Same output.
Plain ISO dates are read without dateutil (same values).

It also keeps what Markdown produced (HTML body, raw metadata, formatted metadata) per
file content (md5 of the text and the MARKDOWN settings) in ``reader.pickle`` of the state folder,
so an unchanged file is not parsed again. Pelican's own content cache would pickle the
processed metadata, whose Category/Tag objects carry the whole settings (functions
included); this cache keeps plain strings and processes the metadata on every run.
The file is a snapshot in rendering's state store (``incremental.state_store``), so a new
version of rendering's code starts it afresh.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader, pelican_open
from pelican.utils import SafeDatetime

from common.forked import fork_start, stop
from pelican_internals import markdown_metadata

from .incremental import state_store


# "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (also with "T"): what dateutil, which Pelican's
# get_date calls, makes of them, without dateutil's general parser.
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


PREWARM_MIN = 200  # fewer Markdown files than this: not worth starting processes


class FastMarkdownReader(MarkdownReader):
    cache: ReaderCache  # set on the subclass made for a run (use_cache)
    _body_md = None
    _meta_md = None

    def process_metadata(self, name, value):
        if name in ("date", "modified") and isinstance(value, str):
            m = ISO_DATE.fullmatch(value.replace("_", " ") if name == "date" else value)
            if m:
                try:
                    return SafeDatetime(*(int(g or 0) for g in m.groups()))
                except ValueError:
                    pass  # Pelican's own message
        return super().process_metadata(name, value)

    def read(self, source_path):
        with pelican_open(source_path) as text:
            key = hashlib.md5(text.encode("utf-8", "surrogatepass") + self.cache.salt, usedforsecurity=False).digest()
        hit = self.cache.get(key)
        if hit is None:
            if self._body_md is None:
                self._body_md = Markdown(**self.settings["MARKDOWN"])
            md = self._body_md
            md.reset()
            content = md.convert(text)
            meta = getattr(md, "Meta", None)
            self._formatted = {}
            metadata = self.metadata_of(meta) if meta is not None else {}
            self.cache.put(key, (content, meta, self._formatted))
        else:
            content, meta, self._formatted = hit
            metadata = self.metadata_of(meta) if meta is not None else {}
        return content, metadata

    def metadata_of(self, meta):
        """Pelican's metadata of a file from its raw Markdown ``Meta`` (see
        pelican_internals.markdown_metadata), formatted fields converted by a Markdown
        whose meta preprocessor is removed once instead of on every file, each field's
        HTML kept with the file's cache entry."""
        return markdown_metadata(self, meta, self.formatted)

    def formatted(self, name, lines):
        html = self._formatted.get(name)
        if html is None:
            if self._meta_md is None:
                self._meta_md = Markdown(**self.settings["MARKDOWN"])
                self._meta_md.preprocessors.deregister("meta")
            self._meta_md.reset()
            html = self._formatted[name] = self._meta_md.convert("\n".join(lines))
        return html


class ReaderCache:
    """md5 of a file's text -> what Markdown made of it; entries unused in a run are dropped."""

    def __init__(self, settings, state: Path | None):
        self.salt = repr(settings.get("MARKDOWN")).encode() + repr(settings.get("FORMATTED_FIELDS")).encode()
        self.path = Path(state) / "reader.pickle" if state else None
        self.old, self.new = {}, {}
        if self.path:
            self.old = dict(state_store(self.path.parent).load(self.path.name) or {})  # prewarm adds to it
        self.stored = self.old.keys() - set()  # what the file holds (prewarm adds to ``old``)
        self.pending = []  # the waits of the processes prewarm started

    def prewarm(self, settings, workers: int):
        """When the cache holds fewer than half of the Markdown files (a cold build), start
        reading them all in ``workers`` forked processes: the build goes on meanwhile
        (validation), ``prewarmed`` collects what they made; Pelican then reads from the cache."""
        if workers < 2 or not hasattr(os, "fork"):
            return
        suffixes = tuple("." + ext for ext in MarkdownReader.file_extensions)
        paths = sorted(
            os.path.join(folder, name)
            for folder, _, names in os.walk(settings["PATH"])
            for name in names
            if name.endswith(suffixes)
        )
        if len(paths) < PREWARM_MIN or len(self.old) * 2 >= len(paths):
            return

        def read_share(share):
            logging.disable(logging.CRITICAL)  # in the child: Pelican reports when it reads
            reader = reader_class(self)(settings)
            for path in share:
                try:
                    reader.read(path)
                except Exception:  # noqa: BLE001 - Pelican reads this file again and reports
                    pass
            return self.new

        self.pending = [fork_start(functools.partial(read_share, paths[k::workers])) for k in range(workers)]

    def prewarmed(self):
        """What the processes ``prewarm`` started made (a failed share: Pelican reads those files itself)."""
        pending, self.pending = self.pending, []
        for wait in pending:
            ok, found = wait()
            self.old.update(found if ok else {})

    def stop(self):
        """A build that ends before reading: the processes ``prewarm`` started are stopped."""
        pending, self.pending = self.pending, []
        for wait in pending:
            stop(wait)

    def get(self, key):
        hit = self.new.get(key) or self.old.get(key)
        if hit is not None:
            self.new[key] = hit
        return hit

    def put(self, key, value):
        self.new[key] = value

    def save(self):
        if not self.path or self.new.keys() == self.stored:
            return
        state_store(self.path.parent).save(self.path.name, self.new, later=True)  # entries by content: never stale


def reader_class(cache: ReaderCache) -> type[FastMarkdownReader]:
    """The Markdown reader of one run, reading through ``cache``."""
    return type("FastMarkdownReader", (FastMarkdownReader,), {"cache": cache})


def use_cache(readers, cache: ReaderCache):
    """Pelican's ``readers_init``: Markdown files are read by this run's reader."""
    cls = reader_class(cache)
    for ext, current in list(readers.reader_classes.items()):
        if current is MarkdownReader:
            readers.reader_classes[ext] = cls
