"""The build, in order: ``build(run)`` below is the whole sequence, written once.

    configure   every package's settings, with their defaults, checked
    validate    every content file and the settings that name content (refused here)
    read        Markdown and metadata into content objects, one generator per type
    derive      lists, tables, relations, exports, share links: computed in memory
    render      pages written; with an incremental build, unchanged pages are linked
                from the previous output instead
    finish      files made from the written site: site map, security.txt, fingerprinted
                theme files, then the search index (meanwhile the links are checked)
    post-build  on the finished folder: the link check's answer, precompression, the editor

Then ``content.build`` swaps the folder in (a refused build leaves the old site as it was).

Each step is a plain function of the package that owns it, called here with the run
(``Run``): what a build knows (today, the registry, the validation report, the previous
output, the state folder) is a field of that object, made once per build, never a
setting or a module global. The order of ``PLUGINS`` does not matter: it only says
which of the kit's packages are on (and lists a site's own Pelican plugins).

Hooks Pelican calls per content object while reading or writing (``HOOKS``) are
connected for the length of one run only.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator, SourceFileGenerator, StaticGenerator, TemplatePagesGenerator

import agenda
import channels
import content
import editor
import feeds
import images
import kip
import links
import metadata
import pelican_internals
import ppid
import publish
import readcounts
import regulations
import rendering
import search
import services
import share
import sitemap
import theming

logger = logging.getLogger(__name__)

# The kit's packages, in the order their steps run within each phase.
KIT = (
    "rendering", "content", "regulations", "theming", "metadata", "feeds", "services", "kip", "ppid", "agenda",
    "channels", "images", "search", "publish", "links", "share", "readcounts", "sitemap",
)


# The packages' names before 1.1: a site's pelicanconf.py may still list them (PLUGINS,
# POST_BUILD_STEPS); they mean the same packages.
FORMER_NAMES = {
    "cepat": "rendering", "terbit": "publish", "tema": "theming", "umpan": "feeds", "kanal": "channels",
    "konten": "content", "gambar": "images", "cari": "search", "tautan": "links", "pratinjau": "preview",
    "redaksi": "editor", "bagikan": "share", "peta": "sitemap", "statistik": "readcounts",
    "layanan": "services", "regulasi": "regulations",
}


@dataclass
class Run:
    """What one build knows. Made by ``content.build`` for each build, handed to every step."""

    settings: dict  # Pelican's settings, with every package's defaults after `configure`
    output: Path  # the folder this build writes (a staging folder beside the published one)
    now: datetime  # "today" for publication dates, freshness, the agenda (SOURCE_DATE_EPOCH)
    packages: tuple[str, ...] = KIT  # the kit packages switched on
    previous: Path | None = None  # the published output (unchanged pages are linked from it)
    state: Path | None = None  # the incremental state folder (None: render every page)
    state_key: str = ""  # the fingerprint of everything but content (salts the page manifest)
    compiled_key: str = ""  # the same but for the folders' places (salts the compiled templates)
    validation_cache: Path | None = None  # per-file validation results kept between builds
    stamps: dict | None = None  # the content files' stamps and md5s the build's fingerprint took
    defer_search: bool = False  # the preview: pages first, search index after the swap
    # The preview: scaffold text left in an item that would publish is a warning, so the item
    # shows while its author writes it (content.validate.Checker.check_placeholders); a
    # build, `check` and CI still refuse it.
    preview: bool = False
    # The preview: unchanged pages stay where they are in ``previous`` (listed in
    # ``unchanged``) instead of being linked into ``output``; content.build then moves the
    # new files in one by one (``update_in_place``) instead of swapping the folder.
    in_place: bool = False
    unchanged: set = field(default_factory=set)
    # What a build hands to the next (packages each use their own key; search: each page's
    # search data by its inputs): the preview's build process keeps it in memory, a one-off
    # build loads and saves it in the state folder (rendering.incremental). None: neither
    # (a build without the rendering package).
    memory: dict | None = None
    report: Any = None  # content.validate.Report, after `validate`
    # What the packages make during the run (each package owns its field).
    images: Any = None  # images.Run
    search: Any = None  # search.SearchModel
    search_step: dict | None = None  # a deferred search index step (defer_search)
    vocabulary: Any = None  # search: the typo vocabulary being written (a fork_start wait), see derive
    link_check: Any = None  # links: the link check running beside the search index (a fork_start wait)
    assets: Any = None  # publish.fingerprint.AssetManifest
    markdown: Any = None  # rendering.reader.ReaderCache
    kept: Any = None  # rendering.kept.KeptObjects (False: not this run)
    templates: Any = None  # rendering: Jinja's cache of compiled templates (False: none)
    memory_file: tuple | None = None  # a one-off build: (state folder, key) its memory is saved under
    memory_written: Any = None  # rendering.incremental.MemoryWrite, started by post_build
    manifest_written: Any = None  # rendering.incremental.ManifestWrite, started by render (a cold build)
    workbooks: Any = None  # kip: the DIP/DIK workbooks being made (a fork_start wait), see derive
    writer: Any = None  # rendering.writer.CepatWriter
    linker: Any = None  # rendering.writer.Linker, started before validation (folders made meanwhile)
    generators: list = field(default_factory=list)  # this run's generators (read), for `describe`
    written: dict = field(default_factory=dict)  # output file -> content file that made it (links)
    pages_written: dict | None = None  # rendering: page -> (size, mtime, inode, md5) of each it rendered (search)
    lastmod: dict = field(default_factory=dict)  # page URL -> last change (metadata: sitemap)
    stats: dict = field(default_factory=dict)  # per package: what it did (for the summary and `invoke bench`)
    read: int = 0  # content objects made so far (progress line)

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"])

    @property
    def registry(self):
        return self.report.registry if self.report is not None else {}

    def on(self, package: str) -> bool:
        return package in self.packages

    def generator(self, cls):
        """This run's generator of ``cls`` (``describe`` and ``place`` of a package)."""
        return next(g for g in self.generators if isinstance(g, cls))


