"""`invoke import-narasi`: a feed entry becomes a valid narasi tunggal item, its HTML
sanitized; bad sources get an Indonesian message and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, copy_project, runtime_only
from channels import impor
from content import registry, source

FIXTURES = Path(__file__).parent / "fixtures"
YOUTUBE = "https://www.youtube.com/embed/abc123XYZ"

CASES = {
    "atom": dict(
        feed="narasi.atom.xml", opd="dinkes",
        title="Pemerintah Perluas Akses Internet di Desa 3T pada 2027",
        date="2026-11-20 10:15",  # 03:15 UTC
        sumber="Kementerian Komunikasi dan Digital",  # the feed's publisher
        sumber_url="https://www.komdigi.go.id/berita/detail/pemerintah-perluas-akses-internet-desa-3t-2027",
        tags=["narasi tunggal", "infrastruktur digital", "Desa 3T"],
        text=["4.800 desa", "BAKTI", "Prioritas pembangunan", "Desa tanpa sinyal seluler"],
    ),
    "rss": dict(
        feed="narasi.rss.xml", opd="bpbd",
        title="Imunisasi Kejar untuk Anak yang Tertinggal Jadwal",
        date="2026-11-20 06:30",  # Thu 23:30 UTC
        sumber="Kementerian Kesehatan Republik Indonesia",  # the feed's title
        sumber_url="https://kemkes.go.id/id/imunisasi-kejar-anak-tertinggal-jadwal",
        tags=["narasi tunggal", "imunisasi", "kesehatan anak"],
        text=["tertinggal jadwal imunisasi", "Layanan tersedia setiap hari kerja"],
    ),
}


def do_import(site, case, **extra):
    reg, _ = registry.load(site.content)
    return impor.import_entry(
        str(FIXTURES / case["feed"]), site.content, reg, "Asia/Jakarta", opd=case["opd"],
        embed_hosts=("www.youtube.com", "youtube.com"), **extra,
    )


@pytest.mark.parametrize("kind", CASES)
def test_imported_entry_has_the_required_fields_and_builds(site, kind):
    case = CASES[kind]
    result = do_import(site, case)
    assert result.path.parent == site.content / "berita" / case["opd"]
    meta = source.read(result.path).meta
    assert meta["title"] == case["title"]
    assert meta["date"] == case["date"]
    assert meta["opd"] == case["opd"]
    assert meta["author"]
    assert meta["category"] == "Berita"
    assert meta["sumber"] == case["sumber"]
    assert meta["sumber-url"] == case["sumber_url"]
    assert [t.strip() for t in meta["tags"].split(",")] == case["tags"]
    report = site.check()
    assert [str(p) for p in report.errors] == []

    assert site.build(SITEURL="https://contoh.sukamajukab.go.id") == 0
    item = next(i for i in report.items if i.path == result.path.resolve())
    page = site.read(item.url + "index.html")
    tree = lxml.html.fromstring(page)
    body = " ".join(tree.xpath("//main")[0].text_content().split())
    for fragment in case["text"]:
        assert fragment in body
    assert tree.xpath("//head/link[@rel='canonical']/@href") == [case["sumber_url"]]
    assert f"https://contoh.sukamajukab.go.id/{item.url}" in site.read("feeds/narasi-tunggal.atom.xml")
    assert f"/{item.url}" in site.read("narasi-tunggal/index.html")


@pytest.mark.parametrize("kind", CASES)
def test_script_and_event_handlers_are_stripped(site, kind):
    text = do_import(site, CASES[kind]).path.read_text(encoding="utf-8")
    lowered = text.lower()
    for bad in ("<script", "document.cookie", "alert(", "onclick", "onmouseover", "onerror", "javascript:", "<button"):
        assert bad not in lowered, bad
    assert site.build() == 0
    main = lxml.html.fromstring(site.read(next(i.url for i in site.check().items if i.path.name.startswith(("pemerintah", "imunisasi"))) + "index.html")).xpath("//main")[0]
    assert not main.xpath(".//script | .//*[@onclick] | .//*[@onerror] | .//*[@onmouseover]")


def test_a_remote_photo_of_the_source_becomes_a_link_to_it(site):
    text = do_import(site, CASES["rss"]).path.read_text(encoding="utf-8")
    assert "[Foto: Petugas menyuntikkan vaksin](https://kemkes.go.id/img/imunisasi.jpg)" in text
    assert "![" not in text


def test_only_embeds_from_allowed_hosts_survive(site):
    text = do_import(site, CASES["atom"]).path.read_text(encoding="utf-8")
    assert f'<iframe src="{YOUTUBE}"' in text
    assert "iklan.contoh.invalid" not in text
    assert text.count("<iframe") == 1


def test_entri_picks_another_entry_and_summary_is_used_without_content(site):
    result = do_import(site, CASES["atom"], entri=2)
    meta = source.read(result.path)
    assert meta.meta["title"] == "Komdigi Ajak Warga Laporkan Konten Judi Daring"
    assert "aduankonten.id" in meta.body


def test_the_same_original_is_not_imported_twice(site):
    do_import(site, CASES["atom"])
    with pytest.raises(impor.NarasiError, match="sudah pernah diimpor"):
        do_import(site, CASES["atom"])


# --- the task as an author runs it ------------------------------------------------------


def run_task(cwd, *args):
    env = {**os.environ, "PYTHONPATH": runtime_only(Path(cwd) / "plugins")}
    return subprocess.run([sys.executable, "-m", "invoke", "import-narasi", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env)


def test_task_writes_an_item_that_passes_check(tmp_path):
    project = copy_project(tmp_path / "proj")
    result = run_task(project, str(FIXTURES / "narasi.rss.xml"), "--opd", "dinkes")
    assert result.returncode == 0, result.stdout + result.stderr
    written = project / "content/berita/dinkes/imunisasi-kejar-untuk-anak-yang-tertinggal-jadwal.md"
    assert written.is_file()
    # The next command as the README gives it (an author has no `invoke` on the PATH).
    assert "Berkas baru: content/berita/dinkes/" in result.stdout and "jalankan: ./run.sh check" in result.stdout
    check = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True, encoding="utf-8",
                           env={**os.environ, "PYTHONPATH": runtime_only(project / "plugins")})
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    "make_source, message",
    [
        (lambda d: str(d / "tidak-ada.xml"), "berkas tidak ditemukan"),
        (lambda d: _write(d / "halaman.html", "<html><body><p>Bukan umpan</p></body></html>"), "bukan umpan Atom atau RSS"),
        (lambda d: _write(d / "kosong.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Kosong</title>'
                          "<link>https://contoh.go.id/</link><description>x</description></channel></rss>"),
         "umpan tidak berisi entri"),
        (lambda d: "http://127.0.0.1:9/umpan.xml", "tidak dapat dihubungi"),
    ],
)
def test_task_errors_are_indonesian_without_traceback(tmp_path, make_source, message):
    result = run_task(ROOT, make_source(tmp_path))
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.startswith("Gagal: ")
    assert "Traceback" not in result.stderr + result.stdout


def test_task_refuses_an_entry_out_of_range_and_an_unknown_opd():
    out_of_range = run_task(ROOT, str(FIXTURES / "narasi.atom.xml"), "--entri", "9")
    assert out_of_range.returncode == 1 and "berisi 2 entri, pilih 1 sampai 2" in out_of_range.stderr
    unknown = run_task(ROOT, str(FIXTURES / "narasi.atom.xml"), "--opd", "dishub")
    assert unknown.returncode == 1 and "\"dishub\" tidak terdaftar" in unknown.stderr


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)
