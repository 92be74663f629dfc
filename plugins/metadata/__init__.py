"""metadata: what search engines, link previews and crawlers read.

- Canonical URLs (``kanonik`` filter), Open Graph data and JSON-LD: ``NewsArticle`` for
  every news item (``article.jsonld``; ``editor`` from ``Redaktur``, the image's
  ``creditText`` from ``Foto``, the same credit as ``article.kredit_foto``), ``GovernmentOrganization`` for the site
  (``SITE_JSONLD``); ``expires`` and ``article.berakhir`` from an announcement's ``Berakhir``. The data is built here as Python dicts and serialized with ``<``,
  ``>`` and ``&`` escaped, so no value can close the ``<script>`` element it sits in.
- ``sitemap.xml`` of every HTML page written and ``robots.txt`` pointing at it.

Absolute URLs need an absolute ``SITEURL`` (publishconf.py sets it). While ``SITEURL``
is empty (local preview) canonical, ``og:url``, ``og:image`` and the sitemap are left
out rather than written with the wrong host; ``robots.txt`` is written without its
``Sitemap:`` line.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import date, datetime, time, timedelta
from html import unescape
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from markupsafe import Markup
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from common.titles import title_text
from common.urls import absolute_base
from content.tanggal import berakhir
from pelican_internals import TEXT_ATTRS

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "SITEMAP_EXCLUDE": ("404.html", "theme/", "pagefind/"),
    "ROBOTS_TXT": True,
}



def to_json(data) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: ``</script>`` and ``<!--`` in
    any value cannot end or alter the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def page_url(output_file: str) -> str:
    """``berita/index.html`` → ``berita/``; ``404.html`` stays."""
    path = str(output_file).replace(os.sep, "/")
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def plain(text) -> str:
    return " ".join(Markup(str(text or "")).striptags().split())


class SiteData:
    def __init__(self, settings):
        self.settings = settings
        self.base = absolute_base(settings)

    def url(self, path: str) -> str | None:
        return f"{self.base}/{path.lstrip('/')}" if self.base else None

    def organization(self) -> dict:
        s = self.settings
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": s.get("SITENAME"),
            "alternateName": s.get("SITENAME_SHORT") or None,
            "description": s.get("SITE_DESCRIPTION") or None,
            "url": self.url(""),
            "logo": self.url(s["SITE_LOGO"]) if s.get("SITE_LOGO") else None,
            "address": {"@type": "PostalAddress", "streetAddress": s["SITE_ADDRESS"], "addressCountry": "ID"}
            if s.get("SITE_ADDRESS") else None,
            "telephone": s.get("SITE_PHONE") or None,
            "email": s.get("SITE_EMAIL") or None,
            "sameAs": [link for _, link in s.get("SOCIAL", ())] or None,
        }
        return prune(data)

    def news_data(self, n: NewsInputs) -> dict:
        """A news item's ``NewsArticle`` from its inputs (``news_inputs``) and the settings."""
        s = self.settings
        url = self.url(n.url)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title_text(n.title)[:110],
            "description": plain(n.summary)[:300] or None,
            "datePublished": n.published,
            "dateModified": n.modified,
            "inLanguage": "id",
            "url": url,
            # A republished item (Sumber-URL): the original is the page it stands for, as its canonical link says.
            "mainEntityOfPage": n.origin_url or url,
            "isBasedOn": n.origin_url,
            "image": [prune({"@type": "ImageObject", "url": self.url(n.image), "creditText": n.credit})]
            if n.image and self.base else None,
            "expires": n.expires,
            "articleSection": n.section,
            "keywords": list(n.keywords) or None,
            "author": [{"@type": "Organization", "name": n.author}] if n.author else None,
            "editor": {"@type": "Person", "name": n.editor} if n.editor else None,
            "sourceOrganization": {"@type": "Organization", "name": n.origin} if n.origin else
            {"@type": "GovernmentOrganization", "name": n.source} if n.source else None,
            "publisher": prune({
                "@type": "GovernmentOrganization",
                "name": s.get("SITENAME"),
                "url": self.url(""),
                "logo": {"@type": "ImageObject", "url": self.url(s["SITE_LOGO"])}
                if s.get("SITE_LOGO") and self.base else None,
            }),
        }
        return prune(data)


