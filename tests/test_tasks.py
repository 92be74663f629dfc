"""The tasks as an author runs them: `invoke new`, `invoke check`, `invoke serve`, and the guide."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, indexed, runtime_only, share_image_cache
from nginx_helper import free_port
from content import guide, scaffold

INVOKE = [sys.executable, "-m", "invoke"]


@pytest.fixture
def project(tmp_path):
    """A copy of the project with the sample content, so tasks can write into it."""
    dest = tmp_path / "proj"
    copy_project(dest)
    share_image_cache(dest)
    return dest


def run(project, *args):
    env = {**os.environ, "PYTHONPATH": runtime_only(project / "plugins")}
    return subprocess.run(INVOKE + list(args), cwd=project, capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    "args",
    [
        ["new", "berita", "--opd", "dinkes", "--judul", "Vaksinasi Anak Sekolah di Sukamaju"],
        ["new", "dip", "--opd", "bpbd", "--judul", "Rencana Kontinjensi Gempa", "--jenis", "berkala", "--kategori", "peringatan-dini"],
        ["new", "dip", "--opd", "bpbd", "--judul", "Daftar Aset Logistik", "--jenis", "setiap-saat"],
        ["new", "agenda", "--opd", "dinkes", "--judul", "Rapat Koordinasi Posyandu", "--mulai", "2027-01-12 09:00"],
    ],
)
def test_new_scaffolds_a_file_that_passes_check_once_its_placeholders_are_filled(project, args):
    result = run(project, *args)
    assert result.returncode == 0, result.stderr
    created = project / result.stdout.split("Berkas baru: ")[1].splitlines()[0]
    text = created.read_text()
    assert f"OPD: {args[3]}" in text
    assert args[5] in text
    # The scaffold's text would publish as it is: check refuses it, naming file and key.
    checked = run(project, "check")
    assert checked.returncode == 1
    rel = created.relative_to(project).as_posix()
    assert f"{rel}: isi: masih berisi teks contoh 'Tulis isi di sini'" in checked.stdout
    # As a draft it is only a warning.
    created.write_text(text.replace("\n\n", "\nStatus: draft\n\n", 1))
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"PERINGATAN {rel}: isi: masih berisi teks contoh" in checked.stdout
    filled = "\n".join(
        line.split(":")[0] + ": Kecamatan Karangsari" if "[ISI:" in line else line for line in text.splitlines()
    ).replace("Tulis isi di sini. Paragraf pertama menjadi ringkasan.", "Isi yang sebenarnya.")
    created.write_text(filled + "\n")
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # Nothing said of it but, for a berkala entry of one line, that it has no document yet.
    said = [ln for ln in checked.stdout.splitlines() if rel in ln and "entri berkala ini tanpa Dokumen atau Tautan" not in ln]
    assert "Konten sah" in checked.stdout and not said, said


def test_new_dik_lists_the_exemption_fields_for_the_author_to_fill(project):
    result = run(project, "new", "dip", "--opd", "bpbd", "--judul", "Data Korban", "--jenis", "dikecualikan")
    assert result.returncode == 0, result.stderr
    checked = run(project, "check")
    assert checked.returncode == 1
    for key in ("Dasar-Hukum", "Alasan", "Uji-Konsekuensi", "Berlaku-Hingga"):
        assert f"data-korban.md: {key}: wajib diisi" in checked.stdout
    # The signed consequence test's PDF has its line, to fill in or leave empty; an open entry has none.
    written = next((project / "content" / "dip" / "bpbd").glob("*data-korban.md")).read_text()
    assert "\nDokumen-Uji-Konsekuensi:\n" in written and "Dokumen-Uji-Konsekuensi:" not in checked.stdout
    assert run(project, "new", "dip", "--opd", "bpbd", "--judul", "Profil", "--jenis", "berkala", "--kategori", "profil").returncode == 0
    assert "Dokumen-Uji-Konsekuensi" not in next((project / "content" / "dip" / "bpbd").glob("*profil.md")).read_text()


def test_new_refuses_an_unknown_opd(project):
    result = run(project, "new", "berita", "--opd", "dinkesx", "--judul", "X")
    assert result.returncode == 2
    assert "OPD \"dinkesx\" tidak terdaftar" in result.stderr + result.stdout


def test_new_agenda_checks_the_start_it_is_given(project):
    wrong = run(project, "new", "agenda", "--opd", "dinkes", "--judul", "Rapat", "--mulai", "20-12-2026")
    assert wrong.returncode == 2
    assert ("--mulai: \"20-12-2026\" bukan tanggal dan jam yang sah; tulis 2026-12-20 lalu jamnya, mis. 2026-12-20 09:00 "
            "(bentuknya YYYY-MM-DD HH:MM)") in wrong.stdout + wrong.stderr
    other = run(project, "new", "berita", "--opd", "dinkes", "--judul", "Rapat", "--mulai", "2026-12-20 09:00")
    assert other.returncode == 2 and "--mulai hanya untuk agenda" in other.stdout + other.stderr
    assert not list((project / "content").rglob("*-rapat.md"))


def test_new_takes_an_opd_in_capitals_as_its_slug(project):
    made = run(project, "new", "berita", "--opd", "DINKES", "--judul", "Rapat Posyandu")
    assert made.returncode == 0, made.stdout + made.stderr
    created = project / made.stdout.split("Berkas baru: ")[1].splitlines()[0]
    assert "OPD: dinkes\n" in created.read_text() and "/dinkes/" in created.as_posix()


def test_new_names_the_option_the_author_typed(project):
    """A regulation's title given with "tentang": said for --judul (it said --title, an
    option that does not exist)."""
    wrong = run(project, "new", "regulasi", "--jenis", "perbup", "--nomor", "12", "--judul", "Tentang Sesuatu")
    assert wrong.returncode == 2
    said = wrong.stdout + wrong.stderr
    assert "--judul: tulis tanpa kata \"tentang\" di depan, mis. Sesuatu" in said and "--title" not in said, said


def test_new_regulation_is_the_region_s_head_s_by_default(project):
    """A kota's `new regulasi` wrote "Jenis: perbup" (a Peraturan Bupati of a city, built
    with a warning only); without --jenis it is the head's own regulation."""
    made = run(project, "new", "regulasi", "--nomor", "7", "--judul", "Penyelenggaraan Keterbukaan Informasi Publik")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "\nJenis: perbup\n" in (project / made.stdout.split("Berkas baru: ")[1].splitlines()[0]).read_text()
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nSITENAME_SHORT = "Kota Mekarsari"\n', encoding="utf-8")
    made = run(project, "new", "regulasi", "--nomor", "8", "--judul", "Penyelenggaraan Keterbukaan Informasi Publik")
    assert made.returncode == 0, made.stdout + made.stderr
    created = project / made.stdout.split("Berkas baru: ")[1].splitlines()[0]
    assert "\nJenis: perwali\n" in created.read_text() and created.name.endswith("-perwali-8.md"), created
    # Another kind of region's head's regulation is refused, naming the region's own.
    wrong = run(project, "new", "regulasi", "--jenis", "perbup", "--nomor", "99", "--judul", "Penataan Pasar")
    assert wrong.returncode == 2
    assert ("--jenis perbup: Peraturan Bupati bukan produk hukum Kota Mekarsari; pilihan: perda, perwali, pergub, kepwali"
            in wrong.stdout + wrong.stderr), wrong.stdout + wrong.stderr
    assert not list((project / "content/regulasi").glob("*-perbup-99.md"))


