"""What search knows beyond a page's words (plugins/search/kamus.py): abbreviations from
the kit's dictionary, the site's content/singkatan.toml and the OPD registry; regulation
number tokens and filters; the vocabulary for typo correction. Built end to end."""

from __future__ import annotations

import json

from conftest import indexed
from search import kamus
from test_regulations import add, regulation


def fragment(site, url_part):
    return next(v for k, v in indexed(site.output).items() if url_part in k)


def test_abbreviations_both_ways_kit_site_and_registry(site):
    site.write("berita/dinkes/lkjip.md", """
        Title: Laporan Kinerja Instansi Pemerintah Dinkes Disusun
        Date: 2026-11-10 09:30
        OPD: bpbd
        Author: Humas BPBD
        Category: Berita

        Penyusunan laporan bersama Dinkes dan tim SIMRS.
        """)
    site.write("singkatan.toml", 'simrs = "sistem informasi manajemen rumah sakit"\n')
    assert site.build() == 0
    page = fragment(site, "laporan-kinerja-instansi")
    kata = page["meta"]["kata"].split()
    assert "qlkjipq" in kata  # kit dictionary: long form → abbreviation
    text = page["content"].lower()
    assert "dinas kesehatan" in text  # registry: Dinkes (body) → Dinas Kesehatan, as indexed text
    assert "badan penanggulangan" not in page["meta"].get("alias", "")  # the page's own OPD: nothing added
    assert "sistem informasi manajemen rumah sakit" in text  # the site's own dictionary
    assert "lkjip" in page["meta"]["alias"] and "qlkjipq" in kata  # from the title: ranks like the title
    assert "qmanajemenq" not in kata  # body forms are not exact tokens: the index stays small


def test_a_broken_site_dictionary_stops_the_build_with_its_path(site, capsys):
    site.write("singkatan.toml", "simrs = 3\n")
    assert site.build() != 0
    out = capsys.readouterr()
    assert "singkatan.toml" in out.out + out.err and "isi dengan teks" in out.out + out.err


def test_regulation_is_indexed_with_its_number_filters_and_status(site):
    add(site, "a", regulation("Retribusi Jasa Umum", jenis="perda", nomor="3", tahun="2010"))
    add(site, "b", regulation("Pajak Daerah dan Retribusi Daerah", jenis="perda", nomor="1", tahun="2024", Mencabut="perda 3/2010"))
    add(site, "c", regulation("Jam Kerja", jenis="se", nomor="100.3/45/2025", tahun="2025"))
    assert site.build() == 0
    old = fragment(site, "regulasi/2010/perda-3/")
    assert old["filters"] == {"tipe": ["Produk Hukum"], "jenis": ["Peraturan Daerah"], "tahun": ["2010"], "berlaku": ["Tidak berlaku"]}
    assert old["meta"]["title"] == "Peraturan Daerah Kabupaten Sukamaju Nomor 3 Tahun 2010 tentang Retribusi Jasa Umum"
    assert "qrperdan3t2010q" in old["meta"]["kata"].split()
    # The page's labels and values stay apart in the indexed text (a result's excerpt).
    assert "Jenis Peraturan Daerah (Perda) Nomor 3 Tahun 2010 Tanggal penetapan 4 Maret 2010 " in old["content"], old["content"]
    se = fragment(site, "regulasi/2025/se-100-3-45-2025/")["meta"]["kata"].split()
    assert {"qrsen100345t2025q", "qrsen1003452025t2025q"} <= set(se)
    cari = (site.output / "cari/index.html").read_text()
    assert "peraturan bupati sukamaju" in cari and "Status produk hukum" in cari
    # Another kind of region's head is named by its kind, not as if this region issued it.
    assert '"peraturan wali kota"' in cari and "peraturan wali kota sukamaju" not in cari


def test_an_event_is_found_by_its_title_and_place_under_its_own_type_and_day(site):
    """An event is searched like a news item: its page in the index as "Agenda", dated
    by its day (not the day it was written), its place among its words."""
    site.write("agenda/bpbd/apel.md", "Title: Apel Kesiapsiagaan Bencana Hidrometeorologi\nOPD: bpbd\n"
               "Mulai: 2027-01-08 07:30\nTempat: Lapangan Kedungjati\n\nApel gelar pasukan.\n")
    assert site.build() == 0
    page = fragment(site, "agenda/2027/01/apel-kesiapsiagaan-bencana-hidrometeorologi/")
    assert page["filters"]["tipe"] == ["Agenda"] and page["filters"]["tahun"] == ["2027"]
    assert page["filters"]["opd"] == ["BPBD"]
    assert page["meta"]["title"] == "Apel Kesiapsiagaan Bencana Hidrometeorologi"
    assert page["meta"]["tanggal"] == "8 Januari 2027"
    assert {"qhidrometeorologiq", "qkedungjatiq"} <= set(page["meta"]["kata"].split())
    assert "Apel gelar pasukan." in page["content"]
    assert '<option value="Agenda">Agenda (1)</option>' in (site.output / "cari/index.html").read_text()
    assert "status" not in page["meta"]
    # A cancelled event's result line says so (as its page does).
    site.write("agenda/bpbd/apel.md", (site.content / "agenda/bpbd/apel.md").read_text().replace(
        "Tempat:", "Pelaksanaan: dibatalkan\nTempat:"))
    assert site.build() == 0
    assert fragment(site, "agenda/2027/01/apel-kesiapsiagaan-bencana-hidrometeorologi/")["meta"]["status"] == "Dibatalkan"


