"""The HTML site map, ``peta-situs/``."""

from __future__ import annotations

import os
from pathlib import Path

from pelican.generators import Generator

import pelican_internals
from common.paths import relative
from content.schema import JENIS

DEFAULTS = {
    "PETA_SITUS_URL": "peta-situs/",
    "PETA_SITUS_SAVE_AS": "peta-situs/index.html",
}

# Machine-readable lists of the kip plugin, listed when the build wrote them.
DATA_FILES = (
    ("data/dip.csv", "Daftar Informasi Publik (CSV)"),
    ("data/dip.json", "Daftar Informasi Publik (JSON)"),
    ("data/dik.csv", "Daftar Informasi yang Dikecualikan (CSV)"),
    ("data/dik.json", "Daftar Informasi yang Dikecualikan (JSON)"),
    ("data/informasi-berkala.json", "Indeks informasi berkala (JSON)"),
)


LAYANAN_PAGES = (
    ("layanan-informasi/", "Layanan informasi"),
    ("dip/penetapan/", "Penetapan Daftar Informasi Publik"),
    ("layanan-informasi/ikm/", "Indeks Kepuasan Masyarakat"),
    ("layanan-informasi/kesiapan-monev/", "Kesiapan Monev Keterbukaan Informasi Publik"),
)


def link(label, url, sub=()) -> dict:
    return {"label": str(label), "url": url, "sub": list(sub)}


class PetaSitusGenerator(Generator):
    """Writes ``peta-situs/`` after the other generators have written their pages."""

    def generate_context(self):
        pass

    def written(self, writer) -> set[str]:
        out = os.path.abspath(self.output_path)
        return {relative(p, out).replace(os.sep, "/") for p in pelican_internals.written_files(writer)}

    def exists(self, url: str, written: set[str]) -> bool:
        """A page URL (``berita/``) is kept when its page was written; a file when it is in the output."""
        if url == "":
            return "index.html" in written
        if url.endswith("/"):
            return url + "index.html" in written
        return url in written or (Path(self.output_path) / url).is_file()

    def sections(self, written: set[str]) -> list[dict]:
        s, ctx = self.settings, self.context
        sections = []

        def add(key, title, links):
            seen, kept = set(), []
            for item in links:
                if item["url"] in seen or not self.exists(item["url"], written):
                    continue
                seen.add(item["url"])
                item["sub"] = [x for x in item["sub"] if self.exists(x["url"], written)]
                kept.append(item)
            if kept:
                sections.append({"id": key, "judul": title, "tautan": kept})

        add("menu", "Menu utama", [link(label, url) for _, label, url in s.get("MENU", ())])

        news = [link("Semua berita", s.get("BERITA_URL", "berita/"))]
        news += [link(k.title, k.url) for k in (ctx.get("kanal") or {}).values()]
        news += [link(cat, cat.url) for cat, _ in sorted(ctx.get("categories") or (), key=lambda c: str(c[0]))]
        add("berita", "Berita", news)

        agenda = [link("Semua agenda", s.get("AGENDA_LIST_URL", "agenda/"))]
        if s.get("AGENDA_ICS_SAVE_AS"):
            agenda.append(link("Kalender agenda (iCalendar, .ics)", s["AGENDA_ICS_SAVE_AS"]))
        add("agenda", "Agenda", agenda)

        kip = [link("Daftar Informasi Publik", "dip/")]
        kip += [link(f"Daftar {t.label}", f"dip/{t.slug}/") for t in JENIS]
        kip += [link(label, url) for label, url, *_ in s.get("MENU_LAYANAN", ())]
        # The PPID service pages of the services package (each kept only when written).
        kip += [link(label, url) for url, label in LAYANAN_PAGES]
        kip += [link(f"Laporan layanan informasi publik {tahun}", f"layanan-informasi/laporan/{tahun}/")
                for tahun in sorted(ctx.get("layanan_laporan_tahun") or (), reverse=True)]
        add("informasi-publik", "Informasi publik", kip)
        regulations = ctx.get("regulasi") or ()
        hukum = [link("Semua produk hukum", "regulasi/")]
        hukum += [link(i.nama, f"regulasi/{i.slug}/") for i in ctx.get("regulasi_jenis") or ()]
        years = sorted({str(r.fields.get("tahun")) for r in regulations if r.fields.get("tahun")}, reverse=True)
        hukum += [link(f"Produk hukum tahun {y}", f"regulasi/{y}/") for y in years]
        hukum.append(link("Rancangan produk hukum", "regulasi/rancangan/"))
        add("regulasi", "Produk hukum", hukum)
        add("data", "Data terbuka", [link(label, url) for url, label in DATA_FILES])

        registry = self.run.registry
        news_of = ctx.get("berita_opd") or {}  # channels: an OPD's news list, when it has news

        def opd_link(opd):
            sub = [link(f"Daftar Informasi Publik {opd.singkatan}", f"dip/{opd.slug}/")]
            if opd.slug in news_of:
                sub.append(link(f"Berita {opd.singkatan}", news_of[opd.slug].url))
            return link(f"{opd.nama} ({opd.singkatan})", f"opd/{opd.slug}/", sub)

        add("opd", "Perangkat daerah", [opd_link(opd) for opd in registry.values()])

        pages = [link(p.title, p.url) for p in sorted(ctx.get("pages") or (), key=lambda p: str(p.title))]
        pages += [link(label, url) for label, url in s.get("MENU_KAKI", ()) if url != s["PETA_SITUS_URL"]]
        if s.get("CARI_URL"):
            pages.append(link("Pencarian", s["CARI_URL"]))
        add("halaman", "Halaman", pages)

        tags = sorted(ctx.get("tags") or (), key=lambda t: str(t[0]).lower())
        add("tag", "Tag berita", [link(tag, tag.url) for tag, _ in tags])
        return sections

    def generate_output(self, writer):
        if not self.settings.get("PETA_SITUS_SAVE_AS"):
            return
        peta = self.sections(self.written(writer))
        writer.write_file(
            self.settings["PETA_SITUS_SAVE_AS"], self.get_template("peta_situs"), self.context,
            peta=peta, url=self.settings["PETA_SITUS_URL"], relative_urls=self.settings["RELATIVE_URLS"],
        )
