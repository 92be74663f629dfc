"""Pages and exports of public information: the DIP (whole, by kind, by OPD), the DIK,
the periodic-information index, OPD profiles, and data/*.csv|json with their JSON Schema.

Computed once per run in ``prepare`` (after every generator read its content, before
anything is written), so the home page and the entry pages, written by other
generators, get the same data."""

from __future__ import annotations

import os
from pathlib import Path

from pelican.generators import Generator

from common import documents
from common.forked import fork_start, usable_cpus
from common.store import value_key
from content import telepon
from content.generator import Entry
from content.schema import DIP, JENIS, KATEGORI_BERKALA, OPD_FIELDS, dip_columns

from . import status, tables, xlsx


KINDS = [t for t in JENIS if t.slug in tables.DIP_JENIS]
# The DIK's own columns: the fields that only exempt entries carry (from the schema).
EXEMPTION_KEYS = [f.name for f in tables.export_fields(tables.DIK_JENIS) if not any(tables.applies(f, j) for j in tables.DIP_JENIS)]
# The signed consequence test's PDF: linked in its entry's page and its DIK row, not a column.
UJI_DOKUMEN = "dokumen-uji-konsekuensi"
KLASIFIKASI_LABEL = "Klasifikasi pengecualian"  # the DIK's column computed from Dasar-Hukum (status.classification)
EXPORTS_MEMO = "kip.exports"  # Run.memory: (exports_key, {file name: bytes})


def paginate(rows: list, per_page: int, base: str) -> list[dict]:
    """Split rows into pages: ``base`` then ``base/halaman/N/``."""
    per_page = max(1, per_page)
    chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    urls = [base if i == 0 else f"{base}halaman/{i + 1}/" for i in range(len(chunks))]
    pages = []
    for i, chunk in enumerate(chunks):
        pages.append({
            "rows": chunk,
            "url": urls[i],
            "save_as": urls[i] + "index.html",
            "nomor": i + 1,
            "jumlah": len(chunks),
            "sebelumnya": urls[i - 1] if i > 0 else None,
            "berikutnya": urls[i + 1] if i + 1 < len(chunks) else None,
            "semua": [{"nomor": j + 1, "url": u} for j, u in enumerate(urls)],
            "total": len(rows),
        })
    return pages


