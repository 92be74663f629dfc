"""The link check over a finished output folder (see the package docstring)."""

from __future__ import annotations

import array
import difflib
import functools
import html
import logging
import os
import posixpath
import re
import time
from collections import defaultdict
from itertools import chain
from pathlib import Path
from stat import S_ISDIR
from urllib.parse import unquote, urlsplit

from common.paths import display_path
from common.urls import normal_host, own_hosts
from common.store import Store, code_version
from common.forked import fork_map, usable_cpus
from content import kemajuan
from content.safety import CONTENT_SUFFIXES
from content.source import line_with
from content.validate import Problem

from . import DEFAULTS

# A tag, or a comment / style block skipped whole. A script keeps its own attributes
# (src) but its text is skipped. Group 1: a script's attributes, group 2: another tag's,
# whose quoted values may hold a ``>`` (``href="/cari/?a>b"``; possessive, so a tag left
# open never makes the engine try again).
# (The ``<`` is written once, before the alternatives, and only the element names are
# matched without regard to case: Python's engine then looks for each ``<`` in C, three
# times faster than with the whole pattern case-insensitive; the same matches.)
TAG_RE = re.compile(
    r"<(?:!--.*?-->|(?i:style)\b[^>]*>.*?</(?i:style)\s*>|(?i:script)\b([^>]*)>.*?</(?i:script)\s*>"
    r"""|[a-zA-Z][a-zA-Z0-9-]*(\s(?:[^>"']++|"[^"]*+"|'[^']*+')*+)>)""",
    re.S,
)
# A link attribute in a tag's attributes, or a quoted value (matched to be skipped: text
# such as ``content="… src=&#34;/lama&#34;"`` is no attribute). The tags' attributes are
# searched at once, joined by NUL (which no page holds): no value reaches past its own tag
# (a script's attributes may hold a quote left open).
ATTR_RE = re.compile(r"""\s((?i:href|src|srcset|poster|action))\s*=\s*(?:"([^"\0]*)"|'([^'\0]*)'|([^\s"'>\0]+))"""
                     r"""|"[^"\0]*"|'[^'\0]*'""")
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)""", re.I)
logger = logging.getLogger(__name__)
PARALLEL_MIN = 400  # pages to read before forking readers
WEB_SCHEMES = ("http", "https")
# What only a build with the site's absolute address writes (feeds, sitemap.xml): a link to
# it by the site's domain is not looked for in a build with relative addresses.
PUBLISH_ONLY = (".xml", ".atom", ".rss")


# A link to the site's host outside the path of SITEURL: its target, which no file is.
OUTSIDE = "../"


class Site:
    """Where links point: the files of the output, and the site's own address."""

    def __init__(self, output: str, siteurl: str, previous: str | None = None, unchanged=(), listed: bool = True,
                 hosts=frozenset()):
        """``unchanged``: files that stay in ``previous`` (the preview's in-place run) and
        belong to the site as much as those in ``output``. ``listed``: the output's files
        are listed (not needed to tell where a link points). ``hosts``: the site's own
        (``common.urls.own_hosts``), besides SITEURL's."""
        self.output = output
        parts = urlsplit(siteurl or "")
        host = normal_host(parts.netloc, parts.scheme) if parts.scheme in WEB_SCHEMES else ""
        self.hosts = frozenset(hosts) | own_hosts({"SITEURL": siteurl})
        self.prefix = parts.path.rstrip("/") if host else ""
        self.absolute = bool(host)  # this build has the site's address (a publish build)
        self.memo: dict = {}  # link value (or folder, relative value) -> target
        self.files: set[str] = files_under(output) if listed else set()
        self.elsewhere = {rel: previous for rel in unchanged if rel not in self.files} if previous else {}
        self.files.update(self.elsewhere)

    def path(self, rel: str) -> str:
        return os.path.join(self.elsewhere.get(rel, self.output), rel)

    def target(self, page_url: str, value: str) -> str | None:
        """The output file a link needs (relative to the output), or None when the link
        leaves the site, or is only a fragment or a query of the page itself."""
        value = value.strip()
        if "&" in value:
            value = html.unescape(value)
        if not value or value.startswith(("#", "?")):
            return None
        parts = urlsplit(value)
        if parts.scheme and parts.scheme.lower() not in WEB_SCHEMES:
            return None  # mailto:, tel:, data:, webcal:, javascript: ...
        if parts.netloc:
            if not self.hosts or normal_host(parts.netloc, parts.scheme.lower() or "https") not in self.hosts:
                return None
            path = parts.path or "/"
            if not self.absolute and path.endswith(PUBLISH_ONLY):
                return None  # feeds and the site map: written only by a build with the site's address
        else:
            path = parts.path
            if not path:
                return None
        if path.startswith("/") and self.prefix:
            # Where a browser goes ("/situs/../dip/" is /dip/, %2e%2e a ".." too): under the
            # site's path, or the host outside it (a GitHub Pages project site), no page of it.
            resolved = posixpath.normpath(unquote(path)) + ("/" if path.endswith("/") else "")
            if not (resolved.rstrip("/") == self.prefix or resolved.startswith(self.prefix + "/")):
                return OUTSIDE + resolved.lstrip("/")
            path = resolved[len(self.prefix):] or "/"
        elif not path.startswith("/"):
            path = posixpath.join(posixpath.dirname(page_url), path)
        trailing = path.endswith("/")
        path = posixpath.normpath(unquote(path)).lstrip("/")
        if path in ("", "."):
            return "index.html"
        return path + "/index.html" if trailing else path

    def missing(self, targets: set[str]) -> set[str]:
        """Those of ``targets`` that are neither a file of the site nor a folder with an
        ``index.html``, found by set difference rather than one by one."""
        return {t for t in targets - self.files if f"{t}/index.html" not in self.files}


