"""share: share links under news, agenda and public-information pages.

Plain links computed at build time from the page's absolute address and its title
(``content.bagikan``), so they work without JavaScript and nothing is loaded from a
network's host until a reader clicks one. ``theme/static/js/bagikan.js`` adds two
things when the browser has them: the phone's own share sheet (Web Share API) and
copying the address to the clipboard ("Salin tautan"); it is a same-origin file, which
the site's Content-Security-Policy (``script-src 'self'``) allows.

The networks are a setting, ``BAGIKAN`` (keys of ``NETWORKS``, in the order shown).
Links need an absolute address, the one the canonical link gives (``FEED_DOMAIN``, else
``SITEURL``: ``common.urls.absolute_base``): without one (a local preview)
``content.bagikan`` is ``None`` and the template shows nothing, like the canonical link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from pelican.contents import Article

from common.urls import absolute_base
from content import ContentError
from content.generator import Entry, Event, Regulation


@dataclass(frozen=True)
class Network:
    label: str  # visible text
    name: str  # accessible name, "{judul}" is not used: the page title is already on the page
    template: str  # "{url}" and "{judul}" are replaced by the percent-encoded values; "" = the page itself


NETWORKS = {
    "whatsapp": Network("WhatsApp", "Bagikan ke WhatsApp", "https://wa.me/?text={judul}%20{url}"),
    "facebook": Network("Facebook", "Bagikan ke Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "x": Network("X", "Bagikan ke X (Twitter)", "https://x.com/intent/post?url={url}&text={judul}"),
    "telegram": Network("Telegram", "Bagikan ke Telegram", "https://t.me/share/url?url={url}&text={judul}"),
    "email": Network("Surel", "Bagikan lewat surel", "mailto:?subject={judul}&body={url}"),
    "salin": Network("Salin tautan", "Salin tautan halaman ini", ""),
}

DEFAULTS = {"BAGIKAN": ("whatsapp", "facebook", "x", "telegram", "email", "salin")}


def encode(text: str) -> str:
    """Percent-encoding of UTF-8 for a query value: nothing left unescaped but
    letters, digits and ``-._~`` (a space is ``%20``, which mailto also needs)."""
    return quote(text, safe="")


def links(url: str, title: str, keys) -> list[dict]:
    """The share links of one page: ``key``, ``label``, ``name``, ``href``."""
    values = {"url": encode(url), "judul": encode(title)}
    out = []
    for key in keys:
        net = NETWORKS[key]
        href = net.template.format(**values) if net.template else url
        out.append({"key": key, "label": net.label, "name": net.name, "href": href})
    return out


def check_setting(settings):
    keys = settings.get("BAGIKAN")
    if isinstance(keys, str) or not isinstance(keys, (list, tuple)):
        raise ContentError([f"pelicanconf.py: BAGIKAN: harus berupa daftar, mis. {DEFAULTS['BAGIKAN']!r}"])
    unknown = [k for k in keys if k not in NETWORKS]
    if unknown:
        raise ContentError([
            f"pelicanconf.py: BAGIKAN: {', '.join(map(repr, unknown))} tidak dikenal; "
            f"yang boleh: {', '.join(NETWORKS)}"
        ])


def configure(run):
    check_setting(run.settings)


def plain_title(item) -> str:
    from common.titles import title_text

    return title_text(item.title)


def share_of(settings, item) -> dict | None:
    """``item.bagikan``: the page's absolute address, its title and the links."""
    base = absolute_base(settings)  # the address the canonical link, feeds and calendars give
    keys = settings.get("BAGIKAN") or ()
    if not base or not keys:
        return None
    url, title = f"{base}/{item.url}", plain_title(item)
    return {"url": url, "judul": title, "tautan": links(url, title, keys)}


def describe(run, item):
    """A news item's, or a kit content type's item's, share links."""
    if isinstance(item, (Article, Entry, Event, Regulation)):
        item.bagikan = share_of(run.settings, item)


def derive(run, generators):
    """Every news item, and every item of the konten generators (DIP entries, agenda,
    and any type added the same way), gets ``bagikan``."""
    for gen in generators:
        for attr in ("articles", "items"):
            for item in getattr(gen, attr, None) or ():
                item.bagikan = share_of(gen.settings, item)