class NewsInputs(NamedTuple):
    """Everything a news item's JSON-LD is made from, as plain values (dates as the text
    they are written as): equal inputs, equal JSON-LD."""

    url: str
    image: str | None  # the published social card
    credit: str | None
    title: str
    summary: str
    published: str
    modified: str
    section: str | None
    keywords: tuple[str, ...]
    author: str | None
    editor: str | None
    source: str | None  # the OPD's name
    origin: str | None = None  # a republished item's source (Sumber), whose text it is
    origin_url: str | None = None  # and its address (Sumber-URL)
    expires: str | None = None  # an announcement's last day (Berakhir)


def news_inputs(article) -> NewsInputs:
    fields = getattr(article, "fields", {}) or {}
    opd = getattr(article, "opd", None)
    modified = getattr(article, "modified", None) or article.date
    return NewsInputs(
        url=article.url,
        # The published social card (images package); none without it: the original photo is never published.
        image=getattr(article, "og_image", None),
        credit=photo_credit(article),
        title=str(article.title),
        summary=str(article.summary or ""),
        published=article.date.isoformat(),
        modified=modified.isoformat(),
        section=str(article.category) if getattr(article, "category", None) else None,
        keywords=tuple(str(t) for t in getattr(article, "tags", [])),
        author=str(article.author) if getattr(article, "author", None) else None,
        editor=fields.get("redaktur") or None,
        source=opd.nama if opd else None,
        origin=fields.get("sumber") or None,
        origin_url=fields.get("sumber-url") or None,
        expires=ends(fields.get("berakhir"), article.date.tzinfo),
    )


def ends(last_day, tz) -> str | None:
    """schema.org ``expires`` of an item valid through ``last_day``: the first moment after
    it in the site's time zone (the day itself, written alone, reads as already expired)."""
    if not isinstance(last_day, date):
        return None
    return datetime.combine(last_day + timedelta(days=1), time(), tz).isoformat()


def photo_credit(article) -> str | None:
    """The lead photo's credit ("Foto: …"): ``Foto``, else a republished item's source
    (``Sumber``: its photo came with its text), else the OPD's name; None without a photo."""
    fields = getattr(article, "fields", {}) or {}
    if not fields.get("image"):
        return None
    opd = getattr(article, "opd", None)
    return fields.get("foto") or fields.get("sumber") or (opd.nama if opd else None)


def prune(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def configure(run):
    settings = run.settings
    site = SiteData(settings)
    settings["SITE_ABSOLUTE_URL"] = site.base
    settings["SITE_JSONLD"] = to_json(site.organization())

    def kanonik(output_file) -> str:
        return site.url(page_url(output_file)) or ""

    def absolut(path) -> str:
        return site.url(str(path)) or ""

    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}), "kanonik": kanonik, "absolut": absolut, "jsonld": to_json, "tel": tel_uri,
        "kontak": contact_links,
    }


def tel_uri(text) -> str:
    """The ``tel`` filter: ``content.telepon.uri`` (imported when first used)."""
    from content import telepon

    return telepon.uri(text)


def contact_links(text):
    """The ``kontak`` filter: a contact written as text (a press release's ``Kontak-Media``,
    "Sri Wahyuni, (0282) 521700, humas@…"), escaped, its telephone numbers and e-mail
    addresses as links a phone taps (``content.telepon`` reads the numbers)."""
    from markupsafe import Markup
    from markupsafe import escape as html_escape

    from content import registry, telepon

    text = str(text or "")
    found = sorted([(m.start(), m.end(), f"mailto:{m.group(0)}") for m in registry.EMAIL_IN_TEXT.finditer(text)]
                   + [(m.start(), m.end(), telepon.tel(m.group(0))) for m in telepon.NUMBER.finditer(text)])
    out, at = [], 0
    for start, end, href in found:
        if href and start >= at:
            out += [html_escape(text[at:start]), Markup('<a href="{}">{}</a>').format(href, text[start:end])]
            at = end
    return Markup("").join([*out, html_escape(text[at:])])


