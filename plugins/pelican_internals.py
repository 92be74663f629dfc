"""Everything the kit does with Pelican, Jinja2 and feedgenerator beyond their public API.

The plugins call the small named functions and classes here instead of reaching into
private attributes themselves; each patch or copy below says which upstream behaviour it
changes and why the output stays the same. They were written against the versions in
``WRITTEN_FOR``: ``check()`` runs before every build and check (content.build), and for
the libraries this module imports also when it is imported, before its code is defined.
It refuses, in Indonesian, to go on with a version the kit was not written for, because
a patch on another version could run and publish a subtly wrong site. The lock files pin
exactly these; a kit upgrade moves both together, and this module is what to re-read
against the new upstream code.

- Version check: ``WRITTEN_FOR``, ``problems()``, ``check()``.
- Content bodies: ``body()`` / ``set_body()`` (Pelican keeps the HTML in ``_content``);
  ``SHARED_ATTRS`` (the attributes through which a content object reaches the settings
  and the shared context).
- Generators and writers: ``mark_failed()``, ``written_files()``, ``RecordingWriter``
  (Pelican's ``Writer.write_file``, recording pages instead of rendering them).
- Markdown reader: ``markdown_metadata()`` (Pelican's ``MarkdownReader._parse_metadata``).
- Templates: ``observe_templates()`` (a Jinja context class and attribute hooks).
- Feeds: ``date_undated_feeds()`` (feedgenerator's ``latest_post_date``),
  ``feeds_in_language()`` (``SyndicationFeed.__init__``); Pelican's feed entries made as
  the kit's: ``feed_entries()`` (``Writer._add_item_to_the_feed``).
- Plugin loading: ``strict_plugin_loading()`` (Pelican's ``init_plugins``).
- Speed-ups with the same results: ``apply()`` (tag/category/author pages, relative
  source paths, file stamps, date formatting and slugs memoized, translations in linear
  time, the content folders listed once per generator) and ``frozen_urls()``; a kept
  object's URLs and summary as the last build made them (``know_urls()``,
  ``summary_of()`` / ``know_summary()``); ``release_memos()`` when a build ends.

Also watched by the version check: python-markdown (content reads its meta preprocessor)
and Pagefind's bundle format (search/merge.py).
"""

from __future__ import annotations

import datetime
import fnmatch
import functools
import importlib
import locale
import logging
import os
import re
import sys
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter
from importlib import metadata

# distribution -> the version prefix the kit's code was written and tested for
WRITTEN_FOR = {
    "pelican": "4.12.",
    "jinja2": "3.1.",
    "markdown": "3.",
    "feedgenerator": "2.",
    "pagefind-bin": "1.5.",
}


# --- version check -------------------------------------------------------------------


class UnsupportedVersion(SystemExit):
    pass


def problems(dists=WRITTEN_FOR) -> list[str]:
    """What is wrong with the installed versions of ``dists`` (default: all), in Indonesian."""
    found = []
    for dist in dists:
        prefix = WRITTEN_FOR[dist]
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found.append(f"{dist} tidak terpasang; jalankan ./run.sh agar paket terkunci dipasang")
            continue
        if not (version + ".").startswith(prefix):
            found.append(f"{dist} {version} terpasang, padahal kit ini ditulis untuk {prefix.rstrip('.')}.x")
    return found


def check(dists=WRITTEN_FOR):
    """Refuse (``UnsupportedVersion``, a SystemExit with an Indonesian message) when a
    library is missing or of a version the kit was not written for."""
    found = problems(dists)
    if found:
        lines = ["Build dihentikan: versi pustaka tidak cocok dengan kit ini."]
        lines += [f"  {p}" for p in found]
        lines.append("  Pasang versi dari requirements.lock (./run.sh memasangnya), atau perbarui kit bersama lock-nya.")
        raise UnsupportedVersion("\n".join(lines))


# The code below is written for the versions above: on another one, refuse before it is
# even defined (an import error or a patch on changed upstream code would say less).
check(("pelican", "jinja2", "feedgenerator"))