def build(run: Run) -> None:
    """One build of the site into ``run.output``."""
    try:
        configure(run)
        validate(run)
        pelican = start_pelican(run)
        with hooks(run):
            generators = read(run, pelican)
            # URLs computed once per object from derive to the end of render (see derive):
            # one table for both when no site plugin listens in between.
            with contextlib.nullcontext() if signals.all_generators_finalized.receivers else pelican_internals.frozen_urls():
                derive(run, generators)
                render(run, pelican, generators)
        finish(run)
        post_build(run)
    finally:
        _call(run, CLEANUP, run)
        pelican_internals.release_memos()  # a process that builds again keeps no old site


# --- the steps ---------------------------------------------------------------------


def timed(step):
    """Each step's wall time goes to ``run.stats["steps"]``, its CPU time to
    ``run.stats["steps_cpu"]`` (``invoke bench`` prints both): user and system time of
    the build's process and of the processes it waited for during the step (a process
    started in one step and waited for in a later one counts in the later one)."""

    @functools.wraps(step)
    def wrapper(run, *args):
        started, cpu = time.perf_counter(), _cpu_seconds()
        try:
            return step(run, *args)
        finally:
            for key, value in (("steps", time.perf_counter() - started), ("steps_cpu", _cpu_seconds() - cpu)):
                steps = run.stats.setdefault(key, {})
                steps[step.__name__] = steps.get(step.__name__, 0.0) + value

    return wrapper


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@timed
def configure(run: Run):
    """Every package's defaults (``DEFAULTS``: a site's own value wins), then the settings
    they derive (Jinja filters, colour tokens, feed switches, ...); a setting that cannot
    work is refused here."""
    for package in run.packages:
        for key, value in getattr(importlib.import_module(package), "DEFAULTS", {}).items():
            run.settings.setdefault(key, value)
    _call(run, CONFIGURE, run)


@timed
def validate(run: Run):
    """Every content file, then what packages check beyond the schema (their own files,
    settings that point at content). Warnings are printed; an error stops the build."""
    _call(run, BEFORE_VALIDATE, run)
    _call(run, VALIDATE, run)


@timed
def start_pelican(run: Run) -> Pelican:
    """Pelican, with its hot spots patched (``pelican_internals.apply``) and the site's own
    plugins only (the kit's packages are steps here). A site plugin that cannot be
    imported or registered stops the build (Pelican would build on without it)."""
    pelican_internals.apply()
    pelican_internals.strict_plugin_loading()
    settings = run.settings
    listed = list(settings.get("PLUGINS") or ())
    own = [p for p in listed if _name(p) not in KIT]
    settings["PLUGINS"] = own
    try:
        return Pelican(settings)
    finally:
        settings["PLUGINS"] = listed


