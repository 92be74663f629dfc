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
from datetime import date
from html import escape
from urllib.parse import urlsplit

import pelican_internals
from common.urls import absolute_base
from content import html_policy
from content.tanggal import tanggal

logger = logging.getLogger(__name__)

DEFAULTS = {"OPD_FEED_ATOM": "feeds/opd/{slug}.atom.xml"}
# FEEDS (a dict of Pelican feed settings) is applied only when the build has an absolute
# address, so a local preview neither writes feeds nor warns about them.
FEED_SETTINGS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS",
    "TAG_FEED_ATOM", "TAG_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS", "OPD_FEED_ATOM",
)


def absolute_addresses(html: str, base: str) -> str:
    """Addresses from the host's root (an author's ``/dip/serta-merta/``; a site published
    under a path has them as ``/situs/dip/``) made absolute with ``base``'s host, srcsets
    too: a feed is read away from the site, where such a link leads nowhere."""
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    return html_policy.rewrite_addresses(html, lambda v: origin + v if html_policy.from_root(v) else None, srcset=True)


def entry_content(item, base: str) -> str:
    """What a feed entry carries of an item, as its page shows it: the lead photo with its
    caption and credit, an announcement's last day, the body, a narasi tunggal item's
    source and a press release's media contact (a newsroom republishing the feed keeps
    both); every address absolute."""
    fields = getattr(item, "fields", None) or {}
    parts = []
    foto = getattr(item, "foto", None)
    if foto:
        credit = getattr(item, "kredit_foto", None)
        caption = " ".join(x for x in (fields.get("image-caption"), f"Foto: {credit}" if credit else "") if x)
        parts.append(f'<figure><img src="{escape(foto["src"])}" alt="{escape(foto["alt"])}" width="{foto["width"]}" '
                     f'height="{foto["height"]}">' + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
                     + "</figure>")
    if isinstance(fields.get("berakhir"), date):  # (a feed is read later: the day, not whether it passed)
        parts.append(f"<p>Berlaku hingga {tanggal(fields['berakhir'])}.</p>")
    parts.append(item.get_content(base))
    if fields.get("sumber"):
        name, source = escape(fields["sumber"]), fields.get("sumber-url")
        parts.append(f'<p>Sumber: <a href="{escape(source)}">{name}</a></p>' if source else f"<p>Sumber: {name}</p>")
    if fields.get("kontak-media"):
        parts.append(f"<p>Kontak media: {escape(fields['kontak-media'])}</p>")
    return absolute_addresses("\n".join(parts), base)


def feeds_enabled(settings) -> bool:
    return bool(absolute_base(settings))


def configure(run):
    settings = run.settings
    pelican_internals.feeds_in_language(lambda: settings.get("DEFAULT_LANG") or "id")  # xml:lang="id" on Pelican's feeds too
    # Pelican's feed entries: the title whole ("Anak <7 Tahun" is no tag), the content as entry_content makes it.
    pelican_internals.feed_entries(entry_content, lambda summary, base: absolute_addresses(summary or "", base) or None)
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
