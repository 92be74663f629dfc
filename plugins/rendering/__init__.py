"""rendering: fast and incremental builds.

- ``writer``: pages are recorded during the run and rendered after every generator has written (the pipeline's ``render`` step) in forked
  worker processes; a page whose inputs did not change since the previous build is
  hard-linked from the previous output instead of rendered (the run's state folder).
- ``reader``: one reusable Markdown parser per run instead of one per file; Markdown
  results cached per file content; on a cold build all files are converted first in
  forked processes.
- ``kept``: each content object is kept as read (in the preview's build process, or in a
  one-off build's state folder), and a file is read again only when what it is read
  from changed; a cold build reads half of its files in a forked process meanwhile.
- ``linker``: the hard links of unchanged pages, made by a separate process, started
  before validation to make the last build's folders while the build reads, then
  linking while the writer digests the other pages.
- ``incremental``: the fingerprint of every input; `content.build` skips a build whose
  inputs are unchanged, and gives the writer its previous output and state folder.
- faster equivalents of Pelican hot spots (tag/category pages, relative source paths,
  file stamps for a content cache that is off) are in ``pelican_internals``, applied
  by the pipeline.
- ``bench``: `invoke bench`.

The pipeline (plugins/pipeline.py) calls ``configure``, ``prewarm`` (before validation),
``prewarmed`` (before reading), ``read_ahead`` (as reading starts), ``sealed`` (after reading), ``make_writer``, ``flush`` and
``stop`` (when the run ends) with the run; the Markdown cache, the kept objects and the
writer live on it.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from common.files import atomic_write
from content import ContentError

from . import incremental, kept, reader, writer

DEFAULTS = {
    "CEPAT_WORKERS": 0,  # 0: one per usable CPU
    "CEPAT_INCREMENTAL": True,
    # A cold one-off build rendering at least this many pages leaves its manifest's
    # digests to a process after it (incremental.ManifestWrite); None: never.
    "CEPAT_DIGEST_NANTI": 2000,
    # Theme macros whose output depends only on their arguments and the site's settings:
    # rendered once per build for the same arguments (writer._around_macro).
    "CEPAT_MAKRO_SEKALI": ("news_card",),
}


def configure(run):
    check_settings(run.settings)
    run.markdown = reader.ReaderCache(run.settings, run.state)


def check_settings(settings):
    workers = settings.get("CEPAT_WORKERS")
    if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool) or workers < 0):
        raise ContentError([f"pelicanconf.py: CEPAT_WORKERS: harus berupa bilangan bulat, jumlah proses yang merender "
                            f"halaman (0: satu per CPU); tertulis {workers!r}"])
    names = settings.get("CEPAT_MAKRO_SEKALI")
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not all(
            isinstance(n, str) and n.isidentifier() for n in names):
        raise ContentError([f"pelicanconf.py: CEPAT_MAKRO_SEKALI: harus berupa daftar nama makro templat, "
                            f"mis. {DEFAULTS['CEPAT_MAKRO_SEKALI']!r} (daftar kosong: tidak ada)"])
    least = settings.get("CEPAT_DIGEST_NANTI")
    if least is not None and (not isinstance(least, int) or isinstance(least, bool) or least < 0):
        raise ContentError([f"pelicanconf.py: CEPAT_DIGEST_NANTI: harus berupa bilangan bulat 0 atau lebih "
                            f"(jumlah halaman), mis. {DEFAULTS['CEPAT_DIGEST_NANTI']}, atau None (tidak pernah); "
                            f"tertulis {least!r}"])


def prewarm(run):
    """A cold build: all Markdown starts converting in forked processes, while validation
    runs. An incremental one: the linking process starts making the last build's folders
    (``writer.start_linker``)."""
    run.markdown.prewarm(run.settings, int(run.settings["CEPAT_WORKERS"] or writer.usable_cpus()))
    run.linker = writer.start_linker(run)


def prewarmed(run):
    run.markdown.prewarmed()


def read_ahead(run, contexts):
    """A cold build: a forked process reads half of the files while this one reads the
    others (``kept.KeptObjects.read_ahead``); ``contexts`` is the reading both do."""
    if run.kept:
        run.kept.read_ahead(contexts)


def sealed(run):
    """Reading is over: the objects read are pickled as they are (``kept``)."""
    if run.kept:
        run.kept.seal()


def write_memory(run):
    """A one-off build: what it hands to the next (``Run.memory``, complete once the site
    is written) is written by a forked process while the links are checked; taken in
    place after the swap (``content.build``)."""
    if run.memory_file is not None:
        run.memory_written = incremental.write_memory(*run.memory_file, run.memory)


def stop(run):
    """The run's processes (Markdown, kept objects' pickling, linking) stopped when it ends."""
    if run.markdown is not None:
        run.markdown.stop()
    if run.kept:
        run.kept.stop()
    if run.linker is not None:
        run.linker.abort()  # nothing after a failure before ``flush`` (else already done)


def on_readers_init(run, readers):
    reader.use_cache(readers, run.markdown)
    if run.memory is not None and run.report is not None:
        if run.kept is None:
            run.kept = kept.KeptObjects(run) if kept.only_the_kit_listens(run) else False
        if run.kept:
            run.kept.wrap(readers)


def track_environment(run, generator):
    writer.track_environment(generator)
    env = getattr(generator, "env", None)
    if env is not None and run.state is not None:
        env.bytecode_cache = CompiledTemplates(templates_cache(run), run.compiled_key)


TEMPLATES = "jinja"  # the compiled templates, in the state folder


def templates_cache(run):
    """Jinja's own cache of compiled templates, in the state folder (each template by its
    name and the checksum of its source), for everything but content as this build has it
    (``state_key``: settings, theme, plugins, today): a change there starts it afresh. Every
    generator has its own Jinja environment, which compiled the same templates again."""
    if run.templates is None:
        from jinja2 import FileSystemBytecodeCache

        folder = Path(run.state) / TEMPLATES
        salt = folder / "kunci"
        try:
            if not salt.is_file() or salt.read_text(encoding="utf-8") != run.state_key:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                atomic_write(salt, run.state_key)
            run.templates = FileSystemBytecodeCache(str(folder))
        except OSError:
            run.templates = False  # compiled in each build, as without a state folder
    return run.templates or None


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in this process (``COMPILED``) for every build it runs,
    before the state folder's ``files`` (``templates_cache``). A test run builds hundreds
    of small sites from one theme: each new site's first build compiled every template
    again (about half of such a build). The code Jinja compiles depends on the source
    (the bucket's checksum), on the environment's syntax, options and extensions
    (``_compiled_with``), and, through constant folding (``{{ "css/situs.css"|aset }}``
    is called once, when compiling), on what the filters were made from: everything but
    content, as for ``templates_cache``, but for where the site's folders are
    (``salt``: ``Run.compiled_key``). The templates of the last ``KEEP_SALTS`` salts are
    kept: a theme edited in the preview gives a new salt each time."""

    def __init__(self, files, salt: str):
        self.files = files
        self.salt = salt
        self.compiled = COMPILED.pop(salt, {})  # key -> (source checksum, code)
        COMPILED[salt] = self.compiled  # the newest last
        while len(COMPILED) > KEEP_SALTS:
            del COMPILED[next(iter(COMPILED))]
        self.seen = None  # the environment this cache is given to as last seen, and its part of the key
        self.options = ""

    def get_bucket(self, environment, name, filename, source):
        seen = (environment, len(environment.filters), len(environment.tests))  # plugins may add filters later
        if seen != self.seen:
            self.seen, self.options = seen, _compiled_with(environment)
        auto = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
        key = f"{self.get_cache_key(name, filename)}{self.salt}{self.options}{int(bool(auto))}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        hit = self.compiled.get(key)
        if hit is not None and hit[0] == bucket.checksum:
            bucket.code = hit[1]
            if self.files is not None and not os.path.exists(os.path.join(self.files.directory, self.files.pattern % key)):
                self.files.dump_bytecode(bucket)  # for the next build, which may be another process
        elif self.files is not None:
            self.files.load_bytecode(bucket)
            if bucket.code is not None:
                self.compiled[key] = (bucket.checksum, bucket.code)
        return bucket

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
        if self.files is not None:
            self.files.dump_bytecode(bucket)

    def load_bytecode(self, bucket):  # get_bucket does it
        raise NotImplementedError

    def clear(self):
        self.compiled.clear()