class KipGenerator(Generator):
    """Writes the public-information views from ``context["entries"]``."""

    def prepare(self):
        s = self.settings
        self.registry = self.run.registry
        self.now = self.run.now
        self.today = self.now.date()
        self.siteurl = s.get("SITEURL", "")
        entries = list(self.context.get("entries", ()))

        dip = [e for e in entries if e.fields.get("jenis") in tables.DIP_JENIS]
        dik = [e for e in entries if e.fields.get("jenis") in tables.DIK_JENIS]
        self.dip_numbered = tables.numbered(dip, self.registry)
        self.dik_numbered = tables.numbered(dik, self.registry)
        self.dip_rows = [tables.dip_row(n, e, self.registry) for n, e in self.dip_numbered]
        self.dik_rows = []
        for n, e in self.dik_numbered:
            row = tables.dip_row(n, e, self.registry)
            row["status"] = status.exemption_status(e, self.today)
            row["klasifikasi"] = status.classification(e)
            row["pengecualian"] = {
                f.name: tables.display(f, e.fields.get(f.name), self.registry)
                for f in DIP.fields if f.name in EXEMPTION_KEYS
            }
            self.dik_rows.append(row)  # an expired one is warned about by validation (`check` too)

        # Items other plugins publish as berkala information (the yearly service report).
        berkala_items = entries + list(self.context.get("berkala_tambahan", ()))
        self.berkala = status.berkala_index(berkala_items, self.registry, self.today, s["BERKALA_FRESH_DAYS"],
                                            regulations=self.context.get("regulasi", ()))
        # A stale cell is warned about by validation (kip.check_berkala: `check` too).

        announcements = [e for e in entries if status.is_current_announcement(e, self.now, s["SERTA_MERTA_DAYS"])]
        announcements.sort(key=lambda e: (e.fields.get("date") or e.date, e.slug), reverse=True)
        self.context["serta_merta_terkini"] = announcements
        self.context["kip_status_labels"] = status.STATUS_LABELS

        numbers = {id(e): n for n, e in self.dip_numbered + self.dik_numbered}
        for e in entries:
            e.kip_nomor = numbers.get(id(e))  # its place in the list, from the whole site
            describe(self.run, e)

    # --- output ---------------------------------------------------------------------

    def generate_output(self, writer):
        if not hasattr(self, "registry"):
            self.prepare()
        s = self.settings
        per_page = s["DIP_PER_PAGE"]
        columns = [(letter, label) for letter, label, _ in dip_columns()]
        common = {"kip_columns": columns, "kip_kinds": KINDS, "kip_opds": self.opd_summary(), "today": self.today}

        self.write_list(writer, "dip.html", "dip/", self.dip_rows, per_page,
                        judul="Daftar Informasi Publik", jenis=None, **common)
        for kind in KINDS:
            rows = [r for r in self.dip_rows if r["jenis"] == kind.slug]
            self.write_list(writer, "dip.html", f"dip/{kind.slug}/", rows, per_page,
                            judul=f"Daftar Informasi Publik: {kind.label}", jenis=kind, **common)
        for slug, opd in self.registry.items():
            rows = [r for r in self.dip_rows if r["entry"].fields.get("opd") == slug]
            self.write_list(writer, "dip.html", f"dip/{slug}/", rows, per_page,
                            judul=f"Daftar Informasi Publik {opd.nama}", jenis=None, opd=opd, **common)
        dik_fields = [(f.name, f.label) for f in DIP.fields if f.name in EXEMPTION_KEYS and f.name != UJI_DOKUMEN]
        self.write_list(writer, "dik.html", "dip/dikecualikan/", self.dik_rows, per_page,
                        judul="Daftar Informasi yang Dikecualikan", kip_dik_fields=dik_fields,
                        kip_klasifikasi=KLASIFIKASI_LABEL, **common)

        self.write_page(writer, "informasi_berkala.html", "informasi-berkala/",
                        berkala=self.berkala, kategori=KATEGORI_BERKALA, hari_terkini=s["BERKALA_FRESH_DAYS"], today=self.today)

        articles = self.context.get("articles", ())
        for row in self.berkala:
            slug = row.opd.slug
            news = [a for a in articles if getattr(a, "opd", None) and a.opd.slug == slug][: s["OPD_NEWS_COUNT"]]
            own = [r for r in self.dip_rows if r["entry"].fields.get("opd") == slug]
            own_dik = [r for r in self.dik_rows if r["entry"].fields.get("opd") == slug]
            profil = profile(row.opd)  # (label, value); a site's copy of opd.html may read it so
            self.write_page(writer, "opd.html", f"opd/{slug}/", opd=row.opd, profil=profil,
                            profil_tautan=profile_links(row.opd), berita=news,
                            entri=own, entri_dik=own_dik, baris=row, kategori=KATEGORI_BERKALA, **common)

        self.write_exports()

    def opd_summary(self):
        out = []
        for slug, opd in self.registry.items():
            n = sum(1 for r in self.dip_rows if r["entry"].fields.get("opd") == slug)
            out.append({"opd": opd, "jumlah": n, "url": f"dip/{slug}/"})
        return out

    def write_page(self, writer, template, url, **data):
        writer.write_file(url + "index.html", self.get_template(template.removesuffix(".html")), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url, **data)

    def write_list(self, writer, template, base, rows, per_page, **data):
        for page in paginate(rows, per_page, base):
            writer.write_file(page["save_as"], self.get_template(template.removesuffix(".html")), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=page["url"], daftar=page, **data)

    def exports(self):
        """(name, title, jenis, fields, computed columns, records, workbook sheet) of the DIP and the DIK."""
        creator = xlsx.creator(self.settings)
        dik_class = tables.Computed(
            "klasifikasi", KLASIFIKASI_LABEL,
            "klasifikasi informasi yang dikecualikan menurut huruf UU 14/2008 Pasal 17 yang disebut Dasar-Hukum",
            tuple(status.KLASIFIKASI.values()), status.classification, many=True)
        dik_status = tables.Computed(
            "status_pengecualian", "Status pengecualian",
            "berlaku, atau kedaluwarsa setelah Berlaku-Hingga (informasinya semestinya dibuka), per tanggal build",
            (status.BERLAKU, status.KEDALUWARSA), lambda e: status.exemption_status(e, self.today))
        for name, title, numbered, jenis_set, computed in (
            ("dip", "Daftar Informasi Publik", self.dip_numbered, tables.DIP_JENIS, ()),
            ("dik", "Daftar Informasi yang Dikecualikan", self.dik_numbered, tables.DIK_JENIS, (dik_class, dik_status)),
        ):
            fields = tables.export_fields(jenis_set)
            records = [tables.export_record(n, e, fields, self.siteurl, computed) for n, e in numbered]
            yield name, title, jenis_set, fields, computed, records, xlsx.Sheet.of_entries(
                title, numbered, records, fields, self.registry, status.updated, creator, computed, self.siteurl)

    def workbooks_memo(self) -> dict:
        return self.run.memory.setdefault("kip.xlsx", {}) if self.run.memory is not None else {}

    def exports_key(self) -> bytes | None:
        """What the DIP's and the DIK's files (``exports``) are made from: each numbered
        entry's number, address, fields and date, the registry, today (the DIK's status),
        the site's address and owner (the schema and the code are in the memory's key,
        ``Run.memory``). None when it cannot be taken: the files are made."""
        if not hasattr(self, "_exports_key"):
            entries = [[(n, e.url, e.fields, e.date) for n, e in numbered] for numbered in (self.dip_numbered, self.dik_numbered)]
            self._exports_key = value_key((self.today, self.siteurl, xlsx.creator(self.settings), self.registry, entries))
        return self._exports_key

    def exports_kept(self) -> dict | None:
        """The DIP's and the DIK's files as the last build made them (name -> bytes), when
        made from the same (``exports_key``); None otherwise. Kept in ``Run.memory``: a news
        item's edit writes the same bytes again instead of making 2 000 entries' records,
        tables and workbooks."""
        kept = self.run.memory.get(EXPORTS_MEMO) if self.run.memory is not None else None
        key = self.exports_key()
        return kept[1] if kept is not None and key is not None and kept[0] == key else None

    def start_workbooks(self):
        """The workbooks the memo does not hold are made by a forked process while the
        build derives and records its pages (openpyxl takes about 0.4 s per 2 000 entries,
        with the other CPU idle then); ``write_exports`` takes them when their sheet's key
        is still the one it makes. The records are made again there (about 0.06 s) on
        purpose: a site plugin may still change addresses after ``derive``."""
        if self.exports_kept() is not None:
            return
        memo = self.workbooks_memo()
        todo = {f"{name}.xlsx": sheet for name, *_, sheet in self.exports() if memo.get(f"{name}.xlsx", (None,))[0] != sheet.key}
        if todo and hasattr(os, "fork") and usable_cpus() >= 2:
            xlsx.before_start()
            self.run.workbooks = fork_start(lambda: {file: sheet.made() for file, sheet in todo.items()})

    def write_exports(self):
        out = Path(self.output_path) / "data"
        memo = self.workbooks_memo()
        wait, self.run.workbooks = self.run.workbooks, None
        if wait is not None:
            ok, made = wait()
            memo.update(made if ok else {})  # taken only for the same key (xlsx.made)
        self.__dict__.pop("_exports_key", None)  # taken again: a site plugin may have changed addresses since derive
        files = self.exports_kept()
        if files is None:
            files = {}
            for name, title, jenis_set, fields, computed, records, sheet in self.exports():
                files[f"{name}.json"] = tables.json_bytes(records)
                files[f"{name}.csv"] = tables.csv_bytes(tables.csv_text(records, fields, self.registry, computed))
                files[f"{name}.xlsx"] = xlsx.made(sheet, memo, f"{name}.xlsx")
                files[f"{name}.schema.json"] = tables.json_bytes(
                    tables.list_schema(name, title, fields, jenis_set, self.registry, computed))
            if self.run.memory is not None and self.exports_key() is not None:
                self.run.memory[EXPORTS_MEMO] = (self.exports_key(), files)
        out.mkdir(parents=True, exist_ok=True)
        for file, data in files.items():
            (out / file).write_bytes(data)
        index = {
            "tanggal": self.today.isoformat(),
            "opd": {
                row.opd.slug: {
                    c.kategori.slug: {
                        "status": c.status,
                        "url": f"{self.siteurl}/{c.entry.url}" if c.entry else None,
                        "date": c.tanggal.isoformat() if c.tanggal else None,
                    }
                    for c in row.cells
                }
                for row in self.berkala
            },
        }
        tables.write_json(out / "informasi-berkala.json", index)
        tables.write_json(out / "informasi-berkala.schema.json",
                          tables.berkala_schema(self.registry, (status.TERKINI, status.PERLU_DIPERBARUI, status.KOSONG)))


