"""Pages and data of the PPID's service: the yearly service reports with their charts,
the IKM, the DIP decrees and the Monev self-check.

The data was read and checked with the rest of the content (``check_content`` in
__init__.py); this generator computes the figures in Python and hands plain data to
the templates."""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from pelican.generators import Generator

from kip import status, tables, xlsx
from links import luar
from content import regulasi as reg
from content.schema import KANAL, KEPUTUSAN, PASAL_17, PEMOHON, REGISTER_COLUMNS, UNSUR_IKM
from content.validate import WORDS

from . import data as layanan_data
from . import hitung, monev
from .hari_kerja import WorkingDays

logger = logging.getLogger(__name__)

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember")
BASE = "layanan-informasi/"
# A page's links, as the self-check counts them: documents to download, other sites.
ANCHOR = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^<>]*>")
DOKUMEN = re.compile(r"\.(?:pdf|docx?|odt|rtf)(?:[?#]|$)", re.IGNORECASE)
MONEV_URL = BASE + "kesiapan-monev/"


@dataclass
class LaporanBerkala:
    """The yearly service report of one OPD as a berkala kategori e item (read by the
    kip plugin's index like an entry)."""

    title: str
    url: str
    slug: str
    source_path: str
    date: datetime
    fields: dict = field(default_factory=dict)
    kunci_tanggal: str = "tanggal"  # what a stale-cell warning names in the register file


def laporan_url(register) -> str:
    return f"{BASE}laporan/{register.tahun}/"


def berkala_reports(registers, registry: dict, tz) -> list[LaporanBerkala]:
    """Each year's service report as a berkala kategori e item of every OPD with requests
    that year, dated the day after the register's last row (the kip index reads them
    like entries; ``services.check_content`` hands them to its freshness check too)."""
    out = []
    for reg in sorted(registers, key=lambda r: r.tahun, reverse=True):
        when = hitung.berkala_date(reg)
        if when is None:
            continue
        moment = datetime.combine(when, time(), tzinfo=tz)
        for slug, n in hitung.counts((r["opd"] for r in reg.rows), list(registry)).items():
            if n:
                out.append(LaporanBerkala(
                    title=f"Laporan Layanan Informasi Publik Tahun {reg.tahun}", url=laporan_url(reg), slug=f"laporan-{reg.tahun}",
                    source_path=str(reg.path), date=moment,
                    fields={"jenis": "berkala", "kategori": "laporan-akses", "opd": slug, "date": moment},
                ))
    return out


def angka(value) -> str:
    """A figure as Indonesian writes it: 81,56."""
    return f"{value:.2f}".replace(".", ",") if isinstance(value, float) else str(value)


def chart(judul: str, bars: list[tuple], satuan: str = "permohonan", maks=None) -> dict:
    """A horizontal bar chart as data: each bar's short label (drawn; it must fit a
    phone, SVG text does not wrap), full label (the table), value and width (% of the
    largest), and a sentence that says the same to a screen reader."""
    bars = [(b[0], b[1], b[2] if len(b) > 2 else b[0]) for b in bars]
    top = maks or max((v for _, v, _ in bars), default=0)
    rows = []
    for i, (label, value, uraian) in enumerate(bars):
        rows.append({"label": label, "uraian": uraian, "nilai": angka(value), "lebar": round(80 * value / top, 2) if top else 0, "y": i * 44})
    teks = "; ".join(f"{uraian}: {angka(value)}" for _, value, uraian in bars)
    return {"judul": judul, "batang": rows, "tinggi": len(rows) * 44, "ringkasan": f"{judul}. {teks}.", "satuan": satuan}


def year_of(periode: str) -> int | None:
    found = re.search(r"(?<!\d)(\d{4})(?!\d)", periode)
    return int(found.group(1)) if found else None


def periode_key(s: dict, path: str):
    """Newest first: the year in the period, then the part of the year (Semester II after
    I, Triwulan 3 after 2, roman or arabic), then the file name."""
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4}
    part = 0
    for w in s["periode"].split():
        if w.upper() in roman:
            part = roman[w.upper()]
        elif w.isdigit() and len(w) < 3:
            part = int(w)
    return (year_of(s["periode"]) or 0, part, path)


