"""Regulations (produk hukum): validation, relations from both sides, pages, lists,
berkala kategori f, and the exports (data/regulasi.json, data/jdihn.json) against their
JSON Schema. Built end to end into tmp_path."""

from __future__ import annotations

import json

import jsonschema
import pytest
from lxml import html

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def regulation(title, jenis="perbup", nomor="7", tahun="2019", **extra):
    head = {
        "Title": title, "Jenis": jenis, "Nomor": nomor, "Tahun": tahun,
        "Tanggal-Penetapan": f"{tahun}-03-04", "Status-Berlaku": "berlaku",
        "Dokumen": f"dokumen/regulasi/{jenis}-{str(nomor).replace('/', '-')}-{tahun}.pdf", "Date": f"{tahun}-03-05 10:00",
        **{k.replace("_", "-"): v for k, v in extra.items()},
    }
    head = {k: v for k, v in head.items() if v is not None}
    return "\n".join(f"{k}: {v}" for k, v in head.items()) + "\n\nKeterangan.\n"


def add(site, name, text, pdf=True):
    site.write(f"regulasi/{name}.md", text)
    if pdf:
        for line in text.splitlines():
            if line.startswith("Dokumen: "):
                site.write(line.removeprefix("Dokumen: "), PDF)


def text_of(el) -> str:
    return " ".join(el.text_content().split())


def page(site, rel):
    return html.fromstring(site.read(rel))


@pytest.fixture
def legal(site):
    """An original, its amendment, a regulation it revokes, and a draft."""
    add(site, "perbup-7-2019", regulation("Tata Kelola Posyandu", nomor="7", tahun="2019"))
    add(site, "perbup-12-2024", regulation(
        "Perubahan atas Peraturan Bupati Nomor 7 Tahun 2019 tentang Tata Kelola Posyandu",
        nomor="12", tahun="2024", Mengubah="perbup 7/2019", OPD="dinkes", Bidang_Hukum="Kesehatan",
        Abstrak="Mengatur ulang jadwal posyandu."))
    add(site, "perda-3-2010", regulation("Retribusi Pelayanan Kesehatan", jenis="perda", nomor="3", tahun="2010"))
    add(site, "perda-5-2023", regulation("Pajak dan Retribusi Daerah", jenis="perda", nomor="5", tahun="2023",
                                         Mencabut="perda 3/2010, perda 9/2001", Tanggal_Pengundangan="2023-03-06"))
    add(site, "rancangan", regulation("Penanggulangan Stunting", jenis="perda", nomor=None, tahun="2026",
                                      Tanggal_Penetapan=None, Dokumen=None, Status_Berlaku="rancangan",
                                      Tahap="uji publik"), pdf=False)
    return site


def test_relations_both_ways_on_pages(legal):
    assert legal.build() == 0
    original = page(legal, "regulasi/2019/perbup-7/index.html")
    amendment = page(legal, "regulasi/2024/perbup-12/index.html")
    assert "Peraturan Bupati Sukamaju Nomor 7 Tahun 2019 tentang Tata Kelola Posyandu" == text_of(original.xpath("//h1")[0])
    dd = original.xpath("//dt[.='Diubah dengan']/following-sibling::dd[1]//a")[0]
    assert dd.get("href") == "/regulasi/2024/perbup-12/"
    assert "Berlaku, dengan perubahan" in text_of(original.xpath("//*[contains(@class,'peraturan__status')]")[0])
    crumbs = amendment.xpath("//nav[@class='remah']//li")
    assert [text_of(li) for li in crumbs] == ["Beranda", "Produk Hukum", "Peraturan Bupati", "Perbup 12/2024"]
    assert amendment.xpath("//nav[@class='remah']//a/@href") == ["/", "/regulasi/", "/regulasi/perbup/"]
    back = amendment.xpath("//dt[.='Mengubah']/following-sibling::dd[1]//a")[0]
    assert back.get("href") == "/regulasi/2019/perbup-7/"

    revoked = page(legal, "regulasi/2010/perda-3/index.html")
    revoker = page(legal, "regulasi/2023/perda-5/index.html")
    assert "Peraturan Daerah Kabupaten Sukamaju Nomor 3 Tahun 2010" in text_of(revoked.xpath("//h1")[0])
    assert "Tidak berlaku" in text_of(revoked.xpath("//*[contains(@class,'peraturan__status')]")[0])
    assert revoked.xpath("//dt[.='Dicabut dengan']/following-sibling::dd[1]//a/@href") == ["/regulasi/2023/perda-5/"]
    mencabut = revoker.xpath("//dt[.='Mencabut']/following-sibling::dd[1]//li")
    assert [li.xpath(".//a/@href") for li in mencabut] == [["/regulasi/2010/perda-3/"], []]
    assert "tidak ada di situs" in text_of(mencabut[1])
    # The document with its format and size.
    doc = amendment.xpath("//ul[@class='dokumen']//li")[0]
    assert doc.xpath(".//a/@href") == ["/dokumen/regulasi/perbup-12-2024.pdf"]
    assert "PDF" in text_of(doc) and "B)" in text_of(doc)
    assert (legal.output / "dokumen/regulasi/perbup-12-2024.pdf").read_bytes() == PDF