from feedgenerator.django.utils import feedgenerator  # noqa: E402
from jinja2.runtime import Context, Macro  # noqa: E402
from pelican.cache import FileStampDataCacher  # noqa: E402
from pelican.contents import Content  # noqa: E402
from pelican.generators import ArticlesGenerator  # noqa: E402
from pelican.paginator import Paginator  # noqa: E402
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED  # noqa: E402
from pelican.settings import DEFAULT_CONFIG  # noqa: E402
import pelican.contents  # noqa: E402
import pelican.generators  # noqa: E402
import pelican.urlwrappers  # noqa: E402
import pelican.utils  # noqa: E402
from pelican.utils import get_relative_path, path_to_url, posixize_path, sanitised_join  # noqa: E402
from pelican.writers import Writer  # noqa: E402
from markupsafe import escape  # noqa: E402

from common.titles import title_text  # noqa: E402


# --- content objects -----------------------------------------------------------------

# Attributes of a Pelican content object that hold the whole settings or the context
# shared by every object (``Content.__init__`` sets ``settings`` and ``_context``).
SHARED_ATTRS = frozenset({"settings", "_context", "context", "_settings"})


def own_attributes(obj) -> dict:
    """An object's attributes without ``SHARED_ATTRS`` (the settings and the shared
    context, which every content object, tag, category and author holds)."""
    return {k: v for k, v in vars(obj).items() if k not in SHARED_ATTRS}


def wrapper_state(wrapper) -> dict:
    """A tag's, category's or author's ``own_attributes`` without the slug Pelican caches
    on first use when the slug comes from the name (a function of the name and the
    settings): a wrapper whose slug was not asked for yet is the same wrapper. Nor the
    copies of its name and slug that ``URLWrapper.as_dict`` (called for each URL Pelican
    formats from a tag) writes into the attributes: the class's ``name`` and ``slug``
    properties hide them, nothing reads them, and a tag whose URL was not formatted yet
    is the same tag.

    Upstream: ``as_dict`` returns the instance's own ``__dict__`` after writing into it;
    no Pelican issue found reports it. A report would say that it should return a copy
    (``{**self.__dict__, "name": ..., "slug": ...}``)."""
    state = own_attributes(wrapper)
    if state.get("_slug_from_name", False):
        state.pop("_slug", None)
    state.pop("name", None)
    state.pop("slug", None)
    return state


def rebuilt(cls, state: dict, settings, context):
    """A content object of class ``cls`` from its attributes (``state``, without
    ``SHARED_ATTRS``), with the settings and the shared context ``Content.__init__``
    sets (``settings``, ``_context``) set again (rendering.kept)."""
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    obj.settings = settings
    obj._context = context
    return obj


# The attributes a content object's body (``body``) and summary (``Content.summary``:
# its metadata's summary, or its body cut) are made from, as reading sets them.
TEXT_ATTRS = ("metadata", "_content", "_summary")


def body(content) -> str | None:
    """The body HTML of a content object as its reader produced it, before Pelican's
    ``{filename}`` / ``{static}`` link replacement (``Content._content``; the public
    ``content`` property replaces links and needs the finished context)."""
    return getattr(content, "_content", None)


def links_elsewhere(content) -> bool:
    """Whether the body or the summary HTML of a content object holds an intrasite link
    (``{filename}``, ``{static}``...: ``INTRASITE_LINK_REGEX`` in a link attribute, as
    ``Content._get_intrasite_link_regex`` finds them): its published ``content`` and
    ``summary`` then depend on the addresses of other files, not on its own attributes
    alone. With Pelican's default syntax, text without ``{`` or ``|`` has none."""
    texts = [t for t in (getattr(content, "_content", None), getattr(content, "_summary", None)) if isinstance(t, str)]
    if content.settings.get("INTRASITE_LINK_REGEX") == DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]:
        texts = [t for t in texts if "{" in t or "|" in t]
    if not texts:
        return False
    regex = content._get_intrasite_link_regex()
    return any(regex.search(t) for t in texts)


def set_body(content, html: str) -> None:
    """Replace the body HTML of a content object (``Content._content``). Pelican makes
    the published ``content`` (links replaced) from ``_content`` the first time it is
    read and memoizes it, so call this before that: from ``content_object_init``, as
    the plugins do (Pelican sends it at the end of ``Content.__init__``)."""
    content._content = html


def mark_failed(generator, path: str) -> None:
    """Tell a generator that ``path`` could not be read, as Pelican's own generators do
    (``Generator._add_failed_source_path``): the file is then not reported again as
    unprocessed and is not copied as a static file."""
    generator._add_failed_source_path(path)