def describe(run, item):
    """A news item's photo credit (``kredit_foto``), JSON-LD (``jsonld``) and the end of
    what it announces (``berakhir``)."""
    if isinstance(item, Article):
        item.berakhir = berakhir(getattr(item, "fields", None), run.now.date())
        _describe(item, SiteData(run.settings))


def _describe(item, site: SiteData):
    """``describe``: the item's photo credit and JSON-LD from its inputs."""
    inputs = news_inputs(item)
    item.kredit_foto = inputs.credit
    item.jsonld = to_json(site.news_data(inputs))


# What ``news_inputs`` reads of a news item besides its address and the settings (its
# summary is made from its texts).
NEWS_INPUTS = ("fields", "opd", "date", "modified", "title", "tags", "category", "author", "og_image", *TEXT_ATTRS)


def derive(run, generators):
    """Each news item's JSON-LD and photo credit; each page's last change (the sitemap).
    An item made again from what the last build kept (rendering.kept's remember /
    recall), whose inputs still hold what reading made, has what that build made of
    them."""
    site = SiteData(run.settings)
    objects = run.kept or None
    day = run.now.date()  # the build's today, as the agenda's
    for gen in generators:
        if isinstance(gen, ArticlesGenerator):
            for article in gen.articles:
                article.berakhir = berakhir(getattr(article, "fields", None), day)  # (it follows the day: never recalled)
                hit = objects.recall(article, "jsonld", NEWS_INPUTS) if objects is not None else None
                if hit is not None and hit[0] == article.url:
                    article.kredit_foto, article.jsonld = hit[1], hit[2]
                    continue
                _describe(article, site)
                if objects is not None:
                    objects.remember(article, "jsonld", (article.url, article.kredit_foto, article.jsonld), NEWS_INPUTS)
    for gen in generators:
        for attr in ("articles", "pages", "items"):
            for item in getattr(gen, attr, None) or ():
                when = getattr(item, "modified", None) or getattr(item, "date", None)
                if isinstance(when, datetime) and getattr(item, "url", None) is not None:
                    run.lastmod[page_url(item.save_as)] = when


CANONICAL_HREF = re.compile(r'<link rel="canonical" href="([^"]*)"')


def write_sitemap(output: Path, settings, base: str, lastmods: dict[str, datetime]) -> list[str]:
    """Every page a search engine should index: not one marked ``noindex``, nor one whose
    canonical link names another address (a narasi tunggal item points at its source:
    listing it said the opposite)."""
    exclude = tuple(settings["SITEMAP_EXCLUDE"])
    urls = []
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        if rel.startswith(exclude) or rel in exclude:
            continue
        head = path.read_text(encoding="utf-8", errors="ignore")[:4000]
        if 'name="robots" content="noindex' in head:
            continue
        canonical = CANONICAL_HREF.search(head)
        if canonical and unescape(canonical.group(1)) != f"{base}/{page_url(rel)}":
            continue
        urls.append(page_url(rel))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for rel in urls:
        lastmod = lastmods.get(rel)
        extra = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(base + '/' + rel)}</loc>{extra}</url>")
    lines.append("</urlset>")
    (output / settings["SITEMAP_SAVE_AS"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


def finish(run):
    settings = run.settings
    output = run.output
    base = absolute_base(settings)
    if base and settings.get("SITEMAP_SAVE_AS"):
        write_sitemap(output, settings, base, run.lastmod)
    robots = output / "robots.txt"
    if settings.get("ROBOTS_TXT") and not robots.exists():
        lines = ["User-agent: *", "Allow: /"]
        if base and settings.get("SITEMAP_SAVE_AS"):
            lines += ["", f"Sitemap: {base}/{settings['SITEMAP_SAVE_AS']}"]
        robots.write_text("\n".join(lines) + "\n", encoding="utf-8")