class LayananGenerator(Generator):
    def generate_context(self):
        s = self.settings
        report = self.run.report
        self.registry = self.run.registry
        self.now = self.run.now
        self.today = self.now.date()
        self.siteurl = s.get("SITEURL", "")
        self.data = getattr(report, "layanan", None) or layanan_data.read(self.path, self.registry, self.today, s)
        memory = self.run.memory
        workdays = self.workdays = WorkingDays(self.data.days_off, memory.setdefault("hari_kerja", {}) if memory is not None else None)

        self.laporan = []
        for reg in sorted(self.data.registers, key=lambda r: r.tahun, reverse=True):
            figures = hitung.laporan(reg, self.registry, workdays)
            self.laporan.append({"register": reg, "data": figures, "url": laporan_url(reg)})
        self.context["berkala_tambahan"] = berkala_reports(self.data.registers, self.registry, self.now.tzinfo)

        surveys = [(hitung.ikm(sv), str(sv.path)) for sv in self.data.surveys]
        surveys.sort(key=lambda p: periode_key(*p), reverse=True)
        self.surveys = [sv for sv, _ in surveys]

        self.context["dip_penetapan"] = self.data.penetapan
        self.context["dip_penetapan_kini"] = next((p for p in self.data.penetapan if p.tahun == self.today.year), None)
        self.context["layanan_laporan_tahun"] = [r["register"].tahun for r in self.laporan]
        # ppid plugin: the PPID menus list the page that gathers these reports and surveys
        self.context.setdefault("ppid_daftar_tambahan", []).append(
            ("Laporan dan survei layanan", BASE, "Laporan tahunan layanan informasi, indeks kepuasan masyarakat, kesiapan Monev."))

    # --- output ----------------------------------------------------------------------

    def write_page(self, writer, template, url, **data):
        writer.write_file(url + "index.html", self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url, **data)

    def register_sheet(self, reg) -> xlsx.Sheet:
        """The register as a spreadsheet (a spreadsheet set to Indonesian opens a comma CSV
        in one column): its CSV's rows, the dates as date cells, the workbook's time the
        register's newest date."""
        days = [v for row in reg.rows for v in row.values() if isinstance(v, date)]
        modified = datetime.combine(max(days), time()) if days else xlsx.EMPTY_TIME
        return xlsx.Sheet(f"Register permohonan {reg.tahun}", [layanan_data.HEADER, *reg.raw], modified,
                          xlsx.creator(self.settings), self.siteurl)

    def generate_output(self, writer):
        out = Path(self.output_path) / "data"
        memo = self.run.memory.setdefault("services.xlsx", {}) if self.run.memory is not None else {}
        for item in self.laporan:
            reg, figures = item["register"], item["data"]
            tables.write_csv(out / f"register-{reg.tahun}.csv", tables.rows_csv_text(layanan_data.HEADER, reg.raw))
            xlsx.write(out / f"register-{reg.tahun}.xlsx", self.register_sheet(reg), memo)
            tables.write_json(out / f"laporan-layanan-{reg.tahun}.json", figures)
            tables.write_json(out / "laporan-layanan.schema.json", hitung.laporan_schema(self.registry))
            self.write_page(writer, "layanan_laporan", item["url"], laporan=self.report_view(reg, figures),
                            tahun_lain=[r["register"].tahun for r in self.laporan])
        surveys = []
        for sv in self.surveys:
            unsur = self.unsur(sv)
            surveys.append({**sv, "opd_nama": self.registry[sv["opd"]].nama if sv["opd"] else "PPID Utama", "unsur": unsur,
                            "grafik": chart(f"Nilai unsur (× 25), {sv['periode']}", [(u["kode"], u["nilai"], f"{u['kode']} {u['nama']}") for u in unsur],
                                            satuan="(nilai × 25, dari 100)", maks=100)})
        tables.write_json(out / "ikm.json", {"survei": self.surveys})
        tables.write_json(out / "ikm.schema.json", hitung.ikm_schema())
        self.write_page(writer, "layanan_ikm", BASE + "ikm/", survei=surveys, unsur=UNSUR_IKM)
        self.write_page(writer, "dip_penetapan", "dip/penetapan/", penetapan=self.data.penetapan, today=self.today)
        for doc in self.data.documents:
            dest = Path(self.output_path) / doc
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(self.path) / doc, dest)

        items = monev.check(self.situs())
        for b in items:
            b["tautan"] = f"{self.siteurl}/{b['tautan']}" if b["tautan"] is not None else None
        tables.write_json(out / "kesiapan-monev.json", {"tanggal": self.today.isoformat(), "butir": items})
        tables.write_json(out / "kesiapan-monev.schema.json", monev.schema())
        self.write_page(writer, "kesiapan_monev", MONEV_URL, butir=items, labels=monev.STATUS_LABELS, today=self.today)
        self.write_page(writer, "layanan_informasi", BASE, laporan=[r["register"].tahun for r in self.laporan],
                        survei=surveys[:1], monev_url=MONEV_URL)

    def unsur(self, sv: dict) -> list[dict]:
        """The nine elements of a survey, each with its NRR, its converted value (× 25)
        and whether it is the survey's weakest."""
        low = min(sv["nrr"].values())
        return [{"kode": t.letter, "nama": t.label, "nrr": sv["nrr"][t.slug], "nilai": hitung.half_up(sv["nrr"][t.slug] * 25, 2),
                 "mutu": hitung.mutu(hitung.half_up(sv["nrr"][t.slug] * 25, 2))[0], "terendah": sv["nrr"][t.slug] == low}
                for t in UNSUR_IKM]

    def report_view(self, reg, f: dict) -> dict:
        """What the report page shows: the figures with their labels, and the charts."""
        def labelled(terms, counts):
            return [(t.label, counts[t.slug]) for t in terms]

        penolakan = [(f"Pasal 17 huruf {t.letter}", f["penolakan"][t.slug], f"Pasal 17 huruf {t.letter}: {t.label}")
                     for t in PASAL_17 if f["penolakan"][t.slug]]
        opd = [(self.registry[k].singkatan, v, self.registry[k].nama) for k, v in f["opd"].items() if v]
        return {
            "libur": self.workdays.days_not_counted(reg.tahun),
            "tahun": reg.tahun,
            "berjalan": reg.tahun == self.today.year,  # the year is not over: figures so far
            "data": f,
            "terakhir": max((r["tanggal"] for r in reg.rows), default=None),
            "grafik": [
                chart("Permohonan menurut keputusan", labelled(KEPUTUSAN, f["keputusan"])),
                chart("Permohonan per bulan", [(BULAN[int(m) - 1], v) for m, v in f["bulan"].items()]),
                chart("Permohonan menurut kanal", labelled(KANAL, f["kanal"])),
                chart("Permohonan menurut jenis pemohon", labelled(PEMOHON, f["pemohon"])),
                chart("Permohonan menurut OPD", opd),
            ] + ([chart("Alasan penolakan", penolakan)] if penolakan else []),
            # The register itself, as the page's table (anonymised by its contract: no name,
            # NIK, phone or address reaches it), besides the downloads.
            "register": {"kolom": [f.label for f in REGISTER_COLUMNS],
                         "baris": [[tables.display(f, row.get(f.name), self.registry) for f in REGISTER_COLUMNS]
                                   for row in reg.rows]},
            "csv": f"data/register-{reg.tahun}.csv",
            "xlsx": f"data/register-{reg.tahun}.xlsx",
            "json": f"data/laporan-layanan-{reg.tahun}.json",
        }

    def situs(self) -> monev.Situs:
        s = self.settings
        # Every URL of every menu setting (MENU, MENU_LAYANAN, MENU_PPID, MENU_KAKI, …),
        # and of the PPID menu the ppid package computes into the context when it is on.
        menus = set()
        computed = self.context.get("menu_ppid") if self.run.on("ppid") else None
        for name, value in list(s.items()) + [("MENU_PPID", computed)]:
            if name.startswith("MENU") and isinstance(value, (list, tuple)):
                menus |= {part for item in value if isinstance(item, (list, tuple)) for part in item
                          if isinstance(part, str) and part.endswith("/")}
        pages = []
        for p in list(self.context.get("pages", ())) + list(self.context.get("hidden_pages", ())):
            meta = {**getattr(p, "metadata", {}), **getattr(p, "fields", {})}
            opd = meta.get("opd") or ""
            content = getattr(p, "content", "") or ""
            anchors = ANCHOR.findall(content)
            links = [h for h, _ in anchors]
            documents = tuple(f"{h} {TAG.sub(' ', t)}".lower() for h, t in anchors if DOKUMEN.search(h))
            pages.append(monev.Halaman(url=p.url, title=p.title, layanan=str(meta.get("layanan") or "").strip(),
                                      audio=", ".join(meta.get("audio") or ()), opd=getattr(opd, "slug", opd),
                                      berkas=len(documents), dokumen=documents, kata=len(WORDS.findall(TAG.sub(" ", content))),
                                      daring=sum(1 for h in links if h.startswith(("http://", "https://"))
                                                 and not (s["SITEURL"] and h.startswith(s["SITEURL"] + "/")))))
        entries = list(self.context.get("entries", ()))
        report = self.run.report

        def bare(entry) -> bool:
            item = report.item_for(entry.source_path) if report is not None else None
            return bool(item and item.bare)

        jenis = [e.fields.get("jenis") for e in entries]
        dik = [e for e in entries if e.fields.get("jenis") == "dikecualikan"]
        rows = status.berkala_index(entries + self.context.get("berkala_tambahan", []), self.registry,
                                    self.today, s["BERKALA_FRESH_DAYS"], regulations=self.context.get("regulasi", ()))
        cells = [c for r in rows for c in r.cells]
        regulations = list(self.context.get("regulasi", ()) or ())
        drafts = sum(1 for r in regulations if r.peraturan["status"] == reg.RANCANGAN)
        return monev.Situs(
            today=self.today, menu_urls=menus, pages=pages,
            dip_count=sum(1 for j in jenis if j in tables.DIP_JENIS), dik_count=len(dik),
            dik_expired=sum(1 for e in dik if status.exemption_status(e, self.today) == status.KEDALUWARSA),
            serta_merta_count=jenis.count("serta-merta"), setiap_saat_count=jenis.count("setiap-saat"),
            berkala_cells=len(cells), berkala_fresh=sum(1 for c in cells if c.status == status.TERKINI),
            berkala_filled=sum(1 for c in cells if c.status != status.KOSONG),
            # The validation's own rule (``check_substance``: no document, no link, a text of a
            # few lines), not every cell without a Dokumen: a yearly report is a page of the site.
            berkala_bare=sum(1 for c in cells if c.status == status.TERKINI and bare(c.entry)),
            registry=self.registry, register_years=[r["register"].tahun for r in self.laporan],
            penetapan_years=[p.tahun for p in self.data.penetapan],
            penetapan_berkas=[p.berkas["url"].lower() for p in self.data.penetapan if p.berkas.get("url")],
            ikm_years=[y for y in (year_of(sv["periode"]) for sv in self.surveys if not sv["opd"]) if y],
            ikm_opd=sorted({sv["opd"] for sv in self.surveys if sv["opd"]}),
            regulasi_count=len(regulations) - drafts, regulasi_rancangan=drafts,
            regulasi_dicabut=sum(1 for r in regulations if r.peraturan["status"] == reg.DICABUT),
            dip_regulasi=sum(1 for e in entries if e.fields.get("kategori") == "regulasi"),
            opd_contacts=sum(1 for o in self.registry.values() if o.telepon or o.email),
            opd_ppid=sum(1 for o in self.registry.values() if o.ppid),
            scanned=sorted({d for i in self.run.report.items if i.published for d in i.scanned} | set(self.data.scanned)),
            tautan_luar=luar.load_result(luar.result_path(self.settings)),
        )


def print_monev(path: Path, out) -> int:
    """`invoke monev`: the self-check of a built site, as lines an author reads."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {k: 0 for k in monev.STATUS_LABELS}
    print(f"Kesiapan Monev KIP situs ini per {data['tanggal']} (dihitung dari konten):", file=out)
    for b in data["butir"]:
        icon, label = monev.STATUS_LABELS[b["status"]]
        counts[b["status"]] += 1
        print(f"  [{icon}] {label:<10} {b['uraian']}", file=out)
        print(f"      {b['catatan']}" + (f" ({b['tautan']})" if b["tautan"] else ""), file=out)
    print("Jumlah: " + ", ".join(f"{monev.STATUS_LABELS[k][1].lower()} {v}" for k, v in counts.items()), file=out)
    return 0
