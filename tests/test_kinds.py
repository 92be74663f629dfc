"""The field-kind table (content.kinds): each kind is one object, and a kind added to
the table reaches validation, the exports, their JSON Schema, the guide and the editor."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from types import SimpleNamespace

import pytest

from content import guide, kinds, schema

OPERATIONS = ("parse", "file_problem", "display", "export", "cell", "json_schema", "widget", "hint")


def all_fields():
    for ctype in schema.CONTENT_TYPES.values():
        yield from ctype.fields
    yield from (*schema.OPD_FIELDS, *schema.REGISTER_COLUMNS, *schema.IKM_FIELDS, *schema.PENETAPAN_FIELDS)


def test_every_schema_field_has_a_kind_in_the_table():
    missing = {(f.key, f.kind) for f in all_fields() if f.kind not in kinds.KINDS}
    assert not missing


@pytest.mark.parametrize("name", sorted(kinds.KINDS))
def test_every_kind_implements_every_operation(name):
    kind = kinds.KINDS[name]
    assert isinstance(kind, kinds.Kind) and kind.name == name
    assert kind.form and isinstance(kind.form, str)  # the author guide's words for it
    for op in OPERATIONS:
        assert callable(getattr(kind, op)), op
    f = schema.Field("Contoh", name, "Contoh", "Contoh.", choices=schema.YA_TIDAK)
    described = kind.json_schema(f, {})
    assert described["type"] in ("string", "integer", "array")
    # a regulation's references are exported by regulations.ekspor, not as a field value;
    # a signed PDF is written once and exported as a list of one, as a Dokumen is
    assert (described["type"] == "array") is (kind.many or kind.listed) or name == "rujukan"
    vocab = {"opd": []}
    assert kind.widget(f, None, vocab)["widget"]


class Telepon(kinds.Kind):
    """A kind a site might add: a telephone number."""

    name = "telepon"
    form = "nomor telepon, mis. `0271 123456`"
    pattern = (r"^\+?[0-9 -]{6,}$", "Tulis nomor telepon, mis. 0271 123456.")

    def parse(self, ctx, f, raw, path):
        if re.fullmatch(self.pattern[0], raw):
            return raw, None
        return None, f"\"{raw}\" bukan nomor telepon yang sah; tulis angka, mis. 0271 123456"

    def json_schema(self, f, registry):
        return {"type": "string", "pattern": self.pattern[0]}


@pytest.fixture
def telepon(monkeypatch):
    """A DIP with a field of the new kind, the kind registered in the table only."""
    monkeypatch.setitem(kinds.KINDS, "telepon", Telepon())
    field = schema.Field("Telepon-Kontak", "telepon", "Telepon kontak", "Nomor telepon narahubung.")
    dip = dataclasses.replace(schema.DIP, fields=(*schema.DIP.fields, field))
    monkeypatch.setitem(schema.CONTENT_TYPES, "dip", dip)
    return field, dip


ENTRY = (
    "Title: Daftar Posyandu\nJenis: berkala\nKategori: profil\nOPD: dinkes\nPenanggung-Jawab: Kepala Dinas\n"
    "Waktu-Pembuatan: 2026\nTempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 5 tahun\n"
    "Date: 2026-09-01 10:00\n"
)


def test_a_new_kind_is_validated(site, telepon):
    site.write("dip/dinkes/a.md", ENTRY + "Telepon-Kontak: 0271 123456\n\nIsi.\n")
    site.write("dip/dinkes/b.md", ENTRY.replace("Posyandu", "Puskesmas") + "Telepon-Kontak: hubungi kami\n\nIsi.\n")
    report = site.check()
    errors = [f"{p.key}: {p.message}" for p in report.errors if p.path.endswith(("a.md", "b.md"))]
    assert errors == ["Telepon-Kontak: \"hubungi kami\" bukan nomor telepon yang sah; tulis angka, mis. 0271 123456"]
    item = next(i for i in report.items if i.rel.endswith("a.md"))
    assert item.values["telepon-kontak"] == "0271 123456"


def test_a_new_kind_reaches_the_exports_the_schema_the_guide_and_the_editor(telepon, monkeypatch):
    from kip import tables, xlsx
    from editor import konfigurasi

    field, dip = telepon
    monkeypatch.setattr(tables, "DIP", dip)
    fields = tables.export_fields(tables.DIP_JENIS)
    assert fields[-1] is field
    registry = {"dinkes": SimpleNamespace(nama="Dinas Kesehatan")}
    entry = SimpleNamespace(fields={"jenis": "berkala", "opd": "dinkes", "telepon-kontak": "+62 271 123456"}, url="dip/dinkes/a/")
    record = tables.export_record(1, entry, fields, "https://contoh.go.id")
    assert record["telepon-kontak"] == "+62 271 123456"  # JSON

    csv = tables.csv_text([record], fields, registry).splitlines()
    assert csv[0].split(",")[-2] == "Telepon kontak"
    assert csv[1].split(",")[-2] == "'+62 271 123456"  # spreadsheet-safe, like every cell
    assert list(xlsx.rows([record], fields, registry))[1][-2] == "'+62 271 123456"

    described = tables.list_schema("dip", "Daftar Informasi Publik", fields, tables.DIP_JENIS, registry)
    assert described["items"]["properties"]["telepon-kontak"] == {
        "title": "Telepon kontak", "description": "Nomor telepon narahubung.",
        "type": ["string", "null"], "pattern": Telepon.pattern[0],
    }

    assert "| `Telepon-Kontak` | tidak wajib | nomor telepon, mis. `0271 123456` | Nomor telepon narahubung. |" in guide.field_table(dip.fields)

    got = konfigurasi.form_field(field, dip, "dinkes", {}, "Asia/Jakarta")
    assert got["widget"] == "string" and got["pattern"] == list(Telepon.pattern)
    assert "Telepon-Kontak" not in konfigurasi.format_tables()["situs-dip"]["lists"]


def test_rules_between_fields_name_fields_of_their_table():
    tables = [(ctype.rules, ctype.fields) for ctype in schema.CONTENT_TYPES.values()]
    tables.append((schema.REGISTER_RULES, schema.REGISTER_COLUMNS))
    for rules, fields in tables:
        names = {f.name for f in fields}
        for rule in rules:
            others = ((rule.start,) if isinstance(rule, schema.NotBefore) else rule.dates if isinstance(rule, schema.YearOf)
                      else (rule.when.key,))
            assert {rule.key.lower(), *(o.lower() for o in others)} <= names, rule


@pytest.mark.parametrize(
    "rule, values, message",
    [
        (schema.NotBefore("Selesai", "Mulai"), {"mulai": 2, "selesai": 1}, "tidak boleh sebelum Mulai"),
        (schema.NotBefore("Selesai", "Mulai"), {"mulai": 1, "selesai": 1}, None),
        (schema.NotBefore("Selesai", "Mulai"), {"selesai": 1}, None),
        (schema.OnlyWhen("Tahap", schema.When("Status-Berlaku", ("rancangan",))),
         {"tahap": "uji publik", "status-berlaku": "berlaku"}, "hanya untuk Status-Berlaku: rancangan; hapus baris ini"),
        (schema.OnlyWhen("Tahap", schema.When("Status-Berlaku", ("rancangan",))),
         {"tahap": "uji publik", "status-berlaku": "rancangan"}, None),
        (schema.OnlyWhen("Tahap", schema.When("Status-Berlaku", ("rancangan",))), {"tahap": "uji publik"}, None),
        (schema.NotBefore("tanggal_jawab", "tanggal", "{value} sebelum tanggal diterima {start_value}"),
         {"tanggal": date(2026, 3, 2), "tanggal_jawab": date(2026, 2, 27)}, "2026-02-27 sebelum tanggal diterima 2026-03-02"),
    ],
)
def test_rules_between_fields(rule, values, message):
    assert rule.check(values) == message


REGULATION_TEXTS = [
    ("nomor", "12"), ("nomor", "188.45/123/2026"), ("nomor", "4A"), ("nomor", "nomor12"),
    ("nomor", "12 Tahun 2024"), ("nomor", "No. 7"), ("nomor", "NOMOR 7"), ("nomor", "7 TAHUN 2019"),
    ("tentang", "Pajak Daerah"),
    ("tentang", "Peraturan Pelaksanaan Peraturan Daerah Nomor 1 Tahun 2024 tentang Pajak Daerah"),
    ("tentang", "Perubahan atas Peraturan Bupati Nomor 7 Tahun 2019 tentang Pedoman Posyandu"),
    ("tentang", "Peraturan Bupati Sukamaju Nomor 7 Tahun 2019 tentang Posyandu"),
    ("tentang", "PERATURAN BUPATI NOMOR 5 TENTANG PAJAK"), ("tentang", "TENTANG PAJAK"),
    ("tentang", "Keputusan Kepala Dinas Nomor 3 tentang Tim"),
]
REFUSED = {"12 Tahun 2024", "No. 7", "NOMOR 7", "7 TAHUN 2019", "Peraturan Bupati Sukamaju Nomor 7 Tahun 2019 tentang Posyandu",
           "PERATURAN BUPATI NOMOR 5 TENTANG PAJAK", "TENTANG PAJAK", "Keputusan Kepala Dinas Nomor 3 tentang Tim"}


def test_a_regulation_s_number_and_subject_are_refused_alike_by_the_build_and_the_editor(tmp_path):
    """The web editor checks Nomor and Title with patterns (JavaScript, no flags) that
    must refuse exactly what the build refuses (Python, any case): a subject naming
    another regulation passes both, the citation written whole is refused by both."""
    import json
    import subprocess

    from content.kinds import Nomor, Tentang

    class Ctx:
        pass

    built = {text: (Nomor() if kind == "nomor" else Tentang()).parse(Ctx, None, text, None)[1] is None
             for kind, text in REGULATION_TEXTS}
    assert {t for t, ok in built.items() if not ok} == REFUSED
    script = tmp_path / "patterns.js"
    script.write_text(
        "const [nomor, tentang, cases] = JSON.parse(process.argv[2]);\n"
        "console.log(JSON.stringify(cases.map(([k, t]) => new RegExp(k === 'nomor' ? nomor : tentang).test(t))));\n")
    arg = json.dumps([Nomor.pattern[0], Tentang.pattern[0], REGULATION_TEXTS])
    editor = json.loads(subprocess.run(["node", str(script), arg], capture_output=True, text=True, check=True).stdout)
    assert dict(zip((t for _, t in REGULATION_TEXTS), editor)) == built


@pytest.mark.parametrize("written, terms, meant", [
    ("batal", schema.PELAKSANAAN, "dibatalkan"),
    ("tunda", schema.PELAKSANAAN, "ditunda"),
    ("Sesuai Jadwal", schema.PELAKSANAAN, "sesuai-jadwal"),
    ("laporan", schema.KATEGORI_BERKALA, None),
    ("sop", schema.LAYANAN, None),
])
def test_a_value_written_as_the_root_of_one_choice_alone_gets_that_choice(written, terms, meant):
    """`Pelaksanaan: batal` is dibatalkan without its affixes: suggested; a root several
    choices hold (`sop`: sop-permohonan, sop-keberatan, sop-sengketa) is not guessed."""
    assert kinds.Choice.meant(written, terms) == meant