COMPILED: dict[str, dict] = {}  # salt -> its compiled templates, the most recently used last
KEEP_SALTS = 4


def _compiled_with(env) -> str:
    """What besides a template's source and its name's autoescaping decides the code
    Jinja compiles from it."""
    options = (
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.is_async, _qualified(env.code_generator_class), sorted(env.extensions),
        sorted(map(_named, env.filters.items())), sorted(map(_named, env.tests.items())),
    )
    return hashlib.md5(repr(options).encode(), usedforsecurity=False).hexdigest()


def _named(item) -> tuple[str, str]:
    name, func = item
    return name, _qualified(inspect.unwrap(func))


def _qualified(thing) -> str:
    """A function's or class's name, the same in every process (the key is also that of
    the state folder's files)."""
    return f"{getattr(thing, '__module__', '')}.{getattr(thing, '__qualname__', type(thing).__qualname__)}"


def make_writer(run):
    run.writer = writer.CepatWriter(run)
    return run.writer


def flush(run):
    """Render the recorded pages (or link the unchanged ones), then keep the Markdown cache.
    The objects read are pickled by then (``kept.collect``: their digests use it)."""
    if run.kept:
        run.kept.collect()
    run.writer.flush()
    run.stats["cepat"] = run.writer.stats
    if run.kept:
        run.kept.keep_urls()
    run.markdown.save()