def written_files(writer) -> set[str]:
    """The absolute paths of every file the writer has written so far (pages and feeds;
    ``Writer._written_files``, the set Pelican checks to refuse a second write)."""
    return set(getattr(writer, "_written_files", ()))


# --- writer --------------------------------------------------------------------------


class RecordingWriter(Writer):
    """Pelican's Writer whose ``write_file`` records each output page instead of rendering
    it: ``record(path, template, localcontext)`` is called once per output file, with the
    path and the template context Pelican's own ``write_file`` would have rendered with.
    Subclasses render the recorded pages later (rendering.writer).

    ``write_file`` is a copy of ``pelican.writers.Writer.write_file`` (4.12) with the
    render-and-write step replaced by ``record``: pagination expanded the same way
    (``PAGINATED_TEMPLATES``, ``DEFAULT_PAGINATION``, ``articles`` / ``dates``), the same
    local context (``localsiteurl``, ``SITEURL`` with ``RELATIVE_URLS``, ``output_file``),
    and the same overwrite rules as ``Writer._open_w`` (a second write to a path is an
    error unless one, and only one, of the writes has ``override_output``). One change:
    ``context["localsiteurl"]`` is set when a page is recorded, not when it is rendered;
    pages are rendered after every generator has run, and Pelican's content objects read
    ``localsiteurl`` only while their own page is written, from the page's context.
    Feeds (``write_feed``) are Pelican's own, unchanged."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._recorded: set[str] = set()
        self._recorded_overridden: set[str] = set()

    def record(self, path: str, template, localcontext: dict) -> None:
        raise NotImplementedError

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return

        def localcontext_for(save_as, extra):
            local = context.copy()
            local["localsiteurl"] = local.get("localsiteurl", None)
            if relative_urls:
                relative_url = path_to_url(get_relative_path(save_as))
                local["SITEURL"] = relative_url
                local["localsiteurl"] = relative_url
            local["output_file"] = save_as
            local.update(extra)
            if local["localsiteurl"]:
                context["localsiteurl"] = local["localsiteurl"]
            return local

        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, val, self.settings, per_page) for key, val in paginated.items()}
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                    paginated_kwargs.update({
                        f"{key}_paginator": paginator, f"{key}_page": page,
                        f"{key}_previous_page": previous_page, f"{key}_next_page": next_page,
                    })
                self._claim(page.save_as, template, localcontext_for(page.save_as, paginated_kwargs), override_output)
        else:
            self._claim(name, template, localcontext_for(name, kwargs), override_output)

    def _claim(self, name, template, localcontext, override):
        path = sanitised_join(self.output_path, name)
        if path in self._recorded_overridden:
            if override:
                raise RuntimeError(f'Failed to overwrite "{path}" a second time (was previously overwritten)')
            return
        if path in self._recorded and not override:
            raise RuntimeError(f'Failed to overwrite "{path}" as Pelican has already written to it previously')
        if override:
            self._recorded_overridden.add(path)
        self._recorded.add(path)
        self._written_files.add(path)
        self.record(path, template, localcontext)


# --- Markdown reader -----------------------------------------------------------------


def markdown_metadata(reader, meta: dict, formatted) -> dict:
    """The metadata of a Markdown file from its raw ``Meta`` (name -> list of lines), as
    ``pelican.readers.MarkdownReader._parse_metadata`` (4.12) makes it: names lowercased,
    ``FORMATTED_FIELDS`` converted to HTML, fields that allow one definition take the
    first, multi-line values stay lists, each value through ``reader.process_metadata``.

    ``formatted(name, lines)`` gives the HTML of a formatted field (Pelican converts
    ``"\\n".join(lines)`` with the reader's Markdown, its meta preprocessor removed); the
    caller may reuse one Markdown object and cache the result. Pelican also logs a
    warning for a duplicate single-definition field; the kit's validation reports those
    itself, so that log line is left out."""
    formatted_fields = reader.settings["FORMATTED_FIELDS"]
    output = {}
    for name, value in meta.items():
        name = name.lower()
        if name in formatted_fields:
            output[name] = reader.process_metadata(name, formatted(name, value))
        elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
            output[name] = reader.process_metadata(name, value[0])
        elif len(value) > 1:
            output[name] = reader.process_metadata(name, value)
        else:
            output[name] = reader.process_metadata(name, value[0])
    return output


# --- templates -----------------------------------------------------------------------


def observe_templates(env, on_name, on_call, on_attribute, around_macro=None) -> None:
    """Have every template of the Jinja ``env`` report what it reads:

    - ``on_name(key)`` for every top-level name a template resolves (a ``Context``
      subclass as ``env.context_class``, overriding ``resolve_or_missing``);
    - ``on_call(args, kwargs)`` for the arguments of every call a template makes to a
      Python function (``Context.call``; calls to the template's own macros excluded);
    - ``on_attribute(obj, attribute)`` for every ``obj.attribute`` / ``obj[attribute]``
      (``env.getattr`` / ``env.getitem``, the two methods compiled templates call);
    - ``around_macro(macro, args, kwargs, call)`` for every call of a macro (compiled
      templates call macros through ``Context.call`` too): returns what the call returns,
      ``call()`` being the call itself.

    Each hook only observes; the value a template gets is the one Jinja's own methods
    return, so the rendered output is unchanged. Safe to call again on the same env."""
    if getattr(env, "_observed", False):
        return

    class ObservedContext(Context):
        def resolve_or_missing(self, key):
            on_name(key)
            return super().resolve_or_missing(key)

        def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
            if not isinstance(__obj, Macro):
                on_call(args, kwargs)
            elif around_macro is not None:
                return around_macro(__obj, args, kwargs, lambda: Context.call(__self, __obj, *args, **kwargs))
            return super().call(__obj, *args, **kwargs)

    plain_getattr, plain_getitem = env.getattr, env.getitem

    def getattr_(obj, attribute):
        on_attribute(obj, attribute)
        return plain_getattr(obj, attribute)

    def getitem(obj, argument):
        on_attribute(obj, argument)
        return plain_getitem(obj, argument)

    env.context_class = ObservedContext
    env.getattr, env.getitem = getattr_, getitem
    env._observed = True


# --- feeds ---------------------------------------------------------------------------


_latest_post_date = feedgenerator.SyndicationFeed.latest_post_date


def date_undated_feeds(fallback) -> None:
    """feedgenerator dates a feed none of whose items has a date (Atom ``<updated>``, RSS
    ``lastBuildDate``) with the current time (``SyndicationFeed.latest_post_date``).
    After this call such a feed is dated ``fallback()`` when that is not None (publish
    gives SOURCE_DATE_EPOCH); a feed with a dated item, or with no fallback, is dated as
    before. Only the date of otherwise clock-dated feeds changes. Installed once per run
    (each call replaces the previous fallback)."""

    def latest_post_date(self):
        if not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            when = fallback()
            if when is not None:
                return when
        return _latest_post_date(self)

    feedgenerator.SyndicationFeed.latest_post_date = latest_post_date


_feed_init = feedgenerator.SyndicationFeed.__init__


def feeds_in_language(language) -> None:
    """Pelican makes its feeds without a language (``Writer._create_new_feed``): no Atom
    ``xml:lang``, no RSS ``<language>``. After this call a feed made without one is in
    ``language()`` (the site's ``DEFAULT_LANG``); one given a language keeps it. Installed
    once per run (each call replaces the previous)."""

    def __init__(self, *args, **kwargs):
        _feed_init(self, *args, **kwargs)
        if not self.feed.get("language"):
            self.feed["language"] = language()

    feedgenerator.SyndicationFeed.__init__ = __init__


class _FeedItem:
    """An item as Pelican's feed writer reads it (``Writer._add_item_to_the_feed``): its
    ``title`` escaped, since the writer reads it as HTML (``Markup(title).striptags()`` cut
    "Anak <7 Tahun, Target >95%" to "Anak 95%") and so gives the kit's text title back
    whole; ``get_content(siteurl)`` and ``summary`` as the kit's functions make them;
    every other attribute the item's."""

    def __init__(self, item, content, summary, base):
        self._item = item
        self.title = escape(title_text(item.title))
        self._content, self.summary = content, summary(item.summary, base)

    def get_content(self, siteurl):
        return self._content(self._item, siteurl)

    def __getattr__(self, name):
        return getattr(self._item, name)


_add_item = Writer._add_item_to_the_feed


def feed_entries(content, summary) -> None:
    """Pelican's feed entries made as the kit's own feeds make theirs: after this call
    ``content(item, siteurl)`` gives an entry's content and ``summary(summary, siteurl)`` its
    summary, and the title is the kit's text title (``_FeedItem``). Installed once per run
    (each call replaces the previous)."""

    def _add_item_to_the_feed(self, feed, item):
        return _add_item(self, feed, _FeedItem(item, content, summary, self.site_url))

    Writer._add_item_to_the_feed = _add_item_to_the_feed


# --- plugin loading ------------------------------------------------------------------


def strict_plugin_loading() -> None:
    """Pelican logs a plugin that fails to import or register (with an English traceback)
    and builds on without it (``Pelican.init_plugins`` with ``load_plugins`` from the
    private ``pelican.plugins._utils``). After this call, in this process, such a plugin
    raises its own error instead: ``Pelican.init_plugins`` is replaced by a copy of
    Pelican's (4.12) that imports a plugin ``load_plugins`` dropped again (so the real
    exception and its frames come out) and lets an exception from ``register()``
    through instead of logging it; Pelican's own log of the failure is silenced. A site
    whose plugins all load and register is built exactly as before. For the preview
    (preview.worker), where that failure is the build's failure."""
    from pelican import Pelican
    from pelican.plugins._utils import get_plugin_name, load_plugins

    def init_plugins(self):
        wanted = list(self.settings.get("PLUGINS") or [])
        loaded = load_plugins(self.settings)
        if len(loaded) < len(wanted):
            names = {get_plugin_name(p) for p in loaded}
            for name in wanted:
                if str(name).rsplit(".", 1)[-1] not in {n.rsplit(".", 1)[-1] for n in names}:
                    paths = [os.path.abspath(p) for p in self.settings.get("PLUGIN_PATHS") or ()]
                    sys.path[:0] = paths  # where load_plugins looked
                    try:
                        importlib.import_module(str(name))  # raises the real error, with its frames
                    except ModuleNotFoundError as exc:
                        if exc.name != str(name):
                            raise  # something the plugin imports is missing: its own line says which
                        from content.validate import ContentError

                        raise ContentError([f"pelicanconf.py: PLUGINS: plugin {str(name)!r} tidak ditemukan di "
                                            f"{', '.join(os.path.relpath(p) for p in self.settings.get('PLUGIN_PATHS') or ['plugins'])}; "
                                            "periksa ejaannya, atau hapus dari daftar"]) from None
                    finally:
                        del sys.path[:len(paths)]
        self.plugins = []
        for plugin in loaded:
            plugin.register()
            self.plugins.append(plugin)
        self.settings["PLUGINS"] = [get_plugin_name(p) for p in self.plugins]

    Pelican.init_plugins = init_plugins
    logging.getLogger("pelican.plugins._utils").setLevel(logging.CRITICAL)  # raised instead


# --- speed-ups with the same results (apply) -----------------------------------------


class MemberList(list):
    """A list whose ``in`` is by identity, in constant time (not to be modified)."""

    def __init__(self, items):
        super().__init__(items)
        self._ids = frozenset(map(id, self))

    def __contains__(self, item):
        return id(item) in self._ids


@functools.lru_cache(maxsize=64)
def _folder(content: str, cwd: str) -> str:
    """The content folder as an absolute path ending with a separator."""
    return os.path.join(os.path.abspath(content), "")


@functools.lru_cache(maxsize=1 << 16)
def _relative(source_path: str, content: str, cwd: str) -> str:
    folder = _folder(content, cwd)
    full = os.path.abspath(os.path.join(content, source_path))
    # A file inside the folder (every content file): what follows the folder, as relpath
    # gives it (both paths are normalised by abspath), without relpath's splitting.
    return posixize_path(full[len(folder):] if full.startswith(folder) else os.path.relpath(full, folder))


def get_relative_source_path(self, source_path: str | None = None) -> str | None:
    """``Content.get_relative_source_path``, memoized.

    Upstream (4.12) runs ``os.path.relpath`` on every call, and it is called for every
    ``url`` and ``save_as`` of every object, many times per page. The result depends only
    on the source path, the content folder and the working folder (``abspath`` reads it),
    so the memo is keyed by exactly those three: same value, computed once.

    Upstream: no Pelican issue or pull request reports this (searched getpelican/pelican;
    the nearest are the general slowness reports #2042 and #1493). A report would say:
    on a site with thousands of objects, ``get_relative_source_path`` and
    ``os.path.relpath`` are near the top of a profile of ``generate_output``; memoizing
    it (or computing it once when the object is created, since ``source_path`` and
    ``PATH`` do not change) gives the same URLs in a fraction of the time."""
    if not source_path:
        source_path = self.source_path
    if source_path is None:
        return None
    return _relative(source_path, self.settings["PATH"], os.getcwd())


def _generate_output(original):
    @functools.wraps(original)
    def generate_output(self, writer):
        """``ArticlesGenerator.generate_output`` without its quadratic tag, category and
        author pages.

        Upstream (4.12) builds each tag, category and author page's ``dates`` as
        ``[a for a in self.dates if a in articles]``: a list search per article, so the
        time grows with (articles × articles in the group), minutes on a site with tens of
        thousands of news items. During ``generate_output`` those article lists are
        ``MemberList`` copies whose ``in`` is a set lookup by identity. Content objects
        compare by identity (Pelican defines no ``__eq__``), so every ``dates`` list is
        the same, in the same order; the original lists are put back afterwards.

        Upstream: no Pelican issue or pull request reports this (searched
        getpelican/pelican; the nearest are the general slowness reports #2042 and
        #1493). A report would say: ``generate_tags``, ``generate_categories`` and
        ``generate_authors`` are O(n·m) because of ``a in articles`` on a list; with
        10,000 articles a tag holding most of them takes most of the build; a set of
        ``id()`` of the group's articles (or ``articles`` kept sorted by date, making the
        filter unnecessary) gives the same lists in linear time."""
        saved = self.tags, self.categories, self.authors
        self.tags = {tag: MemberList(articles) for tag, articles in self.tags.items()}
        self.categories = [(cat, MemberList(articles)) for cat, articles in self.categories]
        self.authors = [(author, MemberList(articles)) for author, articles in self.authors]
        try:
            return original(self, writer)
        finally:
            self.tags, self.categories, self.authors = saved

    generate_output._kit_patched = True
    return generate_output


_cache_data, _get_cached_data = FileStampDataCacher.cache_data, FileStampDataCacher.get_cached_data


def cache_data(self, filename, data):
    """``FileStampDataCacher.cache_data`` stamps the file (md5 with
    ``CHECK_MODIFIED_METHOD = "md5"``) to store it in Pelican's content cache, also when
    that cache is off (``CACHE_CONTENT`` False, as in the kit). With the cache off nothing
    is stored, so no stamp is computed; with it on, upstream's method runs unchanged."""
    if self._cache_data_policy:
        _cache_data(self, filename, data)


def get_cached_data(self, filename, default=None):
    """``FileStampDataCacher.get_cached_data`` stamps the file to compare it with the
    loaded cache, also when no cache was loaded (``LOAD_CONTENT_CACHE`` False): then it
    returns ``default`` without a stamp, which is what upstream returns after computing
    one. With a loaded cache, upstream's method runs unchanged."""
    if not self._cache:
        return default
    return _get_cached_data(self, filename, default)


_get_url_setting = Content.get_url_setting


_frozen: dict | None = None  # (id, key) -> (object, value) while frozen_urls() is active
_known: dict[int, tuple[object, dict]] = {}  # id -> (object, {key: value}): see know_urls
_NOTHING = object()


def get_url_setting(self, key: str) -> str:
    """``Content.get_url_setting`` formats the URL pattern from the metadata on every
    ``url`` / ``save_as`` read. An object made again from what the last build read has
    that build's values (``know_urls``); inside ``frozen_urls()`` each object's value is
    computed once; otherwise upstream's method runs unchanged."""
    known = _known.get(id(self))
    if known is not None and key in known[1]:
        return known[1][key]
    if _frozen is None:
        return _get_url_setting(self, key)
    hit = _frozen.get((id(self), key))
    if hit is None:
        hit = _frozen[(id(self), key)] = (self, _get_url_setting(self, key))
    return hit[1]


def know_urls(obj, urls: dict) -> None:
    """``obj``'s ``url`` / ``save_as`` (``urls``) as the last build computed them, for an
    object made again from exactly what that build read, when nothing but the kit can
    change its URL-forming attributes (rendering.kept); until the build ends
    (``release_memos``)."""
    _known[id(obj)] = (obj, urls)


def summary_of(obj, read: dict) -> tuple[str, str] | None:
    """``(siteurl, summary)`` of ``obj`` when Pelican made its summary in this build (the
    memo of ``Content.get_summary``) from nothing but what reading made (``read``: the
    object's attributes as read): its metadata's summary, or its body, still the string
    read, without links to other content (Pelican's intrasite link pattern finds none:
    those would become the other objects' URLs). None otherwise (rendering.kept)."""
    siteurl = obj.get_siteurl()
    try:
        summary = Content.get_summary.cache.get((obj, siteurl), _NOTHING)
    except TypeError:  # an object (or site URL) that cannot be a key: Pelican's memo has none
        return None
    own = vars(obj)
    if summary is _NOTHING or not isinstance(summary, str) or own.get("metadata") is not read.get("metadata"):
        return None
    if "summary" not in obj.metadata:
        body = own.get("_content")
        if (hasattr(obj, "_get_content") or body is not read.get("_content") or not isinstance(body, str)
                or obj._get_intrasite_link_regex().search(body)):
            return None
    return siteurl, summary


def know_summary(obj, siteurl: str, summary: str) -> None:
    """``obj``'s summary as the last build made it (``summary_of``), for an object made
    again from exactly what that build read; until the build ends (``release_memos``)."""
    Content.get_summary.cache[(obj, siteurl)] = summary


@contextmanager
def frozen_urls():
    """URLs computed once per object and key while the block runs. Only for a phase in
    which no URL-forming attribute (slug, date, category, ``override_url``...) changes any
    more: the kit's derive steps and the render step (the pipeline), rendering's writer.
    The table (which keeps the objects alive, so ids are not reused) is dropped when the
    outermost block ends; an inner block shares it."""
    global _frozen
    if _frozen is not None:
        yield
        return
    _frozen = {}
    try:
        yield
    finally:
        _frozen = None


_upstream_strftime = pelican.utils.strftime
_upstream_slugify = pelican.utils.slugify
_formatted: dict = {}
_slugs: dict = {}
MEMO_LIMIT = 1 << 17  # entries; a memo that grows past it starts again


def strftime(date, date_format: str) -> str:
    """``pelican.utils.strftime``, memoized (``SafeDatetime.strftime`` calls it for every
    URL pattern with a date, many times per object and page: about 190 000 calls for a
    one-edit build of a 10 000-item site). Its result depends on the date's fields and
    offset, its time zone name, the format and the time locale (month and day names), so
    the memo is keyed by exactly those (not by the date itself: two equal datetimes in
    different zones format differently)."""
    key = (type(date), date.isoformat(), date.tzname() if isinstance(date, datetime.datetime) else None,
           date_format, locale.setlocale(locale.LC_TIME))
    hit = _formatted.get(key)
    if hit is None:
        if len(_formatted) >= MEMO_LIMIT:
            _formatted.clear()
        hit = _formatted[key] = _upstream_strftime(date, date_format)
    return hit


def slugify(value, regex_subs=(), preserve_case: bool = False, use_unicode: bool = False) -> str:
    """``pelican.utils.slugify``, memoized: a pure function of its arguments, called for
    every tag, category and author of every object again (each object makes its own)."""
    key = (type(value), value, tuple(tuple(sub) for sub in regex_subs), preserve_case, use_unicode)
    hit = _slugs.get(key)
    if hit is None:
        if len(_slugs) >= MEMO_LIMIT:
            _slugs.clear()
        hit = _slugs[key] = _upstream_slugify(value, regex_subs, preserve_case, use_unicode)
    return hit


def release_memos() -> None:
    """Empty Pelican's memo of ``Content.get_content`` and ``Content.get_summary`` (and
    the URLs ``know_urls`` gave this build's objects).

    ``pelican.utils.memoized`` keeps its cache on the decorated function, shared by every
    instance and keyed by ``(content object, siteurl)``: each content object, and its
    HTML twice, stays alive as long as the process. A one-off build ends anyway; the
    preview's build process builds again and again, and kept every build's site model
    (about 140 MiB per build of a 10 000-item site). Called when a build ends: the memo
    only spares recomputing within a build, and a later call recomputes the same value.

    Upstream: getpelican/pelican#1343 and #1844 are about memoizing summaries for speed,
    getpelican/pelican-plugins#801 about the value it freezes; no issue found reports
    the memory it keeps. A report would say that ``memoized`` on a method is a
    class-wide cache that grows with every content object ever created, and suggest a
    per-instance cache (``functools.cached_property`` keyed by siteurl, or a dict on the
    instance)."""
    for method in (Content.get_content, Content.get_summary):
        method.cache.clear()
    _known.clear()  # the URLs known for this build's objects (know_urls)


def process_translations(content_list, translation_id=None):
    """``pelican.utils.process_translations`` in linear time: the same originals and
    translations in the same order, each item's ``translations`` set, the same warnings
    (through upstream's ``get_original_items``). Upstream's last step keeps the items
    ``not in`` the list of originals, a list: with 10 000 articles that is 50 million
    comparisons, about 0.3 s per call and three calls per build (articles, hidden,
    drafts), growing with the square of the site.

    Upstream: no Pelican issue reports it (searched getpelican/pelican; #2042 is the
    general slowness report). A report would say: the membership test in
    ``process_translations`` is quadratic; a set of ``id()`` of the originals gives the
    same list in linear time."""
    if not translation_id:
        return content_list, []
    keys = (translation_id,) if isinstance(translation_id, str) else tuple(translation_id)
    try:
        content_list.sort(key=attrgetter(*keys))
    except (TypeError, AttributeError):
        return _process_translations(content_list, translation_id)  # upstream's own message
    index = []
    for values, group in groupby(content_list, attrgetter(*keys)):
        values = (values,) if len(keys) == 1 else values
        with_str = "with" + ", ".join(f' {k} "{v}"' for k, v in zip(keys, values))
        items = list(group)
        index.extend(pelican.utils.get_original_items(items, with_str))
        for a in items:
            a.translations = [x for x in items if x != a]
    originals = {id(x) for x in index}
    return index, [x for x in content_list if id(x) not in originals]


_process_translations = pelican.utils.process_translations


def check_disabled_readers(self, paths, exclude=None) -> None:
    """``Generator._check_disabled_readers`` without its walk when no reader is disabled:
    upstream lists the content folders again, for each generator, to warn about the files
    of a disabled reader's extensions, and when no reader is disabled it lists them for
    nothing (the kit's readers are all installed; ``READERS`` set to None removes a reader,
    it does not disable it): two more walks of the whole content folder, about 0.1 s at
    12 000 files. The same warnings when a reader is disabled."""
    if self.readers.disabled_extensions:
        _check_disabled_readers(self, paths, exclude)


def include_path(self, path, extensions=None) -> bool:
    """``Generator._include_path`` with the ``IGNORE_FILES`` patterns matched by one
    compiled expression (``_ignored``) instead of ``fnmatch`` for each pattern and each file
    (132 000 calls per build of a 12 000-file site): the same answer."""
    if extensions is None:
        extensions = tuple(self.readers.extensions)
    basename = os.path.basename(path)
    if _ignored(tuple(self.settings["IGNORE_FILES"]))(os.path.normcase(basename)):
        return False
    return extensions is False or os.path.splitext(basename)[1][1:] in extensions


@functools.lru_cache(maxsize=16)
def _ignored(patterns: tuple):
    """Whether a file name matches one of ``patterns`` as ``fnmatch.fnmatch`` does (each
    pattern's ``fnmatch.translate`` matches the whole name)."""
    if not patterns:
        return lambda name: False
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns)).match


_check_disabled_readers = pelican.generators.Generator._check_disabled_readers
_include_path_upstream = pelican.generators.Generator._include_path


def apply():
    """Install the speed-ups above (same results): tag/category/author pages, relative
    source paths, file stamps for a content cache that is off, URL formatting inside
    ``frozen_urls()``, date formatting and slugs, translations, the content folders'
    listing (no walk for disabled readers when there is none, ignored files matched at
    once). Idempotent; called by the pipeline before Pelican starts."""
    if getattr(ArticlesGenerator.generate_output, "_kit_patched", False):
        return
    FileStampDataCacher.cache_data = cache_data
    Content.get_url_setting = get_url_setting
    FileStampDataCacher.get_cached_data = get_cached_data
    Content.get_relative_source_path = get_relative_source_path
    pelican.utils.strftime = strftime  # SafeDatetime.strftime looks it up here
    pelican.contents.slugify = pelican.urlwrappers.slugify = slugify
    ArticlesGenerator.generate_output = _generate_output(ArticlesGenerator.generate_output)
    pelican.generators.process_translations = process_translations  # imported by name there
    pelican.generators.Generator._check_disabled_readers = check_disabled_readers
    pelican.generators.Generator._include_path = include_path