def test_reference_not_on_site_is_a_warning(legal):
    report = legal.check()
    assert not report.errors
    assert any(w.key == "Mencabut" and "perda 9/2001 tidak ada di situs" in w.message for w in report.warnings)


def test_lists_newest_first_per_type_year_and_drafts(legal):
    assert legal.build() == 0
    rows = page(legal, "regulasi/index.html").xpath("//table//tbody/tr")
    titles = [text_of(r.xpath("./th")[0]) for r in rows]
    assert titles[0].startswith("Rancangan Peraturan Daerah Kabupaten Sukamaju tentang Penanggulangan Stunting")
    assert [t.split(" tentang")[0] for t in titles[1:]] == [
        "Peraturan Bupati Sukamaju Nomor 12 Tahun 2024", "Peraturan Daerah Kabupaten Sukamaju Nomor 5 Tahun 2023",
        "Peraturan Bupati Sukamaju Nomor 7 Tahun 2019", "Peraturan Daerah Kabupaten Sukamaju Nomor 3 Tahun 2010"]
    statuses = [text_of(r.xpath("./td[@data-label='Status']")[0]) for r in rows]
    assert statuses == ["Rancangan, tahap uji publik", "Berlaku", "Berlaku", "Berlaku, dengan perubahan", "Tidak berlaku"]
    assert "Dicabut dengan Perda 5/2023" in titles[4]
    perda = [text_of(r.xpath("./th")[0]) for r in page(legal, "regulasi/perda/index.html").xpath("//tbody/tr")]
    assert len(perda) == 3 and all("Peraturan Daerah" in t for t in perda)
    assert len(page(legal, "regulasi/2019/index.html").xpath("//tbody/tr")) == 1
    drafts = page(legal, "regulasi/rancangan/index.html").xpath("//tbody/tr")
    assert len(drafts) == 1 and "uji publik" in text_of(drafts[0])


def test_lists_are_paginated(site):
    for n in range(1, 8):
        add(site, f"perbup-{n}", regulation(f"Peraturan Uji {n}", nomor=str(n), tahun="2024"))
    assert site.build(REGULASI_PER_PAGE=3) == 0
    assert len(page(site, "regulasi/index.html").xpath("//tbody/tr")) == 3
    assert len(page(site, "regulasi/halaman/3/index.html").xpath("//tbody/tr")) == 1
    assert page(site, "regulasi/perbup/halaman/2/index.html").xpath("//a[@rel='next']/@href") == ["/regulasi/perbup/halaman/3/"]


def test_region_and_instruments_from_settings(site):
    add(site, "p1", regulation("Penataan Pasar", jenis="perwako", nomor="4", tahun="2025"))
    instruments = (("perwako", "Peraturan Wali Kota", "Perwako", "Peraturan Wali Kota {nama}"),)
    assert site.build(REGULASI_JENIS=instruments, SITENAME_SHORT="Kota Sukamakmur") == 0
    h1 = text_of(page(site, "regulasi/2025/perwako-4/index.html").xpath("//h1")[0])
    assert h1 == "Peraturan Wali Kota Sukamakmur Nomor 4 Tahun 2025 tentang Penataan Pasar"


def test_the_jdih_exports_speak_of_the_region_s_own_instruments_and_legal_unit(legal):
    """A kabupaten's or a kota's Setda has a Bagian Hukum, a province's a Biro Hukum."""
    def publishers():
        return {(r["penerbit"], r["tempatTerbit"]) for r in json.loads((legal.output / "data/jdihn.json").read_text())}

    assert legal.build() == 0
    assert publishers() == {("Bagian Hukum Sekretariat Daerah Kabupaten Sukamaju", "Sukamaju")}
    # A province publishes in its capital, which its name does not say (REGULASI_TEMPAT_TERBIT).
    assert legal.build(SITENAME_SHORT="Provinsi Jawa Sukamaju", REGULASI_TEMPAT_TERBIT="Kota Baru Sukamaju") == 0
    assert publishers() == {("Biro Hukum Sekretariat Daerah Provinsi Jawa Sukamaju", "Kota Baru Sukamaju")}
    # The schemas the JDIH harvester reads name the province's instruments, and the ones its
    # site holds (the fixture's Perbup, a warning in check), not every region's.
    jdihn = json.loads((legal.output / "data/jdihn.schema.json").read_text())["items"]["properties"]
    assert "Peraturan Gubernur" in jdihn["jenis"]["enum"] and "Peraturan Wali Kota" not in jdihn["jenis"]["enum"]
    regulasi = json.loads((legal.output / "data/regulasi.schema.json").read_text())["items"]["properties"]
    assert regulasi["singkat"]["description"] == "Sebutan singkat, mis. Pergub 12/2024."
    assert "kepwali" not in regulasi["jenis"]["enum"] and "perbup" in regulasi["jenis"]["enum"]


def test_the_list_points_citizens_to_the_jdih_portals(legal):
    """A citizen is not a harvester: besides jdihn.json, the list links the national JDIH
    portal, and the region's own when it has one."""
    assert legal.build() == 0
    links = {text_of(a): a.get("href") for a in page(legal, "regulasi/index.html").xpath("//main//p//a")}
    assert links["Portal JDIH Nasional"] == "https://jdihn.go.id/" and not any(k.startswith("portal JDIH ") for k in links)
    assert legal.build(REGULASI_JDIH_URL="https://jdih.sukamajukab.go.id/") == 0
    links = {text_of(a): a.get("href") for a in page(legal, "regulasi/index.html").xpath("//main//p//a")}
    assert links["portal JDIH Kabupaten Sukamaju"] == "https://jdih.sukamajukab.go.id/"


