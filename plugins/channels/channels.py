"""The channels, their lists and feeds."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pathlib import Path

from feedgenerator import Atom1Feed, get_tag_uri
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator
from pelican.utils import set_date_tzinfo

from common.titles import title_text
from common.urls import OPD_NEWS
from feeds import absolute_addresses, entry_content
from common.urls import absolute_base

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kanal:
    """One channel: which news items belong to it and where its pages go."""

    slug: str  # list at <slug>/, feed at KANAL_FEED_PATH.format(slug=slug)
    title: str
    intro: str
    feed_title: str
    # "sumber-url": items that name an original; "category:<name>": items of a news type;
    # "opd:<slug>": an OPD's items (``opd_lists`` groups them once for every OPD)
    rule: str
    list_title: str = ""  # the list's heading (default "Daftar <title in lower case>")
    paginate_as: str = "kanal"  # its page size: PAGINATED_TEMPLATES[paginate_as]

    def holds(self, article) -> bool:
        fields = getattr(article, "fields", None) or {}
        if self.rule == "sumber-url":
            return bool(fields.get("sumber-url"))
        if self.rule.startswith("category:"):
            return fields.get("category", str(getattr(article, "category", ""))) == self.rule.split(":", 1)[1]
        raise ValueError(f"unknown channel rule {self.rule!r}")


NARASI_TUNGGAL = Kanal(
    slug="narasi-tunggal",
    title="Narasi Tunggal",
    intro=(
        "Berita dari kementerian dan lembaga pemerintah pusat yang diterbitkan ulang sebagai narasi tunggal "
        "(Inpres 9/2015). Setiap berita mencantumkan sumber aslinya."
    ),
    feed_title="Narasi Tunggal",
    rule="sumber-url",
)
SIARAN_PERS = Kanal(
    slug="siaran-pers",
    title="Siaran Pers",
    intro="Siaran pers resmi perangkat daerah untuk media massa, lengkap dengan narahubung media.",
    feed_title="Siaran Pers",
    rule="category:Siaran Pers",
)

DEFAULTS = {
    "KANAL": (NARASI_TUNGGAL, SIARAN_PERS),
    "KANAL_URL": "{slug}/",
    "KANAL_SAVE_AS": "{slug}/index.html",
    "KANAL_FEED_PATH": "feeds/{slug}.atom.xml",
    "KANAL_PER_PAGE": 12,
    # Every news item of an OPD, newest first, at opd/<slug>/berita/ (its OPD page shows
    # the newest few, OPD_NEWS_COUNT, and links here); 0 writes none.
    "OPD_BERITA_PER_PAGE": 24,
}


@dataclass
class KanalPage:
    """What the list template gets as ``kanal``."""

    kanal: Kanal
    articles: list
    url: str
    feed_url: str  # relative to the site root; "" when no feed is written
    crumbs: tuple = ()  # the breadcrumb's (label, url) pairs before the list's own; () : Beranda › Berita

    @property
    def title(self):
        return self.kanal.title

    @property
    def intro(self):
        return self.kanal.intro

    @property
    def slug(self):
        return self.kanal.slug

    @property
    def breadcrumb(self) -> list:
        """Beranda › Berita › the channel (``under_berita``); an OPD's list: Beranda › the OPD › Berita."""
        return [*self.crumbs, ("Berita", None)] if self.crumbs else under_berita((self.title, None))

    @property
    def list_title(self):
        return self.kanal.list_title or f"Daftar {self.kanal.title.lower()}"


BERITA = ("Berita", "berita/")  # the trail's crumb of the list of all news


def under_berita(crumb: tuple) -> list:
    """The trail down to a news channel's ``crumb`` (label, url), on its list and, as
    ``remah_berita`` in the templates, on its items: Beranda › Berita › the channel; a
    channel titled Berita itself (a site's own, for its category Berita) takes Berita's
    place: Beranda › Berita."""
    return [("Beranda", ""), *([BERITA] if crumb[0] != BERITA[0] else []), crumb]


def configure(run):
    settings = run.settings
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "remah_berita": under_berita}
    # Pelican paginates a template only when it is listed here.
    settings["PAGINATED_TEMPLATES"] = {"kanal": settings["KANAL_PER_PAGE"], "opd_berita": settings["OPD_BERITA_PER_PAGE"],
                                       **settings.get("PAGINATED_TEMPLATES", {})}
    check_page_sizes(settings)
    # A news category's own channel (label, list URL): an item's breadcrumb leads there
    # rather than to the plain category list (a press release to the press releases).
    settings["KANAL_KATEGORI"] = {kanal.rule.split(":", 1)[1]: (kanal.title, settings["KANAL_URL"].format(slug=kanal.slug))
                                  for kanal in settings["KANAL"] if kanal.rule.startswith("category:")}


