"""The link check over a finished output folder (see the package docstring)."""

from __future__ import annotations

import functools
import html
import logging
import os
import posixpath
import re
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common.paths import display_path
from common.store import Store, code_version
from common.forked import fork_map, usable_cpus
from content import kemajuan
from content.validate import ContentError, Problem

from . import DEFAULTS

# A tag, or a comment / style block skipped whole. A script keeps its own attributes
# (src) but its text is skipped.
TAG_RE = re.compile(
    r"<!--.*?-->|<style\b[^>]*>.*?</style\s*>|<script\b([^>]*)>.*?</script\s*>|<[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)>",
    re.S | re.I,
)
ATTR_RE = re.compile(
    r"""\s(href|src|srcset|poster|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.I,
)
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)""", re.I)
logger = logging.getLogger(__name__)
PARALLEL_MIN = 400  # pages to read before forking readers
WEB_SCHEMES = ("http", "https")


class Site:
    """Where links point: the files of the output, and the site's own address."""

    def __init__(self, output: str, siteurl: str, previous: str | None = None, unchanged=()):
        """``unchanged``: files that stay in ``previous`` (the preview's in-place run) and
        belong to the site as much as those in ``output``."""
        self.output = output
        parts = urlsplit(siteurl or "")
        self.host = parts.netloc.lower() if parts.scheme in WEB_SCHEMES else ""
        self.prefix = parts.path.rstrip("/") if self.host else ""
        self.memo: dict = {}  # link value (or folder, relative value) -> target
        self.files: set[str] = set()
        root = len(os.path.join(output, ""))  # ``output`` is absolute: each folder's path starts with it
        for folder, _dirs, names in os.walk(output):
            rel = folder[root:]
            base = rel.replace(os.sep, "/") + "/" if rel else ""
            self.files.update(base + n for n in names)
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
            if not self.host or parts.netloc.lower() != self.host:
                return None
            path = parts.path or "/"
        else:
            path = parts.path
            if not path:
                return None
        if path.startswith("/"):
            if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
                path = path[len(self.prefix):] or "/"
        else:
            path = posixpath.join(posixpath.dirname(page_url), path)
        trailing = path.endswith("/")
        path = posixpath.normpath(unquote(path)).lstrip("/")
        if path in ("", "."):
            return "index.html"
        return path + "/index.html" if trailing else path

    def exists(self, target: str) -> bool:
        return target in self.files or f"{target}/index.html" in self.files


def page_links(text: str):
    """Every link value of an HTML page (srcset split into its URLs)."""
    for tag in TAG_RE.finditer(text):
        attrs = tag.group(1) or tag.group(2)
        if not attrs or "=" not in attrs:
            continue
        low = attrs.lower()
        if "src" not in low and "href" not in low and "poster" not in low and "action" not in low:
            continue
        for m in ATTR_RE.finditer(attrs):
            value = m.group(2) if m.group(2) is not None else (m.group(3) if m.group(3) is not None else m.group(4))
            if m.group(1).lower() == "srcset":
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
    A snapshot of the folder's store, salted by the site URL and this package's code."""

    def __init__(self, path: Path | None, siteurl: str):
        self.path, self.pages = path, {}
        self.store = Store(path.parent.parent, path.parent.name, f"{siteurl}\n{code_version('links')}") if path else None
        self.old = (self.store.load(path.name) or {}) if self.store else {}

    def get(self, rel, st):
        hit = self.old.get(rel)
        if hit and hit[0] == stamp(st):
            self.pages[rel] = hit
            return hit[1]
        return None

    def put(self, rel, st, links):
        self.pages[rel] = (stamp(st), links)

    def save(self):
        if self.store:
            self.store.save(self.path.name, self.pages, later=True)


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


def read_ahead(output, siteurl: str, cache_path=None) -> dict:
    """The internal links of the HTML pages already in ``output`` that the cache does not
    know, each with its ``stamp``: read while the rest of the site is made (the search
    index), for ``broken_links`` to use on the pages that are still the same then."""
    site = Site(os.path.abspath(output), siteurl)
    cache = LinkCache(cache_path, siteurl)
    stamps = {}
    for rel in sorted(site.files):
        if linker(rel) is page_links:  # the theme's CSS is written later
            st = os.stat(site.path(rel))
            if cache.get(rel, st) is None:
                stamps[rel] = stamp(st)
    return {rel: (stamps[rel], found) for rel, found in read_share(site, list(stamps))}


def broken_links(output, settings, sources=None, cache_path=None, stats=None, previous=None,
                 unchanged=(), ahead=None) -> list[Problem]:
    """One problem per (origin, missing target): the origin is the setting that gives the
    link, else the content file of the page (``sources``: output file -> content file,
    named as ``common.paths.display_path`` names it),
    else the page itself. ``stats`` (a dict) receives what was checked. ``unchanged``:
    pages of the site that stay in ``previous`` (see ``Site``). ``ahead``: what
    ``read_ahead`` read earlier in the build (used for a page whose stamp is unchanged)."""
    sources = sources or {}
    stats = {} if stats is None else stats
    started = time.perf_counter()
    output = os.path.abspath(output)
    siteurl = settings.get("SITEURL") or ""
    site = Site(output, siteurl, previous and os.path.abspath(previous), unchanged)
    cache = LinkCache(cache_path, siteurl)
    missing: dict[tuple[str, str], str] = {}
    checked = [rel for rel in sorted(site.files) if linker(rel)]
    stat_of = {rel: os.stat(site.path(rel)) for rel in checked}
    found_by_page = {rel: cache.get(rel, stat_of[rel]) for rel in checked}
    unread = [rel for rel, found in found_by_page.items() if found is None]
    early = 0
    for rel in unread if ahead else ():
        hit = ahead.get(rel)
        if hit is not None and hit[0] == stamp(stat_of[rel]):
            found_by_page[rel] = hit[1]
            cache.put(rel, stat_of[rel], hit[1])
            early += 1
    if early:
        unread = [rel for rel in unread if found_by_page[rel] is None]
    kemajuan.stage(f"Memeriksa tautan: membaca {len(unread)} halaman")
    for rel, found in read_pages(site, unread):
        found_by_page[rel] = found
        cache.put(rel, stat_of[rel], found)
    links_seen = 0
    for i, rel in enumerate(checked):
        if i % 1024 == 0:
            kemajuan.stage("Memeriksa tautan", i, len(checked))
        found = found_by_page[rel]
        links_seen += len(found)
        for target, value in found.items():
            if not site.exists(target):
                missing[(rel, target)] = value
    pages, read = len(checked), len(unread) + early
    cache.save()
    stats.update(pages=pages, read=read, ahead=early, links=links_seen, seconds=time.perf_counter() - started)
    logger.info("tautan: %d halaman, %d dibaca, %d tujuan internal diperiksa dalam %.2f s",
                pages, read, links_seen, stats["seconds"])
    if not missing:
        return []
    by_setting = setting_targets(site, settings)
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
        else:
            message = (f"tautan '{where[0]}' menuju berkas yang tidak ada di situs ({target}); "
                       "perbaiki alamatnya, atau terbitkan halaman/berkas yang dituju")
        problems.append(Problem(origin, key, message))
    return problems