@timed
def read(run: Run, pelican: Pelican) -> list:
    """One generator per content type reads its files (news, pages, then the kit's types,
    then a site's own generators, static files last), each into the shared context."""
    _call(run, BEFORE_READ, run)
    context = run.settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = run.settings["SITEURL"]
    classes = [ArticlesGenerator, PagesGenerator]
    if run.settings["TEMPLATE_PAGES"]:
        classes.append(TemplatePagesGenerator)
    if run.settings["OUTPUT_SOURCES"]:
        classes.append(SourceFileGenerator)
    classes += [cls for cls in GENERATORS if _on(run, cls)]
    for _, found in signals.get_generators.send(pelican):  # a site's own plugins
        classes += [c for c in _as_list(found) if c not in classes]
    classes.append(StaticGenerator)
    generators = run.generators = []
    for cls in classes:
        generator = cls(context=context, settings=run.settings, path=pelican.path, theme=pelican.theme,
                        output_path=pelican.output_path)
        generator.run = run
        generators.append(generator)
    def contexts():
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()

    _call(run, READ_AHEAD, run, contexts)
    contexts()
    _call(run, AFTER_READ, run)
    return generators


@timed
def derive(run: Run, generators: list):
    """What pages show beyond their own file: lists, tables, relations, exports, computed
    once from everything read."""
    # Every URL-forming attribute is set while reading (content.on_content_init and
    # Pelican): the kit's steps compute each object's URL once. A site's own plugins may
    # still change them, so their signal runs outside.
    with pelican_internals.frozen_urls():
        _call(run, DERIVE, run, generators)
    signals.all_generators_finalized.send(generators)  # a site's own plugins
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()


@timed
def render(run: Run, pelican: Pelican, generators: list):
    """Every generator writes its pages; with ``rendering`` they are recorded, then rendered in
    worker processes or linked from the previous output when their inputs are unchanged."""
    writer = rendering.make_writer(run) if run.on("rendering") else pelican._get_writer()
    with pelican_internals.frozen_urls():  # as in derive: no URL changes after all_generators_finalized
        for generator in generators:
            if hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        _call(run, AFTER_RENDER, run)
    signals.finalized.send(pelican)  # a site's own plugins


@timed
def finish(run: Run):
    """Files made from the written site (search index, sitemap.xml, security.txt, the
    fingerprinted theme files)."""
    _call(run, FINISH, run)


@timed
def post_build(run: Run):
    """Steps on the finished folder, before it is swapped in: the link check (its answer,
    when it ran beside the search index), then each of
    ``POST_BUILD_STEPS`` (precompression, the editor, a site's own), in order."""
    _call(run, POST_BUILD, run)
    run_post_build_steps(run.settings, run.output)


def describe(run: Run, obj):
    """What derive computes for ``obj`` from its own file (``DESCRIBE``), again."""
    _call(run, DESCRIBE, run, obj)


def place(run: Run, obj):
    """What derive gives a new ``obj`` from the rest of the site (``PLACE``)."""
    _call(run, PLACE, run, obj)


def check(content_path, settings):
    """Every content file and the files the packages read themselves (``CHECKS``): the
    report of `invoke check`, and of ``validate``."""
    kit = packages(settings)
    return content.check(content_path, settings, [c for c in CHECKS if _package(c) in kit])


def validate_content(run: Run):
    content.validate_site(run, [c for c in CHECKS if _on(run, c)])


def run_post_build_steps(settings, output: Path):
    """Each of ``POST_BUILD_STEPS``: a callable or ``"module:function"``, called as
    ``step(output, settings)``; an exception refuses the build."""
    for step in settings.get("POST_BUILD_STEPS", ()) or ():
        if isinstance(step, str):
            module, _, name = step.partition(":")
            package, dot, rest = module.partition(".")
            module = FORMER_NAMES.get(package, package) + dot + rest
            step = getattr(importlib.import_module(module), name)
        step(output, settings)


# --- what each step calls, in order ------------------------------------------------