def check_page_sizes(settings):
    """Every page size (``DEFAULT_PAGINATION``, ``*_PER_PAGE``, ``PAGINATED_TEMPLATES``) a
    whole number of items, 1 or more: "dua belas" stopped the build in Pelican's code, and
    -3 left the news list unwritten without a word."""
    from content.validate import ContentError

    def wrong(value, empty_ok):
        return not (empty_ok and value in (None, False)) and (
            not isinstance(value, int) or isinstance(value, bool) or value < 1)

    sizes = {k: v for k, v in settings.items() if k == "DEFAULT_PAGINATION" or k.endswith("_PER_PAGE")}
    problems = [f"pelicanconf.py: {k}: harus bilangan bulat 1 atau lebih (jumlah item per halaman), mis. 12; tertulis {v!r}"
                for k, v in sizes.items() if wrong(v, k == "DEFAULT_PAGINATION")]
    templates = settings["PAGINATED_TEMPLATES"]
    if not isinstance(templates, dict):
        problems.append(f"pelicanconf.py: PAGINATED_TEMPLATES: harus kamus nama templat → jumlah item per halaman, "
                        f"mis. {{\"berita\": 12}}; tertulis {templates!r}")
    else:
        problems += [f"pelicanconf.py: PAGINATED_TEMPLATES: \"{name}\": harus bilangan bulat 1 atau lebih (jumlah item per "
                     f"halaman), atau None (DEFAULT_PAGINATION); tertulis {v!r}"
                     for name, v in templates.items() if wrong(v, True)]
    if problems:
        raise ContentError(problems)


def canonical_url(article) -> str:
    """The original of a republished item, else "" (the page is its own original)."""
    return (getattr(article, "fields", None) or {}).get("sumber-url", "")


def describe(run, item):
    """A news item's ``canonical_url`` (its original when republished)."""
    if isinstance(item, Article):
        item.canonical_url = canonical_url(item)


def derive(run, generators):
    articles_gen = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_gen is None:
        return
    settings, context = articles_gen.settings, articles_gen.context
    for article in articles_gen.articles + articles_gen.drafts:
        describe(run, article)
    base = absolute_base(settings)
    pages = []
    for kanal in settings["KANAL"]:
        items = [a for a in articles_gen.articles if kanal.holds(a)]  # newest first, as Pelican sorts them
        feed = settings["KANAL_FEED_PATH"].format(slug=kanal.slug) if base and settings["KANAL_FEED_PATH"] else ""
        pages.append(KanalPage(kanal, items, settings["KANAL_URL"].format(slug=kanal.slug), feed))
    context["kanal"] = {p.slug: p for p in pages}
    # OPD slug -> its list, for its OPD page (not a channel: the site map lists channels as news)
    context["berita_opd"] = opd_lists(run.registry, articles_gen.articles, settings) if settings["OPD_BERITA_PER_PAGE"] else {}


def opd_slug(opd: str) -> str:
    """Where an OPD's news list goes (URL and folder): beside its OPD page (a folder no OPD
    page may take, ``common.urls.OPD_FOLDERS``)."""
    return f"opd/{opd}/{OPD_NEWS}"


def opd_lists(registry: dict, articles: list, settings) -> dict[str, KanalPage]:
    """One list per OPD with news, newest first (no feed: the site's feeds cover them)."""
    by_opd: dict[str, list] = {}
    for article in articles:  # newest first, as Pelican sorts them
        by_opd.setdefault((getattr(article, "fields", None) or {}).get("opd"), []).append(article)
    pages = {}
    for slug, opd in registry.items():
        if slug in by_opd:
            kanal = Kanal(opd_slug(slug), f"Berita {opd.nama}", f"Semua berita {opd.nama}, terbaru lebih dulu.",
                          "", f"opd:{slug}", list_title=f"Daftar berita {opd.singkatan}", paginate_as="opd_berita")
            pages[slug] = KanalPage(kanal, by_opd[slug], settings["KANAL_URL"].format(slug=kanal.slug), "",
                                    crumbs=(("Beranda", ""), (opd.nama, f"opd/{slug}/")))
    return pages


class KanalGenerator(Generator):
    """Writes each channel's paginated list and, when the site has an absolute
    address, its Atom feed; and each OPD's news list (``berita_opd``, no feed)."""

    def generate_context(self):
        pass  # channels are gathered once the articles generator has read every item

    def generate_output(self, writer):
        pages = [*(self.context.get("kanal") or {}).values(), *(self.context.get("berita_opd") or {}).values()]
        template = self.get_template("kanal")
        base = absolute_base(self.settings)
        for page in pages:
            writer.write_file(
                self.settings["KANAL_SAVE_AS"].format(slug=page.slug),
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": page.articles, "dates": page.articles},
                template_name=page.kanal.paginate_as,
                url=page.url,
                page_name=page.slug,
                kanal_page=page,
            )
            if page.feed_url:
                self.write_feed(page, base)

    def write_feed(self, page: KanalPage, base: str):
        """An Atom feed with absolute links; its id is its own address, so each
        channel's feed is told apart from the site's other feeds."""
        feed_url = f"{base}/{page.feed_url}"
        feed = Atom1Feed(
            title=f"{page.kanal.feed_title} – {self.settings['SITENAME']}",
            link=f"{base}/{page.url}",
            description=page.kanal.intro,
            subtitle=page.kanal.intro,
            feed_url=feed_url,
            feed_guid=feed_url,
            language=self.settings.get("DEFAULT_LANG", "id"),
        )
        tz = self.settings.get("TIMEZONE")
        for article in page.articles[: self.settings.get("FEED_MAX_ITEMS") or None]:
            link = f"{base}/{article.url}"
            content = entry_content(article, base)
            summary = absolute_addresses(article.summary or "", base) or None
            feed.add_item(
                title=title_text(article.title),
                link=link,
                unique_id=get_tag_uri(link, article.date),
                description=summary,
                content=content,
                categories=[str(article.category), *(str(t) for t in getattr(article, "tags", []))],
                author_name=str(getattr(article, "author", "")),
                pubdate=set_date_tzinfo(article.date, tz),
                updateddate=set_date_tzinfo(article.modified, tz) if hasattr(article, "modified") else None,
            )
        path = Path(self.output_path) / page.feed_url
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            feed.write(fh, "utf-8")