def files_under(root: str) -> set[str]:
    """Every file under the folder ``root``, as a path relative to it with ``/``: the
    file names ``os.walk`` gives (a symbolic link to a folder is not a file and is not
    followed; an unreadable folder is skipped), without its ``lstat`` of every folder:
    the type of each entry comes with the folder's listing."""
    files: set[str] = set()
    folders = [("", root)]
    while folders:
        base, folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        is_folder = entry.is_dir()
                    except OSError:
                        is_folder = False
                    if not is_folder:
                        files.add(base + entry.name)
                    elif not entry.is_symlink():
                        folders.append((f"{base}{entry.name}/", entry.path))
        except OSError:
            continue
    return files


def page_links(text: str):
    """Every link value of an HTML page (srcset split into its URLs), in order. The
    tags are found and their attributes searched by the regular expressions alone (a
    page has hundreds of tags: no Python step per tag)."""
    attributes = "\0".join(filter(None, chain.from_iterable(TAG_RE.findall(text))))
    for name, double, single, bare in ATTR_RE.findall(attributes):
        if not name:
            continue  # a quoted value of another attribute
        value = double or single or bare  # the one that matched (the others are empty)
        if name.lower() == "srcset":
            for candidate in value.split(","):
                url = candidate.strip().split(None, 1)
                if url:
                    yield url[0]
        else:
            yield value


def css_links(text: str):
    for m in CSS_URL_RE.finditer(text):
        yield next(g for g in m.groups() if g is not None)


