"""What the regulation pages, lists and exports show, computed once per run."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from common import documents
from common.urls import absolute_base
from kip.generator import paginate
from content import regulasi as reg
from content.generator import Regulation
from content.schema import REGULASI
from content.tanggal import day_of

from . import ekspor

LIST_TEMPLATE = "regulasi_daftar"


def sort_key(item):
    """Newest first: the date it was enacted (a draft: the date it was put on the site)."""
    f = item.fields
    return (f.get("tanggal-penetapan") or day_of(f.get("date")), f.get("date"), item.slug)


class RegulasiGenerator(Generator):
    def prepare(self):
        s = self.settings
        self.instruments, _ = reg.instruments(s)
        self.place = reg.region(s)
        self.registry = self.run.registry
        self.base = absolute_base(s)
        items = sorted(self.context.get("regulasi", ()), key=sort_key, reverse=True)
        self.items = items
        relations = reg.derive([i.fields for i in items])
        for item in items:
            self.describe(item)
        for item, rel in zip(items, relations):
            self.relate(item, rel, items)
        self.context["regulasi_jenis"] = list(self.instruments.values())

    # --- one regulation ---------------------------------------------------------------

    def describe(self, item):
        f = item.fields
        inst = self.instruments[f["jenis"]]
        opd = self.registry.get(f.get("opd"))
        doc = documents.describe(self.path, f["dokumen"][0]) if f.get("dokumen") else None
        item.peraturan = {
            "judul": reg.citation(f, inst, self.place, opd.nama if opd else ""),
            "singkat": reg.short_name(f, inst),
            "jenis": inst,
            "nomor": f.get("nomor"),
            "tahun": f.get("tahun"),
            "ditetapkan": f.get("tanggal-penetapan"),
            "diundangkan": f.get("tanggal-pengundangan"),
            "tahap": f.get("tahap"),
            "opd": opd,
            "bidang": f.get("bidang-hukum"),
            "abstrak": f.get("abstrak"),
            "dokumen": doc,
            "url": item.url,
        }

    def relate(self, item, rel, items):
        def link(other):
            p = other.peraturan
            return {"teks": p["judul"], "singkat": p["singkat"], "url": p["url"]}

        def ref_short(ref, target):
            """"Perbup 18/2023" (as the regulation's own ``singkat`` when on the site)."""
            if target is not None:
                return items[target].peraturan["singkat"]
            inst = self.instruments.get(ref.jenis)
            return f"{inst.singkatan if inst else ref.jenis} {ref.nomor}/{ref.tahun}"

        def ref_link(ref, target):
            if target is None:
                return {"teks": ref_short(ref, target), "singkat": "", "url": None}
            return link(items[target])

        p = item.peraturan
        p["status"] = rel.status
        label_status(p)
        relasi = []
        for label, links in (
            ("Mengubah", [ref_link(r, t) for r, t in rel.mengubah]),
            ("Diubah dengan", [link(items[i]) for i in rel.diubah_dengan]),
            ("Mencabut", [ref_link(r, t) for r, t in rel.mencabut]),
            ("Dicabut dengan", [link(items[i]) for i in rel.dicabut_dengan]),
        ):
            if links:
                relasi.append({"label": label, "tautan": links})
        p["relasi"] = relasi
        p["diubah_dengan"] = [items[i].peraturan["singkat"] for i in rel.diubah_dengan]
        p["dicabut_dengan"] = [items[i].peraturan["singkat"] for i in rel.dicabut_dengan]
        p["mengubah"] = [ref_short(r, t) for r, t in rel.mengubah]
        p["mencabut"] = [ref_short(r, t) for r, t in rel.mencabut]
        # The same relations as the ids of regulasi.json (None: a regulation not on the site).
        p["relasi_id"] = {
            "mengubah": [ekspor.id_of(items[t]) if t is not None else None for _, t in rel.mengubah],
            "mencabut": [ekspor.id_of(items[t]) if t is not None else None for _, t in rel.mencabut],
            "diubah_dengan": [ekspor.id_of(items[i]) for i in rel.diubah_dengan],
            "dicabut_dengan": [ekspor.id_of(items[i]) for i in rel.dicabut_dengan],
        }

    # --- output -----------------------------------------------------------------------

    def generate_output(self, writer):
        if not hasattr(self, "items"):
            self.prepare()
        per_page = self.settings["REGULASI_PER_PAGE"]
        rows = [i.peraturan for i in self.items]
        years = sorted({r["tahun"] for r in rows}, reverse=True)
        nav = {
            "regulasi_jenis_ada": [i for i in self.instruments.values() if any(r["jenis"].slug == i.slug for r in rows)],
            "regulasi_tahun": years,
            "regulasi_rancangan": sum(1 for r in rows if r["status"] == reg.RANCANGAN),
        }
        self.write_list(writer, "regulasi/", rows, per_page, judul="Produk Hukum", pilihan="semua", **nav)
        for inst in self.instruments.values():
            own = [r for r in rows if r["jenis"].slug == inst.slug]
            if own:
                self.write_list(writer, f"regulasi/{inst.slug}/", own, per_page, judul=inst.nama, pilihan=inst.slug, **nav)
        for year in years:
            own = [r for r in rows if r["tahun"] == year]
            self.write_list(writer, f"regulasi/{year}/", own, per_page, judul=f"Produk Hukum Tahun {year}", pilihan=str(year), **nav)
        drafts = [r for r in rows if r["status"] == reg.RANCANGAN]
        self.write_list(writer, "regulasi/rancangan/", drafts, per_page, judul="Rancangan Produk Hukum", pilihan="rancangan", **nav)
        ekspor.write(Path(self.output_path) / "data", self.items, self.settings, self.place, self.base)

    def write_list(self, writer, base, rows, per_page, **data):
        template = self.get_template(LIST_TEMPLATE)
        for page in paginate(rows, per_page, base):
            writer.write_file(page["save_as"], template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              url=page["url"], daftar=page, menu_aktif="regulasi", **data)


# What ``relate`` gives a regulation from the others.
RELATED = ("status", "relasi", "relasi_id", "diubah_dengan", "dicabut_dengan", "mengubah", "mencabut")


def label_status(p: dict):
    """The status as a page shows it, from the status the relations give and the draft's stage."""
    p["status_label"] = reg.STATUS_LABEL[p["status"]]
    if p["status"] == reg.RANCANGAN and p["tahap"]:
        p["status_label"] = f"Rancangan, tahap {p['tahap']}"
    p["berlaku"] = p["status"] in (reg.BERLAKU, reg.DIUBAH)


def describe(run, item):
    """A regulation's own data (``peraturan``: citation, fields, document), computed
    again (the preview's quick page). An object the last build described keeps what
    ``relate`` gave it from the others; a new one is related to itself alone (its status
    from its own fields, its references to others not linked yet)."""
    if not isinstance(item, Regulation):
        return
    related = {k: v for k, v in (getattr(item, "peraturan", None) or {}).items() if k in RELATED}
    generator = run.generator(RegulasiGenerator)
    generator.describe(item)
    if related:
        item.peraturan.update(related)
        label_status(item.peraturan)
    else:
        generator.relate(item, reg.derive([item.fields])[0], [item])