def test_build_task_refuses_bad_content_and_keeps_output(project):
    assert run(project, "build").returncode == 0
    index = (project / "output/index.html").read_bytes()
    bad = project / "content/berita/dinkes/rusak.md"
    bad.write_text("Title: Rusak\nOPD: dinkes\n\nIsi.\n")
    result = run(project, "build")
    assert result.returncode == 1
    assert "content/berita/dinkes/rusak.md: Date: wajib diisi" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "output/index.html").read_bytes() == index


def test_build_task_explains_a_template_typo_in_indonesian_and_keeps_output(project):
    assert run(project, "build").returncode == 0
    index = (project / "output/index.html").read_bytes()
    template = project / "theme/templates/page.html"
    good = template.read_text()
    template.write_text(good.replace("{% endblock %}", "{% endblok %}", 1))
    result = run(project, "build")
    assert result.returncode == 1
    assert "Templat tidak dapat dipakai." in result.stderr
    assert "theme/templates/page.html, baris 3: tag 'endblok' tidak dikenal" in result.stderr
    assert "blok {% block %} sebelumnya belum ditutup (kurang {% endblock %}?)" in result.stderr  # what Jinja looked for
    assert re.search(r"^  > 3 \| .*\{% endblok %\}", result.stderr, re.M), result.stderr  # the line itself
    assert "Traceback" not in result.stderr and "--jejak" in result.stderr
    assert "Situs lama di output tidak diubah." in result.stderr
    assert (project / "output/index.html").read_bytes() == index
    # A web team asks for Python's own account.
    traced = run(project, "build", "--jejak")
    assert traced.returncode != 0 and "TemplateSyntaxError" in traced.stderr
    # A plugin error names the plugin's file and line.
    template.write_text(good)
    plugin = project / "plugins/share/__init__.py"
    plugin.write_text(plugin.read_text().replace("def derive(run", "def derive(run, generators):\n    1 / 0\n\n\ndef _asli(run", 1))
    result = run(project, "build")
    assert result.returncode == 1, result.stderr
    assert "Galat pada kode plugin." in result.stderr and "plugins/share/__init__.py, baris" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "output/index.html").read_bytes() == index


