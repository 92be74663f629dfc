"""The PPID menu as plain data, from what the build has: the public-information lists
(always written by the kip plugin), the published service pages, and the site's own
extra items (``MENU_LAYANAN``, ``MENU_PPID``)."""

from __future__ import annotations

from typing import NamedTuple

from content.schema import LAYANAN

# Lists the kip plugin writes on every build.
DAFTAR = (
    ("Daftar Informasi Publik", "dip/", "Semua informasi yang wajib tersedia, per perangkat daerah."),
    ("Informasi yang Dikecualikan", "dip/dikecualikan/", "Informasi yang tidak dibuka, dengan dasar hukum dan uji konsekuensinya."),
    ("Informasi berkala", "informasi-berkala/", "Informasi yang diperbarui secara rutin dan kemutakhirannya."),
)
ORDER = {t.slug: i for i, t in enumerate(LAYANAN)}
TERMS = {t.slug: t for t in LAYANAN}


class Item(NamedTuple):
    """A menu item; a tuple, like the (label, URL, note) of the MENU_* settings, so code that
    reads menus (the Monev self-check) reads it the same way."""

    label: str
    url: str
    note: str = ""
    layanan: str = ""  # the service kind, "" for a list or a site's own item
    title: str = ""  # the page's own title

    @property
    def luar(self) -> bool:
        """A site's own item may point to another site (an e-PPID application)."""
        return self.url.startswith(("http://", "https://"))


def service_items(pages) -> list[Item]:
    """One item per service page, in the order of content.schema.LAYANAN."""
    marked = [p for p in pages if p.fields.get("layanan") in ORDER]
    marked.sort(key=lambda p: ORDER[p.fields["layanan"]])
    out = []
    for p in marked:
        term = TERMS[p.fields["layanan"]]
        out.append(Item(term.label, p.url, term.note, term.slug, p.title))
    return out


def merge(items: list[Item], extra) -> list[Item]:
    """The built items, then the site's own: an own item whose URL the build already
    has gives that item its label (and note); any other is added at the end."""
    out = list(items)
    where = {it.url: i for i, it in enumerate(out)}
    for entry in extra:
        label, url, note = (tuple(entry) + ("",))[:3]
        url = url if url.startswith(("http://", "https://")) else url.lstrip("/")
        if url in where:
            old = out[where[url]]
            out[where[url]] = Item(label, url, note or old.note, old.layanan, old.title)
        else:
            where[url] = len(out)
            out.append(Item(label, url, note))
    return out


def build(pages, settings, more_lists=()) -> dict:
    """Everything the templates show of the PPID menu, as plain data. ``more_lists`` are
    (label, URL, note) of other pages the build writes for the PPID (a yearly service
    report, a satisfaction survey), listed after the DIP, DIK and berkala index."""
    own = [p for p in pages if not p.fields.get("opd")]
    utama = service_items(own)
    daftar = [Item(*d) for d in DAFTAR] + [Item(*d) for d in more_lists]
    beranda = merge(daftar + utama, settings.get("MENU_LAYANAN") or ())
    kaki = merge(beranda, settings.get("MENU_PPID") or ())
    pelaksana: dict[str, list[Item]] = {}
    for p in pages:
        slug = p.fields.get("opd")
        if slug:
            pelaksana.setdefault(slug, [])
    for slug in pelaksana:
        theirs = [p for p in pages if p.fields.get("opd") == slug]
        items = service_items(theirs)
        items += [Item(p.title, p.url, "", "", p.title) for p in sorted(theirs, key=lambda p: p.url) if not p.fields.get("layanan")]
        pelaksana[slug] = items
    return {"daftar": daftar, "utama": utama, "beranda": beranda, "kaki": kaki, "pelaksana": pelaksana}