CONFIGURE = (
    rendering.configure, content.configure, theming.configure, metadata.configure, feeds.configure,
    channels.configure, images.configure, search.configure, publish.configure, share.configure,
)
# Packages that read files of their own, checked with the content (and by `check`).
CHECKS = (
    services.check_content,  # the register, the IKM, the DIP decree; the yearly reports as berkala items
    kip.check_berkala,  # stale cells of the berkala index (after services: its reports count)
    publish.check_server, publish.check_sample_values,
    publish.check_setting_placeholders,  # situs-baru's [ISI: …] left in pelicanconf.py
    search.check_dictionary,  # content/singkatan.toml
    links.check_content,  # settings naming files under content/ (SITE_LOGO)
    content.check_site_files,  # a situs-baru site's run.sh and .gitignore, as this kit writes them
)
VALIDATE = (
    validate_content,  # the schema, every file, and the files of CHECKS
    links.check_settings,  # menus and settings that link to content
    search.make_model,  # the search dictionary (content/singkatan.toml)
)
# A cold build converts all Markdown in forked processes while validation runs; reading waits for them.
BEFORE_VALIDATE = (rendering.prewarm,)
BEFORE_READ = (rendering.prewarmed,)
# A cold build: a forked process reads half of the files meanwhile (the same readings, the other half).
READ_AHEAD = (rendering.read_ahead,)
# A file Pelican could not read refuses the build; the objects as read are kept for the next
# build (pickled by a forked process during derive and render).
AFTER_READ = (content.all_read, rendering.sealed, theming.known_filters)
GENERATORS = (  # after Pelican's news and pages, before its static files
    content.EntriesGenerator, content.AgendaGenerator, content.RegulationGenerator,
    regulations.RegulasiGenerator, services.LayananGenerator, kip.KipGenerator, ppid.PpidGenerator,
    agenda.AgendaGenerator, channels.KanalGenerator,
    content.FormerAddressGenerator,  # a page at each former address of a published item
    sitemap.PetaSitusGenerator,  # lists the pages the others wrote
)
DERIVE = (
    content.derive, regulations.derive,
    search.begin,  # the pages' search data: forked processes from here to search.derive (many pages to compute)
    metadata.derive, kip.derive, ppid.derive, agenda.derive,
    channels.derive, images.derive, search.derive, share.derive, readcounts.derive, sitemap.derive, editor.derive,
    search.count_words,  # the typo vocabulary: a forked process from here to search.finish
)
# What derive computes for one content object, mostly from its own file and the site's
# settings: an event's schedule, a news item's JSON-LD and canonical address, a DIP entry's
# labelled fields, a regulation's citation, a PPID or FAQ page's data, its search data,
# its share links. Some read more than the file: today (an event's status, an
# announcement's or a DIK entry's end), the registry (the OPD's name), the files it names
# (a photo's published name, a document's size), the abbreviations list, and other
# objects (a regulation's status from those amending it, a PPID page's siblings, the
# addresses its links name). Each function takes (run, object) and acts on objects of its kind;
# the packages' derive steps use them for every object. The preview's quick page
# (preview.quick) calls them all, in this order, on the object of an edited file, once
# it has what the last build derived for the object it replaces, or of a new file, once
# it has its place (PLACE): what comes from the rest of the site (a number, a neighbour,
# a relation) stays, the rest follows the file as saved.
DESCRIBE = (
    regulations.describe, metadata.describe, kip.describe, ppid.describe, agenda.describe, channels.describe,
    search.describe, share.describe, sitemap.describe,
)
# What derive gives an object from the rest of the site, for a new file's quick page:
# computed against the last build's lists, before DESCRIBE (a DIP entry's number, a
# news item's neighbours); the other pages follow with the build.
PLACE = (kip.place, theming.place)
# The recorded pages rendered (or linked) now; a cold one-off build's page manifest is
# digested by a process forked here, once the build succeeded (rendering.incremental.ManifestWrite).
AFTER_RENDER = (rendering.flush,)
# Once the pages and the theme's files are written, the links are checked by a forked
# process while the search index is built (its answer is taken in POST_BUILD).
FINISH = (metadata.finish, publish.finish, links.start_check, search.finish)
# A one-off build's memory is written by a forked process meanwhile (taken after the swap).
POST_BUILD = (rendering.write_memory, links.check_output)
# Whatever the end of the run: no process of it left running.
CLEANUP = (rendering.stop, links.stop_check, kip.stop, search.stop)