@pytest.mark.parametrize("template", ["base.html", "event.html", "article.html"])
def test_a_template_missing_from_the_theme_is_named_not_replaced_by_pelicans_own(project, template):
    """Pelican fell back on its own "simple" theme: without base.html the site was built
    in Pelican's look without a word; without event.html a plugin was blamed in English."""
    assert run(project, "build").returncode == 0
    index = (project / "output/index.html").read_bytes()
    (project / "theme/templates" / template).unlink()
    result = run(project, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Templat tidak dapat dipakai." in result.stderr
    assert f"templat {template} tidak ditemukan di theme/templates/" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "output/index.html").read_bytes() == index


@pytest.mark.parametrize("line, said", [
    ('TIMEZONE = "Asia/Jakartaa"', "pelicanconf.py: TIMEZONE: harus zona waktu daerah: \"Asia/Jakarta\" (WIB), "),
    ('PATH = "konten"', "pelicanconf.py: PATH: folder konten 'konten' tidak ada"),
    ('THEME = "tema"', "pelicanconf.py: THEME: folder tema 'tema' tidak ada"),
    ('CEPAT_WORKERS = "dua"', "pelicanconf.py: CEPAT_WORKERS: harus berupa bilangan bulat"),
    ('SITENAME = None', "pelicanconf.py: SITENAME: harus teks, mis. \"Portal Resmi Pemerintah Kabupaten Contoh\"; tertulis None"),
    # A one-item tuple without its comma is a string: security.txt had a "Contact:" line per letter.
    ('SECURITY_CONTACT = ("mailto:csirt@sukamajukab.go.id")', "pelicanconf.py: SECURITY_CONTACT: harus daftar alamat diawali "
     "mailto:, https:// atau tel:, dalam kurung dengan koma di akhir"),
    ('SECURITY_CONTACT = ("csirt@sukamajukab.go.id",)', "tertulis ('csirt@sukamajukab.go.id',)"),
    ('SOCIAL = (("Instagram", "https://www.instagram.com/sukamaju"))', "pelicanconf.py: SOCIAL: harus daftar pasangan (nama, "
     "alamat https://)"),
    ('NEWS_CATEGORIES = ("Berita")', "pelicanconf.py: NEWS_CATEGORIES: harus daftar nama jenis berita dengan koma di akhir"),
    # A domain written as an address: https://https://… in every canonical link.
    ('SITE_DOMAIN = "https://sukamajukab.go.id/"', "pelicanconf.py: SITE_DOMAIN: harus nama domain saja, tanpa https://"),
    ('SITE_EMAIL = "ppid sukamajukab.go.id"', "pelicanconf.py: SITE_EMAIL: harus alamat surel lengkap"),
    ('SITE_PHONE = 282521001', "pelicanconf.py: SITE_PHONE: harus teks dalam tanda kutip"),
    ('PLUGINS += ["tautan_rusak"]', "pelicanconf.py: PLUGINS: plugin 'tautan_rusak' tidak ditemukan di plugins; periksa ejaannya"),
    ('REDAKSI_BERKAS_MAKS_MB = "tiga puluh"', "pelicanconf.py: REDAKSI_BERKAS_MAKS_MB: harus berupa angka megabita lebih dari 0, mis. 30"),
])
def test_a_wrong_setting_is_said_against_the_settings_file(project, line, said):
    """Pelican's English refusals (a content or theme folder missing), an unknown time zone
    and a count written as a word were blamed on the kit's plugins, in English."""
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    # Refused when the settings are read, or by the step that uses the setting: either way as settings.
    assert ("Pengaturan tidak dapat dipakai; situs belum dibangun ulang." in result.stderr
            or "Build dihentikan: 1 kesalahan pada pengaturan." in result.stderr), result.stderr
    assert said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "plugins/" not in result.stderr