def test_jdihn_and_regulasi_exports_match_their_schema(legal):
    add(legal, "kep", regulation("Tim Percepatan Penurunan Stunting", jenis="kep-opd", nomor="440/210/2025", tahun="2025",
                                 OPD="dinkes", Tanggal_Penetapan="2025-02-03"))
    assert legal.build(SITEURL="https://sukamajukab.go.id") == 0
    data = legal.output / "data"
    for name in ("jdihn", "regulasi"):
        schema = json.loads((data / f"{name}.schema.json").read_text())
        records = json.loads((data / f"{name}.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(records)
    jdihn = {r["idData"]: r for r in json.loads((data / "jdihn.json").read_text())}
    assert len(jdihn) == 5  # the draft is left out
    # A decree of an OPD's head was issued by that OPD, not by the region's government.
    assert jdihn["kep-opd-440-210-2025"]["teuBadan"] == "Dinas Kesehatan Kabupaten Sukamaju"
    assert jdihn["perda-3-2010"]["status"] == "Tidak Berlaku"
    assert jdihn["perbup-7-2019"]["status"] == "Berlaku"
    assert (jdihn["perda-5-2023"]["tanggal_pengundangan"], jdihn["perda-5-2023"]["tahun_pengundangan"]) == ("2023-03-06", "2023")
    r = jdihn["perbup-12-2024"]
    # No promulgation date written: none sent (the enactment date is not one), the year its own.
    assert (r["tanggal_pengundangan"], r["tahun_pengundangan"]) == ("", "2024")
    assert r["judul"].startswith("Peraturan Bupati Sukamaju Nomor 12 Tahun 2024 tentang Perubahan")
    assert r["urlDownload"] == "https://sukamajukab.go.id/dokumen/regulasi/perbup-12-2024.pdf"
    assert r["urlDetailPeraturan"] == "https://sukamajukab.go.id/regulasi/2024/perbup-12/"
    assert r["singkatanJenis"] == "PERBUP" and r["teuBadan"] == "Pemerintah Kabupaten Sukamaju"
    assert r["bidangHukum"] == "Kesehatan" and r["abstrak"] == "Mengatur ulang jadwal posyandu."
    regs = {r["id"]: r for r in json.loads((data / "regulasi.json").read_text())}
    assert regs["perbup-7-2019"]["diubah_dengan"] == ["Perbup 12/2024"]
    # The author's Status-Berlaku beside the status derived from the relations.
    assert (regs["perda-3-2010"]["status_berlaku"], regs["perda-3-2010"]["status"]) == ("berlaku", "dicabut")
    assert regs["perda-3-2010"]["dicabut_dengan"] == ["Perda 5/2023"]
    # Each relation as the ids of this file, to join without reading the names.
    assert regs["perda-3-2010"]["dicabut_dengan_id"] == ["perda-5-2023"]
    assert regs["perbup-7-2019"]["diubah_dengan_id"] == ["perbup-12-2024"]
    assert regs["perbup-12-2024"]["mengubah_id"] == ["perbup-7-2019"]
    # Every relation's short name written as the regulation's own (not as the author typed it).
    assert regs["perbup-12-2024"]["mengubah"] == ["Perbup 7/2019"]
    assert regs["perda-5-2023"]["mencabut"] == ["Perda 3/2010", "Perda 9/2001"]
    assert all(i is None or i in regs for r in regs.values() for k in ("mengubah_id", "mencabut_id") for i in r[k])
    assert regs["perda-rancangan-penanggulangan-stunting-2026"]["tahap"] == "uji publik"
    # A record that breaks the JDIHN schema is refused (the schema is not vacuous).
    schema = json.loads((data / "jdihn.schema.json").read_text())
    bad = [{**r, "status": "Dicabut"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)


def test_monev_counts_the_regulations_not_the_drafts(legal):
    """The regulations in force are what a verifier counts; the revoked one (Perda 3/2010,
    revoked by Perda 5/2023) stays in the list, said apart, and the draft is no law yet."""
    assert legal.build() == 0
    item = next(b for b in json.loads((legal.output / "data/kesiapan-monev.json").read_text())["butir"]
                if b["kode"] == "regulasi")
    assert (item["status"], item["tautan"]) == ("terpenuhi", "/regulasi/")
    assert item["catatan"] == "3 produk hukum berlaku di daftar peraturan, 1 sudah dicabut, ditambah 1 rancangan."


def test_regulation_with_opd_fills_berkala_f(legal):
    assert legal.build() == 0
    doc = page(legal, "informasi-berkala/index.html")
    row = next(tr for tr in doc.xpath("//table//tbody/tr") if "Dinas Kesehatan" in text_of(tr.xpath("./th")[0]))
    cell = next(td for td in row.xpath("./td") if td.get("data-label", "").startswith("f. "))
    assert cell.xpath(".//a/@href") == ["/regulasi/2024/perbup-12/"]
    # Stale (put on the site in 2024): the warning says how to refresh the cell without
    # touching the regulation's own Date, and doing so silences it.
    stale = [w for w in legal.check().warnings if "perlu diperbarui" in w.message]
    assert [w.path.endswith("content/regulasi/perbup-12-2024.md") for w in stale] == [True], stale
    assert "jangan ubah Date regulasi ini" in stale[0].message
    assert "entri DIP Dinkes dengan Jenis: berkala, Kategori: regulasi yang mutakhir" in stale[0].message
    legal.write("dip/dinkes/daftar-regulasi.md", (
        "Title: Daftar Regulasi Dinas Kesehatan\nJenis: berkala\nKategori: regulasi\nOPD: dinkes\n"
        "Penanggung-Jawab: Kadis\nWaktu-Pembuatan: 2026\nTempat-Pembuatan: Sukamaju\nBentuk: softcopy\n"
        "Retensi: 5 tahun\nDate: 2026-11-02 08:00\n\nIsi.\n"))
    assert not [w for w in legal.check().warnings if "perlu diperbarui" in w.message]


@pytest.mark.parametrize("change, key, needle", [
    ({"Jenis": "perbupp"}, "Jenis", "pilihan yang boleh: perda, perbup"),
    ({"Nomor": None}, "Nomor", "wajib diisi"),
    ({"Tanggal-Penetapan": None}, "Tanggal-Penetapan", "wajib diisi"),
    ({"Dokumen": None}, "Dokumen", "wajib diisi"),
    ({"Tanggal-Penetapan": "2024-02-30"}, "Tanggal-Penetapan", "bukan tanggal yang sah"),
    ({"Mengubah": "Perbup tujuh tahun 2019"}, "Mengubah", "tulis <jenis> <nomor>/<tahun>"),
    ({"Mencabut": "pergubb 3/2019"}, "Mencabut", "jenis \"pergubb\""),
    # Two references joined otherwise than by a comma: read as one, the first was lost.
    ({"Mencabut": "perbup 30/2020; perbup 7/2019"}, "Mencabut", "berisi lebih dari satu rujukan; pisahkan rujukan dengan koma"),
    ({"Mengubah": "perbup 30/2020 dan perbup 7/2019"}, "Mengubah", "berisi lebih dari satu rujukan"),
    ({"Mencabut": "perbup 30/2020 perbup 7/2019"}, "Mencabut", "berisi lebih dari satu rujukan"),
    ({"Status-Berlaku": "rancangan", "Nomor": None}, "Tahap", "wajib diisi"),
    ({"Tahap": "uji publik"}, "Tahap", "hanya untuk Status-Berlaku: rancangan"),
    ({"Tanggal-Pengundangan": "2019-03-01"}, "Tanggal-Pengundangan", "tidak boleh sebelum Tanggal-Penetapan"),
    ({"Status-Berlaku": "batal"}, "Status-Berlaku", "pilihan yang boleh: berlaku, rancangan, dicabut"),
    # The citation is written from Jenis, Nomor and Tahun: each said once, where it belongs
    # (before: "Nomor 12 Tahun 2024 Tahun 2024", or the kind and number twice).
    ({"Nomor": "7 Tahun 2019"}, "Nomor", "tulis nomornya saja, mis. 7 (tanpa kata Nomor dan Tahun"),
    ({"Nomor": "No. 7"}, "Nomor", "tulis nomornya saja, mis. 7"),
    ({"Title": "Peraturan Bupati Sukamaju Nomor 7 Tahun 2019 tentang Tata Kelola Posyandu"}, "Title",
     "tulis isi \"tentang\" saja, tanpa jenis dan nomornya (situs menulisnya dari Jenis, Nomor dan Tahun), mis. Tata Kelola Posyandu"),
    ({"Title": "tentang Tata Kelola Posyandu"}, "Title", "tulis tanpa kata \"tentang\" di depan, mis. Tata Kelola Posyandu"),
    # The short forms people write: the citation was doubled in the page and jdihn.json.
    ({"Title": "Perbup Nomor 7 Tahun 2019 tentang Tata Kelola Posyandu"}, "Title", "mis. Tata Kelola Posyandu"),
    ({"Title": "Perbup 7/2019 tentang Tata Kelola Posyandu"}, "Title", "tanpa jenis dan nomornya"),
    ({"Title": "PERBUP Sukamaju No. 7 Tahun 2019 tentang Tata Kelola Posyandu"}, "Title", "tanpa jenis dan nomornya"),
    ({"Title": "SE Bupati Nomor 7 Tahun 2019 tentang Tata Kelola Posyandu"}, "Title", "tanpa jenis dan nomornya"),
    ({"Tahun": "2018"}, "Tahun", "2018 tidak sama dengan tahun Tanggal-Penetapan atau Tanggal-Pengundangan (2019)"),
])
def test_validation_messages(site, change, key, needle):
    text = regulation("Tata Kelola Posyandu")
    lines = [line for line in text.splitlines() if line.split(":")[0] not in change]
    extra = [f"{k}: {v}" for k, v in change.items() if v is not None]
    site.write("regulasi/x.md", "\n".join(extra + lines) + "\n")
    site.write("dokumen/regulasi/perbup-7-2019.pdf", PDF)
    problems = site.check().errors
    assert any(p.key == key and needle in p.message and p.path.endswith("regulasi/x.md") for p in problems), problems


def test_a_draft_whose_file_has_its_number_and_enactment_date_is_said_to_be_shown_as_a_draft(site):
    """A draft enacted since, its number and date written in but its status left: the site
    kept showing the draft, without the number, and nothing said so."""
    add(site, "x", regulation("Tata Kelola Posyandu", Status_Berlaku="rancangan", Tahap="uji publik"))
    report = site.check()
    assert not [p for p in report.errors if p.path.endswith("regulasi/x.md")], report.errors
    said = [p for p in report.warnings if p.path.endswith("regulasi/x.md")]
    assert [(p.key, p.at()) for p in said] == [("Nomor", 3)], said
    assert said[0].message.startswith("Nomor dan Tanggal-Penetapan terisi, tetapi Status-Berlaku: rancangan"), said
    assert "ubah Status-Berlaku menjadi berlaku dan hapus baris Tahap" in said[0].message
    # A draft as drafts are written: nothing to say.
    add(site, "x", regulation("Tata Kelola Posyandu", nomor=None, Tanggal_Penetapan=None, Dokumen=None,
                              Status_Berlaku="rancangan", Tahap="uji publik"), pdf=False)
    assert not [p for p in site.check().warnings if p.path.endswith("regulasi/x.md")]


def test_a_regulation_numbered_in_the_year_it_was_promulgated_and_one_entered_twice(site):
    """Enacted in December, promulgated (and numbered) in January: its Tahun is the
    later year, allowed. A second copy of one regulation is refused as such (a Slug,
    which the duplicate-address message of other types advises, is not a key of regulations)."""
    add(site, "a", regulation("Tata Kelola Posyandu", tahun="2020", Tanggal_Penetapan="2019-12-30", Tanggal_Pengundangan="2020-01-02"))
    assert [str(p) for p in site.check().errors] == []
    add(site, "b", regulation("Tata Kelola Posyandu", tahun="2020", Tanggal_Penetapan="2019-12-30", Tanggal_Pengundangan="2020-01-02"))
    errors = [str(p) for p in site.check().errors]
    # Both copies are told, each naming the other: the one the author just saved may be either.
    assert len(errors) == 2, errors
    assert "regulasi/a.md: Nomor: jenis, nomor dan tahun sama dengan" in errors[0] and "regulasi/b.md; hapus" in errors[0], errors
    assert "regulasi/b.md: Nomor: jenis, nomor dan tahun sama dengan" in errors[1] and "regulasi/a.md; hapus" in errors[1], errors
    assert not any("Slug" in e for e in errors)


@pytest.mark.parametrize("nomor, kind", [("012", "perbup"), ("188.45/77/2024", "kepbup")])
def test_one_regulation_written_with_another_number_is_the_same_regulation(site, nomor, kind):
    """A second file for Perbup 12/2024 whose Nomor is written 012 (or a decree's with and
    without its year) published a second page and a second JDIHN record (its address
    differs); it is the same regulation."""
    first = "12" if kind == "perbup" else "188.45/77"
    add(site, "a", regulation("Tata Kelola Posyandu", jenis=kind, nomor=first, tahun="2024", Tanggal_Penetapan="2024-03-01"))
    add(site, "b", regulation("Tata Kelola Posyandu Desa", jenis=kind, nomor=nomor, tahun="2024", Tanggal_Penetapan="2024-03-01"))
    errors = [str(p) for p in site.check().errors]
    assert len(errors) == 2 and all("jenis, nomor dan tahun sama dengan" in e for e in errors), errors
    assert f"nomornya ditulis {min(first, nomor)} dan {max(first, nomor)}, peraturan yang sama" in errors[0], errors


def test_a_regulation_without_its_promulgation_date_is_warned_about(site):
    """JDIHN got 18 of the sample's 35 records with no date: a Peraturan is promulgated; a
    Keputusan is not, and is not warned about."""
    add(site, "a", regulation("Tata Kelola Posyandu"))
    add(site, "b", regulation("Tim Posyandu", jenis="kepbup", nomor="188.45/7/2019"))
    warned = [(p.path, p.key, p.message) for p in site.check().warnings if p.key == "Tanggal-Pengundangan"]
    assert len(warned) == 1 and warned[0][0].endswith("regulasi/a.md"), warned
    assert "Peraturan Bupati berlaku setelah diundangkan" in warned[0][2]
    add(site, "a", regulation("Tata Kelola Posyandu", Tanggal_Pengundangan="2019-03-04"))
    assert not [p for p in site.check().warnings if p.key == "Tanggal-Pengundangan"]


def test_relations_that_cannot_be_are_refused_or_warned_about(site):
    """An older regulation revoking a newer one, one target both amended and revoked, a
    Perbup amending a Perda, a Peraturan Wali Kota on a kabupaten's site: each passed."""
    add(site, "lama", regulation("Tata Kelola Posyandu", nomor="7", tahun="2019", Mencabut="perbup 12/2024"))
    add(site, "baru", regulation("Tata Kelola Posyandu Desa", nomor="12", tahun="2024", Tanggal_Penetapan="2024-03-01"))
    errors = [(p.path.rsplit("/", 1)[-1], p.key, p.message) for p in site.check().errors]
    assert errors == [("lama.md", "Mencabut", "perbup 12/2024 ditetapkan sesudah peraturan ini; peraturan hanya dapat "
                       "mencabut peraturan yang lebih dahulu: periksa rujukannya (jenis, nomor, tahun)")], errors
    add(site, "lama", regulation("Tata Kelola Posyandu", nomor="7", tahun="2019"))
    add(site, "baru", regulation("Tata Kelola Posyandu Desa", nomor="12", tahun="2024", Tanggal_Penetapan="2024-03-01",
                                 Mengubah="perbup 7/2019", Mencabut="perbup 7/2019"))
    errors = [(p.key, p.message) for p in site.check().errors]
    assert errors == [("Mencabut", "perbup 7/2019 juga ditulis di Mengubah; peraturan yang dicabut tidak lagi diubah: "
                                   "hapus dari salah satunya")], errors
    add(site, "baru", regulation("Tata Kelola Posyandu Desa", nomor="12", tahun="2024", Tanggal_Penetapan="2024-03-01",
                                 Mengubah="perda 3/2016"))
    add(site, "perda", regulation("Kesehatan Ibu dan Anak", jenis="perda", nomor="3", tahun="2016"))
    add(site, "wali", regulation("Tata Kelola Pasar", jenis="perwali", nomor="2", tahun="2020"))
    report = site.check()
    assert [str(p) for p in report.errors] == []
    warned = {(p.path.rsplit("/", 1)[-1], p.key): p.message for p in report.warnings}
    assert "Peraturan Bupati mengubah Peraturan Daerah (perda 3/2016): peraturan yang lebih rendah" in warned[("baru.md", "Mengubah")]
    assert warned[("wali.md", "Jenis")].startswith("Peraturan Wali Kota bukan produk hukum Kabupaten Sukamaju; pilih")


def test_relations_a_draft_or_a_revoked_regulation_may_have(site):
    """A draft amending a regulation of its own year (it is enacted later, whatever it
    names) and an old Perbup revoked without its promulgation date: neither is refused nor
    warned about. A head of agency's decree amending the Bupati's is warned about."""
    add(site, "baru", regulation("Tata Kelola Posyandu", nomor="2", tahun="2025", Tanggal_Penetapan="2025-03-04"))
    add(site, "draf", regulation("Perubahan Tata Kelola Posyandu", nomor=None, tahun="2025", Status_Berlaku="rancangan",
                                 Tahap="uji publik", Tanggal_Penetapan=None, Dokumen=None, Mengubah="perbup 2/2025"))
    add(site, "lama", regulation("Posyandu", nomor="7", tahun="2019", Status_Berlaku="dicabut"))
    report = site.check()
    assert [str(p) for p in report.errors] == []
    assert not [p for p in report.warnings if p.path.endswith(("draf.md", "lama.md"))], [str(p) for p in report.warnings]
    add(site, "kep", regulation("Tim Posyandu", jenis="kepbup", nomor="188.45/7/2025", tahun="2025"))
    add(site, "opd", regulation("Perubahan Tim Posyandu", jenis="kep-opd", nomor="440/3/2025", tahun="2025",
                                OPD="dinkes", Tanggal_Penetapan="2025-04-01", Mengubah="kepbup 188.45/7/2025"))
    warned = {(p.path.rsplit("/", 1)[-1], p.key): p.message for p in site.check().warnings}
    assert "Keputusan Kepala OPD mengubah Keputusan Bupati" in warned[("opd.md", "Mengubah")], warned


def test_a_number_written_with_its_year_is_refused(site):
    """CONTENT.md: a Nomor holding its year is an error (the year is Tahun's): 12/2024 cited
    "Nomor 12/2024 Tahun 2024"; a decree's number that holds its year is its number."""
    for written in ("12/2024", "12 Th. 2024", "12/2024.", "12-2024"):
        add(site, "a", regulation("Tata Kelola Posyandu", nomor=written, tahun="2024"))
        errors = [(p.key, p.message) for p in site.check().errors]
        assert errors and errors[0][0] == "Nomor" and "tulis nomornya saja, mis. 12" in errors[0][1], (written, errors)
    add(site, "a", regulation("Tata Kelola Posyandu", jenis="kepbup", nomor="188.45/77/2024", tahun="2024"))
    assert site.check().errors == []


def test_a_regulation_enacted_or_promulgated_in_days_not_yet_come_is_refused(site):
    """Tanggal-Penetapan 2027 (a mistyped year) went to JDIHN as in force. A draft put on
    the site before its enactment keeps its Date once enacted."""
    add(site, "a", regulation("Tata Kelola Posyandu", nomor="12", tahun="2099", Tanggal_Penetapan="2099-02-01",
                              Date="2026-11-20 10:00"))
    errors = [(p.key, p.message) for p in site.check().errors]
    assert errors and errors[0][0] == "Tanggal-Penetapan" and errors[0][1].startswith("2099-02-01 masih di masa depan"), errors
    add(site, "a", regulation("Tata Kelola Posyandu", nomor="12", tahun="2024", Tanggal_Penetapan="2024-06-10",
                              Date="2024-03-01 09:00"))  # first put on the site as a draft for uji publik
    assert site.check().errors == []

def test_decrees_of_two_opds_may_share_a_number_and_are_told_how_to_tell_them_apart(site):
    """Each OPD numbers its own decrees: two are two decrees, whose addresses clash; the
    author is told to write the whole number, not that one is a copy."""
    kep = dict(jenis="kep-opd", nomor="440/210/2025", tahun="2025", Tanggal_Penetapan="2025-02-03")
    add(site, "a", regulation("Tim Percepatan Penurunan Stunting", OPD="dinkes", **kep))
    add(site, "b", regulation("Tim Pendamping Keluarga", OPD="bpbd", **kep))
    errors = [str(p) for p in site.check().errors]
    assert len(errors) == 2, errors
    assert all("keputusan OPD lain bernomor sama" in e and "kode OPD" in e for e in errors), errors
    assert not any("sama dengan" in e and "hapus salah satunya" in e for e in errors), errors


def test_document_must_be_a_pdf(site):
    site.write("regulasi/x.md", regulation("Tata Kelola Posyandu"))
    site.write("dokumen/regulasi/perbup-7-2019.pdf", b"PK\x03\x04 not a pdf")
    assert any(p.key == "Dokumen" and "bukan berkas PDF" in p.message for p in site.check().errors)
    # A Word file saved with a .pdf name: said to be Word, and how to make the PDF.
    from conftest import word_file

    site.write("dokumen/regulasi/perbup-7-2019.pdf", word_file())
    found = [p.message for p in site.check().errors if p.key == "Dokumen"]
    assert any("isinya berkas Word, bukan PDF" in m for m in found), found


def test_a_decree_whose_pdf_lists_nik_stops_the_build(site):
    """A decree's attachment listing recipients with their NIKs is not published."""
    from conftest import pdf_with_text

    site.write("regulasi/x.md", regulation("Penerima Hibah Rumah Tidak Layak Huni", jenis="kepbup"))
    site.write("dokumen/regulasi/kepbup-7-2019.pdf", pdf_with_text([["LAMPIRAN KEPUTUSAN BUPATI"],
                                                                     ["1. Siti Aminah  NIK 3302015708850002  Karangsari"]]))
    assert any(p.key == "Dokumen" and "berisi nomor mirip NIK (3302…02)" in p.message and p.path.endswith("regulasi/x.md")
               for p in site.check().errors)
    # The author's Izinkan-NIK (the number is no NIK, or lawful to publish) covers the
    # item's documents as it covers its text: the one judgement, said once.
    site.write("regulasi/x.md", regulation("Penerima Hibah Rumah Tidak Layak Huni", jenis="kepbup", Izinkan_NIK="ya"))
    assert not [p for p in site.check().errors if "mirip NIK" in p.message]


def test_scaffold_writes_a_valid_regulation(site):
    from content import registry, scaffold

    reg, _ = registry.load(site.content)
    path = scaffold.new(site.content, "regulasi", "dinkes", "Tata Kelola Posyandu", reg, "Asia/Jakarta", jenis="perbup", nomor="21")
    text = path.read_text()
    for key in ("Title: Tata Kelola Posyandu", "Jenis: perbup", "Nomor: 21", "Status-Berlaku: berlaku", "OPD: dinkes", "Dokumen: dokumen/regulasi/"):
        assert key in text
    pdf = text.split("Dokumen: ")[1].split("\n")[0]
    site.write(pdf, PDF)
    # The scaffold's body is a placeholder the build refuses until the author writes one.
    assert any(p.path.endswith(path.name) and "Tulis isi di sini" in p.message for p in site.check().errors)
    path.write_text(text.split("\n\n")[0] + "\n\nMengatur tata kelola posyandu.\n", encoding="utf-8")
    assert not site.check().errors
    draft = scaffold.new(site.content, "regulasi", "", "Penanggulangan Stunting", reg, "Asia/Jakarta", jenis="perda", **{"status-berlaku": "rancangan"})
    assert "Tahap: " in draft.read_text() and "Nomor" not in draft.read_text()
    draft.write_text(draft.read_text().split("\n\n")[0] + "\n\nRancangan untuk uji publik.\n", encoding="utf-8")
    assert not site.check().errors


def test_sample_site_regulations():
    """The sample site has regulations across the types, amendments, a revocation and
    two drafts, with no error and no reference warning."""
    from conftest import CONF, ROOT
    from content import regulasi
    from pipeline import check
    from content.build import load_settings

    report = check(ROOT / "content", load_settings(CONF))
    assert not report.errors
    regs = [i for i in report.items if i.ctype.slug == "regulasi"]
    assert len(regs) >= 30 and len({i.values["jenis"] for i in regs}) >= 5
    rel = regulasi.derive([i.values for i in regs])
    statuses = [r.status for r in rel]
    assert statuses.count(regulasi.RANCANGAN) == 2
    assert statuses.count(regulasi.DICABUT) >= 1 and statuses.count(regulasi.DIUBAH) >= 2
    # (A regulation that is its OPD's newest kategori f item ages like any berkala item.)
    assert not [w for w in report.warnings if w.path.startswith("content/regulasi") and "perlu diperbarui" not in w.message]


def test_an_enacted_draft_keeps_its_public_consultation_address(site, capsys):
    """A draft published for public consultation (uji publik) takes its Nomor's address once
    enacted: the build says which line keeps the link shared during the consultation, and
    with it that link leads to the enacted regulation."""
    draft = regulation("Penanggulangan Stunting", jenis="perda", nomor=None, tahun="2026", Tanggal_Penetapan=None,
                       Dokumen=None, Status_Berlaku="rancangan", Tahap="uji publik", Date="2026-09-01 10:00")
    add(site, "stunting", draft, pdf=False)
    assert site.build() == 0
    old = "regulasi/2026/perda-rancangan-penanggulangan-stunting/"
    assert "Penanggulangan Stunting" in site.read(old + "index.html")
    capsys.readouterr()
    enacted = regulation("Penanggulangan Stunting", jenis="perda", nomor="4", tahun="2026", Date="2026-09-01 10:00")
    add(site, "stunting", enacted)
    assert site.build() == 0
    err = capsys.readouterr().err
    assert (f"content/regulasi/stunting.md: Alamat-Lama: alamat halaman ini berubah dari /{old} menjadi "
            f"/regulasi/2026/perda-4/; tautan lama yang sudah dibagikan tidak sampai lagi ke sini: tambahkan baris "
            f"Alamat-Lama: /{old}") in err, err
    add(site, "stunting", enacted.replace("\n\n", f"\nAlamat-Lama: https://sukamajukab.go.id/{old}\n\n", 1))
    assert site.build() == 0
    assert "berubah dari" not in capsys.readouterr().err
    assert site.build(SITEURL="https://sukamajukab.go.id") == 0  # with the site map
    moved = page(site, old + "index.html")
    assert moved.xpath('//meta[@http-equiv="refresh"]/@content')[0].endswith("/regulasi/2026/perda-4/")
    link = moved.xpath('//h1/following::a')[0]
    # Named as citizens cite it, with its kind and number.
    assert link.get("href").endswith("/regulasi/2026/perda-4/")
    assert text_of(link).startswith("Peraturan Daerah") and "Nomor 4 Tahun 2026" in text_of(link), text_of(link)
    # ... also in the preview of the old link shared again (WhatsApp reads og:title).
    assert moved.xpath('//meta[@property="og:title"]/@content') == [text_of(link)]
    assert "nomor" in text_of(moved.xpath("//main")[0]).lower()
    assert old not in site.read("sitemap.xml") and "regulasi/2026/perda-4/" in site.read("sitemap.xml")
    # Another type's address, or one whose year is not a year, cannot lead here.
    for wrong in ("/berita/2026/09/stunting/", "/regulasi/perda/perda-4/"):
        add(site, "stunting", enacted.replace("\n\n", f"\nAlamat-Lama: {wrong}\n\n", 1))
        assert any(p.key == "Alamat-Lama" and "bukan alamat produk hukum (bentuknya /regulasi/<tahun>/<jenis>-<slug>/)"
                   in p.message for p in site.check().errors), wrong


def test_a_draft_enacted_into_a_new_file_is_tied_to_its_consultation_address(site, capsys):
    """The draft's file deleted and the enacted regulation written in a file of its own: the
    build names the file gone, its address and the line that keeps the consultation's link."""
    draft = regulation("Penanggulangan Stunting", jenis="perda", nomor=None, tahun="2026", Tanggal_Penetapan=None,
                       Dokumen=None, Status_Berlaku="rancangan", Tahap="uji publik", Date="2026-09-01 10:00")
    add(site, "rancangan-stunting", draft, pdf=False)
    assert site.build() == 0
    capsys.readouterr()
    (site.content / "regulasi/rancangan-stunting.md").unlink()
    enacted = regulation("Penanggulangan Stunting", jenis="perda", nomor="4", tahun="2026", Date="2026-09-01 10:00")
    add(site, "2026-perda-4", enacted)
    assert site.build() == 0
    old = "regulasi/2026/perda-rancangan-penanggulangan-stunting/"
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "berjudul sama" in line]
    assert len(said) == 1 and "content/regulasi/2026-perda-4.md: Alamat-Lama: berkas ini berjudul sama dengan " in said[0]
    assert said[0].endswith(
        "content/regulasi/rancangan-stunting.md, yang tidak ada lagi, dan alamatnya berbeda (dulu /" + old + ", kini "
        "/regulasi/2026/perda-4/); bila ini halaman yang sama, tautan lama yang sudah dibagikan tidak sampai lagi ke "
        "sini: tambahkan baris Alamat-Lama: /" + old), said
    add(site, "2026-perda-4", enacted.replace("\n\n", f"\nAlamat-Lama: /{old}\n\n", 1))
    assert site.build() == 0
    assert "berjudul sama" not in capsys.readouterr().err
    assert "regulasi/2026/perda-4/" in site.read(old + "index.html")
    # A regulation on another subject, written as another draft is deleted: not tied to it.
    add(site, "rancangan-sampah", draft.replace("Penanggulangan Stunting", "Pengelolaan Sampah"), pdf=False)
    assert site.build() == 0
    capsys.readouterr()
    (site.content / "regulasi/rancangan-sampah.md").unlink()
    add(site, "2026-perda-5", regulation("Retribusi Pasar", jenis="perda", nomor="5", tahun="2026"))
    assert site.build() == 0
    assert "berjudul sama" not in capsys.readouterr().err