# Hooks Pelican calls inside its phases, per content object or generator: (signal,
# functions in order). Each is called with the run, then the signal's arguments.
HOOKS = (
    ("readers_init", (rendering.on_readers_init,)),  # Markdown through the run's cache
    # Templates record what they read, and come from the theme alone.
    ("generator_init", (rendering.track_environment, theming.only_own_templates, theming.site_address)),
    ("article_generator_context", (content.schema_keys_only,)),
    ("page_generator_context", (content.schema_keys_only,)),
    (content.ITEM_CONTEXT, (content.schema_keys_only,)),
    # content puts the validated fields on each object; the others read them.
    ("content_object_init", (content.on_content_init, ppid.on_content_init, images.on_content_init,
                             content.under_site_path)),  # (last: the others read the addresses as written)
    ("article_generator_finalized", (theming.on_articles_finalized,)),
    ("static_generator_finalized", (content.guard_static_files,)),
    ("article_writer_finalized", (feeds.on_article_writer_finalized,)),
    ("content_written", (links.on_content_written,)),
)


@contextlib.contextmanager
def hooks(run: Run):
    """Connect ``HOOKS`` for one run: one receiver per signal, calling the functions of
    the packages that are on in the order written (blinker itself promises no order)."""
    with contextlib.ExitStack() as stack:
        for signal, functions in HOOKS:
            wanted = [f for f in functions if _on(run, f)]
            if wanted:
                signal = signals.signal(signal) if isinstance(signal, str) else signal
                stack.enter_context(signal.connected_to(functools.partial(_dispatch, run, wanted)))
        yield


def _dispatch(run, functions, *args, **kwargs):
    for f in functions:
        f(run, *args, **kwargs)


def _call(run: Run, functions, *args):
    for f in functions:
        if _on(run, f):
            f(*args)


def _package(thing) -> str:
    return thing.__module__.split(".", 1)[0]


def _on(run: Run, thing) -> bool:
    """A step of a package that is on (the pipeline's own steps always are)."""
    return _package(thing) == __name__ or run.on(_package(thing))


def _name(plugin) -> str:
    """A PLUGINS entry (a name or a module) as a package name: ``"x.y"`` -> ``"y"``; a
    former name of a kit package as its name today."""
    name = (plugin if isinstance(plugin, str) else plugin.__name__).rsplit(".", 1)[-1]
    return FORMER_NAMES.get(name, name)


def _as_list(found):
    if not found:
        return []
    return list(found) if isinstance(found, (list, tuple)) else [found]


# Post-build steps of the kit that know the preview's in-place run (``Run.in_place``).
IN_PLACE_STEPS = {"publish.compress:precompress", "editor:tulis"}


def in_place_possible(settings) -> bool:
    """The preview may leave unchanged pages where they are (``Run.in_place``) only when
    nothing but the kit reads the finished folder: no plugin or post-build step of the
    site's own (those may expect every page in it), no precompressed copies, and no
    ``CARI_PREVIEW`` (which links the previous output's index into the new folder)."""
    own_plugins = [p for p in settings.get("PLUGINS") or () if _name(p) not in KIT]
    steps = []
    for step in settings.get("POST_BUILD_STEPS", ()) or ():
        if not isinstance(step, str):
            return False
        package, dot, rest = step.partition(".")
        steps.append(FORMER_NAMES.get(package, package) + dot + rest)
    return (not own_plugins and set(steps) <= IN_PLACE_STEPS and not settings.get("PRECOMPRESS")
            and not settings.get("CARI_PREVIEW"))


def packages(settings) -> tuple[str, ...]:
    """The kit packages switched on by ``PLUGINS``, in the kit's order; and the editor when
    its post-build step is listed (``editor:tulis``): its derive step gives that step what
    it writes (the titles' letters, the published addresses)."""
    named = {_name(p) for p in settings.get("PLUGINS") or ()}
    steps = {_name(s.partition(":")[0]) for s in settings.get("POST_BUILD_STEPS") or () if isinstance(s, str)}
    return tuple(p for p in KIT if p in named) + (("editor",) if "editor" in steps else ())