def setting_targets(site: Site, settings) -> dict[str, str]:
    """Target file -> the setting that gives a link to it (settings URLs are relative to SITEURL)."""
    found: dict[str, str] = {}

    def walk(name, value):
        if isinstance(value, str):
            target = site.target("index.html", value)
            if target:
                found.setdefault(target, name)
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(name, v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(name, v)

    for name in settings.get("TAUTAN_SETTINGS", DEFAULTS["TAUTAN_SETTINGS"]):
        walk(name, settings.get(name))
    return found


def cache_file(validation_cache) -> Path | None:
    """Beside the validation cache of this output (``.cache/tautan-<output>/``)."""
    if not validation_cache:
        return None
    folder = Path(validation_cache).parent
    return folder.parent / folder.name.replace("konten-", "tautan-", 1) / "tautan.pickle"


class LinkCache:
    """Internal links of each page, by the file's inode, mtime and size: a page the
    incremental build kept is a hard link of the previous one, so it is not read again.
    A snapshot of the folder's store, salted by the site URL and this package's code.

    Stored compactly, as every link target of the site once (``names``) and each page's
    targets as their numbers in that list (``array`` bytes): a pickle of one small
    dictionary per page took longer to write and load than the check itself (about
    0.45 s at 16 000 pages and 400 000 links, against 0.04 s this way). The link's own
    text, named in a report, is read again from the page when a target is missing."""

    TYPE = "i"  # the numbers' array type (4 bytes)

    def __init__(self, path: Path | None, siteurl: str):
        self.path, self.pages = path, {}
        self.store = Store(path.parent.parent, path.parent.name, f"{siteurl}\n{code_version('links')}") if path else None
        stored = (self.store.load(path.name) if self.store else None) or ([], {})
        self.names, self.old = list(stored[0]), stored[1]
        self.number = {name: i for i, name in enumerate(self.names)}
        self.used: int | None = None  # targets of this build's pages (``all_targets``)

    def get(self, rel, st) -> bytes | None:
        """The numbers of the targets of page ``rel`` (stat ``st``) when it is unchanged."""
        hit = self.old.get(rel)
        if hit and hit[0] == stamp(st):
            self.pages[rel] = hit
            return hit[1]
        return None

    def put(self, rel, st, found: dict[str, str]) -> bytes:
        data = self.pages[rel] = (stamp(st), self._numbers(found))
        return data[1]

    def _numbers(self, targets) -> bytes:
        number, names = self.number, self.names
        out = array.array(self.TYPE)
        for target in targets:
            i = number.get(target)
            if i is None:
                i = number[target] = len(names)
                names.append(target)
            out.append(i)
        return out.tobytes()

    def targets(self, data: bytes) -> list[str]:
        return [self.names[i] for i in memoryview(data).cast(self.TYPE)]

    def all_targets(self) -> tuple[set[str], int]:
        """Every target of this build's pages, and the number of (page, target) pairs."""
        numbers: set[int] = set()
        pairs = 0
        for _, data in self.pages.values():
            view = memoryview(data).cast(self.TYPE)
            numbers.update(view)
            pairs += len(view)
        self.used = len(numbers)
        return {self.names[i] for i in numbers}, pairs

    def save(self, later: bool = True):
        if not self.store:
            return
        if self.used is None:
            self.all_targets()
        if len(self.names) > 2 * self.used:  # targets of pages gone or changed: numbered again
            old = [(rel, st, self.targets(data)) for rel, (st, data) in self.pages.items()]
            self.names, self.number = [], {}
            self.pages = {rel: (st, self._numbers(targets)) for rel, st, targets in old}
        self.store.save(self.path.name, (self.names, self.pages), later=later)


def stamp(st) -> tuple:
    """What identifies a file's content for the link check: the same inode, modification
    time and size mean the same page."""
    return st.st_ino, st.st_mtime_ns, st.st_size


def internal_links(site: Site, rel: str, text: str, links) -> dict[str, str]:
    """Target file -> the first link value naming it, for the internal links of one file."""
    found: dict[str, str] = {}
    folder = posixpath.dirname(rel)
    memo = site.memo
    for value in set(links(text)):
        key = value if value.startswith(("/", "http")) else (folder, value)
        target = memo.get(key, memo)
        if target is memo:
            target = memo[key] = site.target(rel, value)
        if target is not None and target not in found:
            found[target] = value
    return found


def linker(rel: str):
    """How to find the links of an output file, or None when it has none to check."""
    if rel.endswith(".html"):
        return page_links
    if rel.startswith("theme/") and rel.endswith(".css"):
        return css_links
    return None


def read_share(site: Site, rels: list[str]) -> list[tuple[str, dict]]:
    out = []
    for rel in rels:
        with open(site.path(rel), encoding="utf-8", errors="replace") as f:
            out.append((rel, internal_links(site, rel, f.read(), linker(rel))))
    return out


def read_pages(site: Site, rels: list[str]) -> list[tuple[str, dict]]:
    """The internal links of ``rels``, read in forked processes when there are many
    (a cold build of a large site); one per usable CPU, at most 4."""
    workers = min(4, usable_cpus())
    if len(rels) < PARALLEL_MIN or workers < 2 or not hasattr(os, "fork"):
        return read_share(site, rels)
    shares = [rels[k::workers] for k in range(workers)]
    results = []
    for share, (ok, found) in zip(shares, fork_map(functools.partial(read_share, site), shares)):
        results += found if ok else read_share(site, share)  # a failed share: read here
    return results


def broken_links(output, settings, sources=None, cache_path=None, stats=None, previous=None,
                 unchanged=()) -> list[Problem]:
    """One problem per (origin, missing target): ``find_missing``, then ``report``.
    ``stats`` (a dict) receives what was checked."""
    missing, checked = find_missing(output, settings.get("SITEURL") or "", cache_path, previous, unchanged,
                                    hosts=own_hosts(settings))
    if stats is not None:
        stats.update(checked)
    log_check(checked)
    return report(output, settings, missing, sources)


def find_missing(output, siteurl: str, cache_path=None, previous=None, unchanged=(),
                 later: bool = True, hosts=frozenset()) -> tuple[dict[tuple[str, str], str], dict]:
    """The internal links of the output's pages (and of the theme's CSS) that lead to no
    file of it: (page, target file) -> the link as written; and what was checked
    (pages, read, links, seconds). ``unchanged``: pages of the site that stay in
    ``previous`` (see ``Site``). ``later``: the link cache is saved as a one-off build
    saves its caches (``Store.save``); else now (a forked process: its own saves would
    be lost)."""
    started = time.perf_counter()
    output = os.path.abspath(output)
    site = Site(output, siteurl, previous and os.path.abspath(previous), unchanged, hosts=hosts)
    cache = LinkCache(cache_path, siteurl + " " + " ".join(sorted(hosts)))
    missing: dict[tuple[str, str], str] = {}
    checked = [rel for rel in sorted(site.files) if linker(rel)]
    stat_of = {rel: os.stat(site.path(rel)) for rel in checked}
    unread = [rel for rel in checked if cache.get(rel, stat_of[rel]) is None]
    found_by_page: dict[str, dict[str, str]] = {}  # the pages read in this build
    kemajuan.stage(f"Memeriksa tautan: membaca {len(unread)} halaman")
    for rel, found in read_pages(site, unread):
        found_by_page[rel] = found
        cache.put(rel, stat_of[rel], found)
    kemajuan.stage("Memeriksa tautan", 0, len(checked))
    targets, links_seen = cache.all_targets()
    absent = site.missing(targets)
    for rel in checked if absent else ():
        if absent.isdisjoint(cache.targets(cache.pages[rel][1])):
            continue
        found = found_by_page.get(rel)
        if found is None:  # a page kept from the last build: its links' text is read again
            found = read_share(site, [rel])[0][1]
        for target, value in found.items():
            if target in absent:
                missing[(rel, target)] = value
    cache.save(later)
    return missing, dict(pages=len(checked), read=len(unread), links=links_seen, seconds=time.perf_counter() - started)


def still_missing(output, missing: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Those of ``missing`` (``find_missing``'s) whose target is still neither a file of
    ``output`` nor a folder with an ``index.html``: for a check that ran while the build
    still wrote files (the search index), looked at again once they are written."""
    absent = {target for target in {t for _, t in missing}
              if not _a_file(os.path.join(output, target)) and not _a_file(os.path.join(output, target, "index.html"))}
    return {key: value for key, value in missing.items() if key[1] in absent}


def _a_file(path: str) -> bool:
    """What ``files_under`` lists as a file: any entry but a folder (or a link to one)."""
    try:
        return not S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return os.path.islink(path)


def log_check(stats: dict):
    logger.info("tautan: %d halaman, %d dibaca, %d tujuan internal diperiksa dalam %.2f s",
                stats["pages"], stats["read"], stats["links"], stats["seconds"])


def nearest_page(output: str, target: str) -> str | None:
    """The published page whose address is nearest a missing page's (a slug mistyped, a
    month or year wrong), within the same top folder; None when none is close. Read only
    for a refused build."""
    top = target.split("/", 1)[0]
    if not target.endswith("index.html") or "/" not in target or not os.path.isdir(os.path.join(output, top)):
        return None
    pages = [os.path.relpath(os.path.join(folder, "index.html"), output).replace(os.sep, "/")
             for folder, _, files in os.walk(os.path.join(output, top)) if "index.html" in files]
    close = difflib.get_close_matches(target, pages, n=1, cutoff=0.8)
    return close[0] if close else None


def unpublished(settings, target: str) -> bool:
    """Whether a missing target of the output is a file at the same place under content/
    (not a content file, which is published as a page elsewhere)."""
    content = settings.get("PATH")
    if not content or target.endswith("/") or os.path.splitext(target)[1].lower() in CONTENT_SUFFIXES:
        return False
    path = os.path.join(content, *target.split("/"))
    return os.path.isfile(path) and os.path.realpath(path).startswith(os.path.realpath(content) + os.sep)


def report(output, settings, missing: dict[tuple[str, str], str], sources=None) -> list[Problem]:
    """One problem per (origin, missing target) of ``missing`` (``find_missing``'s): the
    origin is the setting that gives the link, else the content file of the page
    (``sources``: output file -> content file, named as ``common.paths.display_path``
    names it), else the page itself."""
    if not missing:
        return []
    sources = sources or {}
    output = os.path.abspath(output)
    by_setting = setting_targets(Site(output, settings.get("SITEURL") or "", listed=False, hosts=own_hosts(settings)), settings)
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for (rel, target), value in missing.items():
        setting = by_setting.get(target)
        if setting:
            origin, key = "pelicanconf.py", setting
        else:
            source = sources.get(os.path.join(output, rel))
            origin, key = (display_path(source), "tautan") if source else (f"halaman {rel} (templat)", "tautan")
        grouped[(origin, key, target)].append(rel if setting else value)
    problems = []
    for (origin, key, target), where in sorted(grouped.items()):
        if key != "tautan":
            pages = sorted(set(where))
            message = (f"tautan ke '/{target.removesuffix('index.html')}' menuju halaman yang tidak ada di situs "
                       f"(muncul di {len(pages)} halaman, misalnya {pages[0]}); buat halamannya "
                       "(mis. di content/halaman/) atau perbaiki/hapus tautan ini")
        elif target.startswith(OUTSIDE):
            message = (f"tautan '{where[0]}' menuju ke luar alamat situs ({settings.get('SITEURL')}, halamannya di bawah "
                       f"{urlsplit(settings.get('SITEURL') or '').path.rstrip('/')}/): tulis alamat relatif, atau di templat "
                       "{{ SITEURL }}/… di depannya")
        elif unpublished(settings, target):
            # /dokumen/laporan.pdf: the file is there under content/, but Pelican publishes a
            # document only when a header or a {static} link names it.
            message = (f"tautan '{where[0]}' menuju berkas content/{target}, yang tidak diterbitkan: dokumen di content/ "
                       f"terbit hanya bila ditautkan dengan {{static}}; tulis {{static}}/{target} "
                       f"(mis. [teks]({{static}}/{target}))")
        else:
            near = nearest_page(output, target)
            message = (f"tautan '{where[0]}' menuju berkas yang tidak ada di situs ({target}); "
                       + (f"mungkin maksudnya /{near.removesuffix('index.html')}? " if near else "")
                       + "perbaiki alamatnya, atau terbitkan halaman/berkas yang dituju")
        # A link in a content file: the line the author typed it on (a setting: its key).
        line = line_with(origin, html.unescape(where[0])) if key == "tautan" else None
        problems.append(Problem(origin, key, message, line))
    return problems