def test_vocabulary_holds_the_site_words_by_first_letter(site):
    assert site.build() == 0
    p = json.loads((site.output / "cari/kosakata/p.json").read_text())
    assert p["posyandu"] >= 2 and all(w.startswith("p") for w in p)
    assert (site.output / "cari/kosakata/q.json").read_text() == "{}"


def test_a_vocabulary_that_cannot_be_written_stops_the_build_and_keeps_the_old_site(site, capsys, monkeypatch):
    assert site.build() == 0
    index = (site.output / "index.html").read_bytes()
    site.write("berita/dinkes/posyandu.md", (site.content / "berita/dinkes/posyandu.md").read_text() + "\nSunting.\n")

    def full(self, output):  # inherited by the process that writes the vocabulary
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kamus.Vocabulary, "write", full)
    assert site.build() != 0
    out = capsys.readouterr()
    assert "kosakata pencarian (cari/kosakata/) tidak dapat ditulis" in out.out + out.err
    assert "No space left on device" in out.out + out.err
    assert (site.output / "index.html").read_bytes() == index


def test_search_data_computed_in_processes_is_what_one_process_computes(site, tmp_path, monkeypatch):
    """A large site's search data is computed in forked processes (search.model): the
    pages, their search fragments, filters and vocabulary are the same."""
    import sys

    from conftest import CONF, ROOT
    from content import build as kbuild
    from search import model

    sys.path.insert(0, str(ROOT / "tools"))
    from sama_persis import differences

    monkeypatch.setattr(model, "PARALLEL_MIN", 10**9)
    assert kbuild.build(CONF, tmp_path / "satu", **site.settings()) == 0
    shares = []
    real = model.fork_start
    monkeypatch.setattr(model, "fork_start", lambda f: shares.append(len(f.args[0])) or real(f))
    monkeypatch.setattr(model, "PARALLEL_MIN", 1)
    assert kbuild.build(CONF, tmp_path / "dua", **site.settings()) == 0
    assert len(shares) == 2 and all(shares)
    assert differences(tmp_path / "satu", tmp_path / "dua") == []


def test_search_data_is_computed_while_the_build_derives_the_rest_and_a_refused_build_leaves_no_process(site, monkeypatch):
    """The search data's processes start before the news items' JSON-LD is made (the
    build derives meanwhile); a build refused in between ends them."""
    import os

    import metadata
    import pytest
    from content.validate import ContentError, Problem
    from search import model

    monkeypatch.setattr(model, "PARALLEL_MIN", 1)
    events, started = [], []
    real_start, real_describe = model.fork_start, metadata._describe
    monkeypatch.setattr(model, "fork_start", lambda f: events.append("cari") or started.append(real_start(f)) or started[-1])
    monkeypatch.setattr(metadata, "_describe", lambda *a, **k: events.append("jsonld") or real_describe(*a, **k))
    assert site.build() == 0
    assert events[:3] == ["cari", "cari", "jsonld"]

    def refuses(*args, **kwargs):
        raise ContentError([Problem("berita/dinkes/posyandu.md", "title", "ditolak untuk uji")])

    events.clear(), started.clear()
    monkeypatch.setattr(metadata, "_describe", refuses)
    (site.content / "berita/dinkes/posyandu.md").write_text(
        (site.content / "berita/dinkes/posyandu.md").read_text(encoding="utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    assert site.build() != 0
    assert started  # the edited item's search data was being computed
    for wait in started:  # gone: neither running nor left unreaped
        with pytest.raises(ChildProcessError):
            os.waitpid(wait.pid, os.WNOHANG)


def test_search_data_follows_the_pages_listed_when_it_is_taken(site, monkeypatch):
    """A page listed after the search data was begun (a derive step that adds one) gets
    its search data too: what is taken is computed for the pages listed then."""
    from conftest import CONF
    from content.build import load_settings
    from search import model
    from test_rendering import _article

    monkeypatch.setattr(model, "PARALLEL_MIN", 1)
    search = model.SearchModel(load_settings(CONF, **site.settings()), {})
    a, b, c = (_article(f"<p>Isi berita {n}.</p>", f"Judul {n}", "umum") for n in "abc")
    search.begin(news=[a, b])
    search.attach(news=[a, b, c])
    assert [path for _, path in search.pages] == [a.save_as, b.save_as, c.save_as]
    assert c.pagefind["title"] == "Judul c"
