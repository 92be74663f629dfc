"""feeds: Atom feeds of all news and of each OPD's news.

Pelican writes the all-news and per-category feeds itself (``FEED_ALL_ATOM``,
``CATEGORY_FEED_ATOM``); this plugin adds one feed per OPD (``OPD_FEED_ATOM``, default
``feeds/opd/{slug}.atom.xml``) through Pelican's writer, which builds it with
feedgenerator.

A feed needs absolute links. While neither ``FEED_DOMAIN`` nor ``SITEURL`` is absolute (local preview with
pelicanconf.py) no feed is written and no page links to one; publishconf.py, or any
build given an absolute ``SITEURL``, writes them all.
"""

from __future__ import annotations

import logging

import pelican_internals
from common.urls import absolute_base

logger = logging.getLogger(__name__)

DEFAULTS = {"OPD_FEED_ATOM": "feeds/opd/{slug}.atom.xml"}
# FEEDS (a dict of Pelican feed settings) is applied only when the build has an absolute
# address, so a local preview neither writes feeds nor warns about them.
FEED_SETTINGS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS",
    "TAG_FEED_ATOM", "TAG_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS", "OPD_FEED_ATOM",
)


def feeds_enabled(settings) -> bool:
    return bool(absolute_base(settings))


def configure(run):
    settings = run.settings
    pelican_internals.feeds_in_language(lambda: settings.get("DEFAULT_LANG") or "id")  # xml:lang="id" on Pelican's feeds too
    pelican_internals.text_titles_in_feeds()  # "Anak <7 Tahun" whole, not read as a tag
    settings["FEEDS_ENABLED"] = feeds_enabled(settings)
    if settings["FEEDS_ENABLED"]:
        settings.update(settings.get("FEEDS") or {})
    else:
        for key in FEED_SETTINGS:
            settings[key] = None


def group_by_opd(articles) -> dict:
    groups: dict = {}
    for art in sorted(articles, key=lambda a: (a.date, a.slug), reverse=True):
        opd = getattr(art, "opd", None)
        if opd is not None:
            groups.setdefault(opd.slug, (opd, []))[1].append(art)
    return groups


def on_article_writer_finalized(run, generator, writer):
    pattern = generator.settings.get("OPD_FEED_ATOM")
    if not pattern:
        return
    for slug, (opd, articles) in group_by_opd(generator.articles).items():
        path = pattern.format(slug=slug)
        writer.write_feed(articles, generator.context, path, feed_title=f"Berita {opd.nama}")