def test_a_wrong_setting_is_annotated_in_ci_on_its_line(project):
    """`check --format github` in CI: a setting refused is an annotation on its line of
    pelicanconf.py, as a content problem is on its file's."""
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nSECURITY_CONTACT = ("mailto:csirt@sukamajukab.go.id")\n',
                    encoding="utf-8")
    line = len(conf.read_text(encoding="utf-8").splitlines())
    result = run(project, "check", "--format", "github")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"::error file=pelicanconf.py,line={line},title=SECURITY_CONTACT::SECURITY_CONTACT: harus daftar alamat" in result.stdout, \
        result.stdout + result.stderr


def test_a_settings_file_notepad_saved_or_an_address_without_its_scheme_is_said(project):
    """What a Diskominfo's own machine or CI does to the settings: pelicanconf.py saved by
    Notepad as "Unicode" or ANSI, a phone number as a bare number, a CI variable SITEURL
    without https:// (463 link errors blamed on content). Each said against the settings,
    in Indonesian, with `check` as with `build`; the line of the setting named."""
    conf = project / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith("SITE_PHONE"))
    cases = [
        (text.encode("utf-16"), "pelicanconf.py: berkas pengaturan tersimpan sebagai UTF-16 (di Notepad: \"Unicode\"), bukan UTF-8"),
        (text.replace("SITE_PHONE = ", "SITE_PHONE = 0282521001  # ").encode(),
         f"pelicanconf.py, baris {line}: angka tidak boleh diawali 0: nomor telepon, kode pos dan sejenisnya ditulis sebagai teks"),
        (text.replace("SITE_PHONE = \"", "SITE_PHONE = \"Désa ").encode("cp1252", "replace"),
         f"pelicanconf.py, baris {line}: berkas tidak tersimpan sebagai UTF-8 (byte 0xe9, mis. huruf é dari ANSI/Windows-1252)"),
    ]
    for body, said in cases:
        conf.write_bytes(body)
        for task in ("check", "build"):
            result = run(project, task)
            assert result.returncode == 1 and said in result.stderr, result.stderr
            assert "Traceback" not in result.stderr and "(pesan asli)" not in result.stderr
    conf.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": runtime_only(project / "plugins"), "SITEURL": "sukamajukab.go.id"}
    result = subprocess.run(INVOKE + ["publish"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("publishconf.py: SITEURL: harus alamat lengkap situs diawali https://, mis. https://contohkab.go.id; tertulis "
            "'sukamajukab.go.id' (dari variabel lingkungan SITEURL, mis. variabel CI)") in result.stderr, result.stderr
    assert "Pengaturan tidak dapat dipakai" in result.stderr and "tautan" not in result.stderr


@pytest.mark.parametrize("line, said, english", [
    ('SITEURL = "https://sukamajukab.go.id/"', "pelicanconf.py: SITEURL: garis miring '/' di akhir alamat dibuang", "Removed extraneous"),
    ('STATIC_PATHS = "gambar"', 'pelicanconf.py: STATIC_PATHS: harus berupa daftar, mis. STATIC_PATHS = ["gambar"], bukan teks',
     "Detected misconfiguration"),
    ('LOCALE = ("id_XX.UTF-8",)', "pelicanconf.py: LOCALE: tidak satu pun locale yang disebut terpasang di komputer ini",
     "Locale could not be set"),
    ("FILENAME_METADATA = 5", "pelicanconf.py: FILENAME_METADATA: harus berupa teks, tertulis 5; nilai bawaannya", "Detected misconfigured"),
    ('FEED_ALL_ATOM = "feeds/semua.atom.xml"', "pengaturan: umpan (feed) dibuat tanpa SITEURL", "Feeds generated without"),
])
def test_pelicans_warnings_on_the_settings_are_said_in_indonesian(project, line, said, english):
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert said in out, out
    assert english not in out


def test_author_guide_tables_match_the_schema():
    text = (ROOT / "docs/panduan-penulis.md").read_text(encoding="utf-8")
    assert guide.render(text) == text, "run `invoke docs` to regenerate the guide's tables"
    for block in guide.blocks():
        assert f"<!-- skema:{block} -->" in text


def test_what_the_guide_says_of_a_future_date_is_what_the_type_does():
    """The Status row of each type's table (and its editor hint) says a future date holds
    the item back only for a type the build holds back (``ContentType.scheduled``, whose
    builds tests/test_build.py and tests/test_agenda.py check): an event is published at
    once, a page has no date."""
    from content.schema import CONTENT_TYPES

    for ctype in CONTENT_TYPES.values():
        status = next((f for f in ctype.fields if f.key == "Status"), None)
        if status is None:
            continue
        held = bool(ctype.date_key) and ctype.scheduled
        for text in (status.help, status.form_help):
            assert ("baru terbit pada tanggal itu" in text) == held, (ctype.slug, text)


def test_scaffold_fields_are_the_required_ones():
    from content.schema import DIP

    fields = [f.key for f in scaffold.fields_for(DIP, {"jenis": "berkala", "title": "x", "opd": "x"})]
    assert fields == ["Title", "Jenis", "Kategori", "OPD", "Penanggung-Jawab", "Waktu-Pembuatan", "Tempat-Pembuatan", "Bentuk", "Retensi", "Date"]
    assert Path(ROOT / "content/opd.toml").is_file()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def until(check, what: str, timeout: float = 120):
    """Poll ``check`` until it is true; the server rebuilds in the background."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if check():
                return
        except OSError:  # a rebuild is swapping output/ in
            pass
        time.sleep(0.25)
    raise AssertionError(f"tidak terjadi dalam {timeout} detik: {what}")


def test_serve_rebuilds_on_edit_addition_and_deletion(project):
    """`invoke serve` on a real loopback server: what an editor saves shows up in the
    page, the news list and the search index, and a deleted item is gone."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": runtime_only(project / "plugins")}
    server = subprocess.Popen(INVOKE + ["serve", "--port", str(port)], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        until(lambda: fetch(base)[0] == 200, "build pertama dan server siap", timeout=600)
        news = project / "content/berita/dinkes/pekan-imunisasi-posyandu-karangsari.md"
        page = next(p for p in (project / "output/berita/2025/04").glob("*/index.html") if "1.240 Balita" in p.read_text())
        url = base + page.parent.relative_to(project / "output").as_posix() + "/"

        news.write_text(news.read_text() + "\nVaksin tambahan tiba di Puskesmas Wanadadi pagi tadi.\n")
        until(lambda: "Vaksin tambahan tiba di Puskesmas Wanadadi" in fetch(url)[1], "suntingan tampil")
        path = url[len(base) - 1:]
        until(lambda: "Vaksin tambahan tiba" in indexed(project / "output").get(path, {}).get("content", ""), "suntingan dapat dicari")

        added = project / "content/berita/dinkes/posbindu-lansia-wanadadi.md"
        added.write_text("Title: Posbindu Lansia Digelar di Wanadadi\nDate: 2026-11-21 09:00\nOPD: dinkes\n"
                         "Author: Humas Dinkes\nCategory: Berita\n\nPemeriksaan kesehatan lansia di balai desa.\n")
        added_url = base + "berita/2026/11/posbindu-lansia-digelar-di-wanadadi/"
        until(lambda: fetch(added_url)[0] == 200, "berita baru tampil")  # its own page first (preview.quick)
        until(lambda: "Posbindu Lansia Digelar di Wanadadi" in fetch(base + "berita/")[1], "berita baru di daftar")

        added.unlink()
        until(lambda: fetch(added_url)[0] == 404, "berita yang dihapus hilang")
        assert "Posbindu Lansia" not in fetch(base + "berita/")[1]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            log = server.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[0]
    assert "Traceback" not in log, log
    assert log.count("Perubahan terdeteksi") >= 3, log