def profile(opd) -> list[tuple[str, str]]:
    """The OPD page's profile: (label, value) of each registry field given."""
    return [(f.label, getattr(opd, f.name)) for f in OPD_FIELDS if getattr(opd, f.name, "")]


def profile_links(opd) -> dict[str, str]:
    """Label -> the link a phone taps, of the profile's fields that hold an address
    (``mailto:``) or a number (``tel:``): ``email``, ``telepon`` and the PPID Pelaksana's own."""
    links = {}
    for f in OPD_FIELDS:
        value = getattr(opd, f.name, "")
        link = f"mailto:{value}" if value and f.name.endswith("email") else telepon.uri(value) if f.name.endswith("telepon") else ""
        if link:
            links[f.label] = link
    return links


def describe(run, entry):
    """What entry.html shows of a DIP entry, computed from its fields: labelled fields
    (its number, ``kip_nomor``, first), documents, links, the exemption's status."""
    if not isinstance(entry, Entry):
        return
    registry, today = run.registry, run.now.date()
    skip = {"title", "dokumen", "tautan", UJI_DOKUMEN}
    rincian = []
    number = getattr(entry, "kip_nomor", None)
    if number is not None:
        rincian.append({"label": "Nomor", "nilai": str(number)})
    for f in DIP.fields:
        if not f.export or f.name in skip:
            continue
        value = tables.display(f, entry.fields.get(f.name), registry)
        classes = status.classification(entry) if f.name == "dasar-hukum" else ()
        if classes:  # before the legal basis it is read from, as in the DIK's columns
            rincian.append({"label": KLASIFIKASI_LABEL, "nilai": "; ".join(classes)})
        if value != "":
            rincian.append({"label": f.label, "nilai": value, "kolom": f.column})
    entry.kip_rincian = rincian
    entry.kip_dokumen = [documents.describe(run.content, rel) for rel in entry.fields.get("dokumen", ())]
    entry.kip_tautan = list(entry.fields.get("tautan", ()))
    entry.kip_uji_dokumen = [documents.describe(run.content, rel) for rel in entry.fields.get(UJI_DOKUMEN, ())]
    entry.kip_status = status.exemption_status(entry, today) if entry.fields.get("jenis") == "dikecualikan" else None


def place(run, entry):
    """A new DIP or DIK entry's number (``kip_nomor``) among the last build's entries
    (the preview's quick page of a new file)."""
    if not isinstance(entry, Entry):
        return
    generator = run.generator(KipGenerator)
    jenis = entry.fields.get("jenis")
    for numbered, kinds in ((generator.dip_numbered, tables.DIP_JENIS), (generator.dik_numbered, tables.DIK_JENIS)):
        if jenis in kinds:
            numbers = tables.numbered([e for _, e in numbered] + [entry], run.registry)
            entry.kip_nomor = next(n for n, e in numbers if e is entry)
