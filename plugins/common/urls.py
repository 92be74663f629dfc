"""The site's addresses: its absolute base, and the top-level folders it writes itself."""

from __future__ import annotations

import importlib
import re
from urllib.parse import unquote, urlsplit

# A name (and password or token) before an address's host, ``https://oauth2:<token>@host/``:
# never written into a file others read nor repeated in a message (CI logs are often
# public). Group 1: the scheme, to write the address without it.
CREDENTIALS = re.compile(r"^([A-Za-z][\w+.-]*://)[^/?#]*@")


def absolute_base(settings) -> str:
    """The site's absolute address (feeds, calendars, canonical links, the sitemap):
    FEED_DOMAIN, else SITEURL, when it is an absolute http(s) address; "" for a build
    with relative addresses. Pelican sets FEED_DOMAIN to SITEURL unless a site sets both."""
    for key in ("FEED_DOMAIN", "SITEURL"):
        value = (settings.get(key) or "").rstrip("/")
        if value.startswith(("http://", "https://")):
            return value
    return ""


def own_hosts(settings) -> frozenset[str]:
    """The hosts that are this site: that of an absolute SITEURL (or FEED_DOMAIN) and
    ``SITE_DOMAIN``, each with and without ``www.``. A link to one of them is a link inside
    the site even in a build with relative addresses (the preview, a merge request's
    build), where an author's ``https://<domain>/berita/…`` copied from the browser must
    lead to a page as much as ``/berita/…``."""
    hosts = set()
    base = urlsplit(absolute_base(settings))
    for host in (normal_host(base.netloc, base.scheme) if base.netloc else "", normal_host(settings.get("SITE_DOMAIN") or "")):
        if host:
            hosts |= {host, host[4:] if host.startswith("www.") else "www." + host}
    return frozenset(hosts)


def normal_host(netloc: str, scheme: str = "https") -> str:
    """A URL's authority as the server a browser connects to: lowercase, without user-info,
    percent escapes undone, without the trailing dot and the scheme's default port
    (``host:port`` for another port)."""
    netloc = netloc.strip().lower()
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
    if "%" in netloc:
        netloc = unquote(netloc)
    host, _, port = netloc.partition(":")
    host = host.rstrip(".")
    if port and port != {"http": "80", "https": "443"}.get(scheme, ""):
        return f"{host}:{port}"
    return host


# Top-level folders the site writes without a setting that names them: the content
# folders published at their own path, kip's views and exports (kip, regulations), services'
# pages, Pagefind's bundle (search) and the web editor (editor, a post-build step).
UNNAMED_FOLDERS = frozenset({
    "images", "dokumen", "audio", "opd", "informasi-berkala", "data", "layanan-informasi", "pagefind", "admin",
})
# Folders the site writes under an OPD's page (``opd/<opd>/``), which an OPD's static page
# (a PPID Pelaksana page) may not take: its news list (channels.opd_slug), reserved even on
# a site that does not list OPD news (``OPD_BERITA_PER_PAGE = 0``), so that turning the lists
# on never takes a page's address.
OPD_NEWS = "berita"
OPD_FOLDERS = frozenset({OPD_NEWS})
# Settings whose value is an address or an output path (Pelican's and each plugin's).
ADDRESS_SUFFIXES = ("_URL", "_SAVE_AS", "_ATOM", "_RSS", "_FEED_PATH")


def plugin_defaults(settings):
    """The ``DEFAULTS`` of every package listed in ``PLUGINS`` (the kit's and a site's own)."""
    for name in settings.get("PLUGINS") or ():
        if not isinstance(name, str):
            continue
        try:
            defaults = getattr(importlib.import_module(name), "DEFAULTS", None)
        except ImportError:
            continue
        if isinstance(defaults, dict):
            yield defaults


def _folder(value) -> str | None:
    """``berita/{slug}/`` → ``berita``; None for a file at the top (``404.html``), a
    pattern (``{slug}/``) or an absolute address."""
    if not isinstance(value, str) or "://" in value:
        return None
    head, sep, _ = value.lstrip("/").partition("/")
    return head if sep and head and "{" not in head else None


def reserved_slugs(settings) -> frozenset[str]:
    """Top-level folders of the site's own pages, feeds and files, which a static page may
    not take as its slug: the first folder of every address setting (Pelican's, the site's
    and each listed plugin's defaults; a ``{slug}`` address reserves the slug of each item
    of its setting, as KANAL_URL the channels of KANAL), the pagination folder, the theme's
    folder and ``UNNAMED_FOLDERS``."""
    values: dict = {}
    for defaults in plugin_defaults(settings):
        values.update(defaults)
    values.update(settings)
    for nested in [v for v in values.values() if isinstance(v, dict)]:  # FEEDS = {"FEED_ALL_ATOM": ...}
        values = {**nested, **values}
    found = set(UNNAMED_FOLDERS)
    for key, value in values.items():
        if not isinstance(key, str) or not key.endswith(ADDRESS_SUFFIXES) or "_LANG_" in key:
            continue  # not an address, or a translation's (the kit's sites have one language)
        if key.endswith("_URL") and values.get(key[: -len("_URL")] + "_SAVE_AS") == "":
            continue  # an address Pelican does not write (AUTHOR_URL with AUTHOR_SAVE_AS = "")
        if isinstance(value, str) and value.startswith("{slug}/"):
            prefix = key.rsplit("_", 2 if key.endswith("_SAVE_AS") else 1)[0]
            found.update(s for s in (getattr(item, "slug", None) for item in values.get(prefix) or ()) if s)
            continue
        folder = _folder(value)
        if folder:
            found.add(folder)
    for pattern in values.get("PAGINATION_PATTERNS") or ():
        folder = _folder(str(pattern[1]).removeprefix("{base_name}/")) if len(pattern) > 1 else None
        if folder:
            found.add(folder)
    if values.get("THEME_STATIC_DIR"):
        found.add(str(values["THEME_STATIC_DIR"]).strip("/").split("/")[0])
    return frozenset(found)
