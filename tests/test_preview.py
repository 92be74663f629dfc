"""The preview (`invoke serve`) on a real loopback server, as a web team uses it: it
survives broken templates, settings and plugins, shows the error as a page, runs a
changed plugin's new code, and ends equal to a clean build."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, runtime_only
from nginx_helper import free_port
from test_tasks import INVOKE, project, until  # noqa: F401 - project is a fixture

from preview import failure
from readcounts import store

EVENT = "agenda/2026/12/apel-kesiapsiagaan-menghadapi-bencana-hidrometeorologi-2026-2027/"
NEWS = "content/berita/dinkes/pekan-imunisasi-posyandu-karangsari.md"


class Preview:
    """`invoke serve` in a copy of the project; its terminal output is collected."""

    def __init__(self, project: Path):
        self.project = project
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "PYTHONPATH": runtime_only(project / "plugins"), "SOURCE_DATE_EPOCH": EPOCH, "PYTHONUNBUFFERED": "1",
               "PRATINJAU_LAMA": "5"}  # a build running 5 s is said to be still running (60 by default)
        self.proc = subprocess.Popen(INVOKE + ["serve", "--port", str(self.port)], cwd=project, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True)
        self.reader.start()

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def get(self, path: str) -> tuple[int, str]:
        """Status and body, error pages included."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except OSError:
            return 0, ""

    def wait_log(self, text: str, after: int, what: str, timeout=180):
        until(lambda: text in "".join(self.lines[after:]), what, timeout)
        return len(self.lines)

    def settle(self, quiet=3.0):
        """Wait until the last build, search index included, is done and nothing follows."""
        def idle():
            seen = len(self.lines)
            if not self.lines or not self.lines[-1].startswith("Selesai"):
                return False
            time.sleep(quiet)
            return len(self.lines) == seen
        until(idle, "pratinjau selesai membangun")

    def worker_pid(self) -> int:
        """The build process the preview started (its child running preview.worker)."""
        for entry in Path("/proc").iterdir():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            if parent == self.proc.pid and b"preview.worker" in command:
                return int(entry.name)
        raise AssertionError("proses build pratinjau tidak ditemukan")

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)  # its last lines collected


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_event(base: str) -> str:
    """The first message of the preview's event stream (what the reload script listens to)."""
    conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1].strip("/")), timeout=10)
    try:
        conn.request("GET", "/__pratinjau/peristiwa")
        response = conn.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        while True:
            line = response.fp.readline().decode()
            if line.startswith("data:"):
                return line.split(":", 1)[1].strip()
    finally:
        conn.close()


def test_preview_survives_errors_runs_new_plugin_code_and_ends_equal_to_a_clean_build(project):
    preview = Preview(project)
    try:
        until(lambda: preview.get("")[0] == 200, "build pertama dan server siap", timeout=600)
        # Every page served carries the reload script, naming the build it shows (read once
        # the first build, search index included, is done: the page may show before it).
        preview.settle()
        status, home = preview.get("")
        shown = re.search(r'<script src="/__pratinjau/muat-ulang.js" data-versi="(\d+)" data-sidik="(\w+)"></script></body>', home)
        assert shown, home[-300:]
        assert first_event(preview.base) == shown.group(1)
        assert "EventSource" in preview.get("__pratinjau/muat-ulang.js")[1]
        # The page's digest as the script asks for it (it reloads only when that changed).
        assert preview.get("__pratinjau/sidik?jalur=%2F")[1] == shown.group(2)

        # 1. A Jinja syntax error in a template: an error page naming file and line, no traceback.
        article = project / "theme/templates/article.html"
        original = article.read_text(encoding="utf-8")
        line_no = next(i for i, ln in enumerate(original.splitlines(), 1) if "{% block content %}" in ln)
        mark = len(preview.lines)
        edit(article, "{% block content %}", "{% block content %}{% if %}")
        preview.wait_log("GAGAL", mark, "galat templat dilaporkan")
        status, page = preview.get("berita/")
        assert status == 500
        assert f"theme/templates/article.html, baris {line_no}" in page
        assert "Templat tidak dapat dipakai" in page and "muat-ulang.js" in page
        # ... and the broken line itself, marked among its neighbours, as the file reads now.
        marked = re.search(r"<mark>\s*(\d+) \| (.*)</mark>", page)
        assert marked and int(marked.group(1)) == line_no, page
        assert "{% block content %}{% if %}" in html.unescape(marked.group(2))
        assert preview.get("")[0] == 500  # every page: not the stale site
        assert preview.proc.poll() is None

        # 2. Fixed: the site comes back.
        article.write_text(original, encoding="utf-8")
        until(lambda: preview.get("berita/")[0] == 200, "situs kembali setelah templat diperbaiki")

        # 2b. A template loop that never ends: the build runs on; the template saved again
        # (fixed) drops the stuck build and the site comes back.
        mark = len(preview.lines)
        edit(article, "{% block content %}", "{% block content %}{% for i in range(10**12) %}{% endfor %}")
        preview.wait_log("Build masih berjalan", mark, "build yang tak kunjung selesai disebut", timeout=120)
        article.write_text(original, encoding="utf-8")
        preview.wait_log("Templat berubah saat build berjalan terlalu lama", mark, "build macet dihentikan")
        until(lambda: preview.get("berita/")[0] == 200, "situs kembali setelah perulangan templat diperbaiki")
        # 2c. The same loop fixed at once, before the build was said to run long: no second save.
        # The fix must land after the build has read the loop: on a busy machine the build may
        # reach the template only after the fix (it then ends as usual), so it is tried again
        # with a longer pause, each still short of the build's notice.
        for pause in (1, 2, 3):
            preview.settle()
            mark = len(preview.lines)
            edit(article, "{% block content %}", "{% block content %}{% for i in range(10**12) %}{% endfor %}")
            preview.wait_log("Perubahan terdeteksi: theme/templates/article.html", mark, "build dengan perulangan dimulai")
            time.sleep(pause)  # the build is in the loop
            article.write_text(original, encoding="utf-8")
            until(lambda: any("templat sudah diubah lagi" in ln or ln.startswith("Selesai") for ln in preview.lines[mark:]),
                  "build macet dihentikan tanpa simpan kedua", timeout=60)
            if any("templat sudah diubah lagi" in ln for ln in preview.lines[mark:]):
                break
        else:
            raise AssertionError("build dengan perulangan tidak pernah dihentikan tanpa simpan kedua")
        until(lambda: preview.get("berita/")[0] == 200, "situs kembali setelah perulangan diperbaiki sebelum disebut")

        # 3. An undefined macro, then fixed.
        edit(article, "{% block content %}", "{% block content %}{{ kartu_tidak_ada(article) }}")
        until(lambda: "kartu_tidak_ada" in preview.get("")[1], "macro tak dikenal tampil sebagai halaman galat")
        assert "'kartu_tidak_ada' tidak dikenal" in html.unescape(preview.get("")[1])
        article.write_text(original, encoding="utf-8")
        until(lambda: preview.get("")[0] == 200, "situs kembali")

        # 4. A broken setting, then fixed.
        conf = project / "pelicanconf.py"
        conf_text = conf.read_text(encoding="utf-8")
        conf.write_text(conf_text + "\nMENU_BARU = (\n", encoding="utf-8")
        until(lambda: "pelicanconf.py, baris" in preview.get("")[1], "galat pengaturan tampil")
        conf.write_text(conf_text, encoding="utf-8")
        until(lambda: preview.get("")[0] == 200, "situs kembali setelah pengaturan diperbaiki")

        # 5. Content an author got wrong: the validation message, then fixed.
        bad = project / "content/berita/dinkes/rusak.md"
        bad.write_text("Title: Rusak\nOPD: dinkes\nDate: kemarin sore\n\nIsi.\n", encoding="utf-8")
        # The file, the key, what is wrong and the line the key is on.
        said = re.compile(r"content/berita/dinkes/rusak\.md: Date: [^<]*tanggal[^<]* \(baris 3\)")
        until(lambda: said.search(preview.get("berita/")[1]), "galat konten tampil")
        assert "<mark>   3 | Date: kemarin sore</mark>" in preview.get("berita/")[1]  # the file's lines, its line marked
        assert "cepat:" not in preview.get("berita/")[1]  # the build's progress lines are no problem
        bad.unlink()
        until(lambda: preview.get("berita/")[0] == 200, "situs kembali setelah konten diperbaiki")

        # 6. A plugin breaks (reported with file and line), then changes: the new code runs.
        schedule = project / "plugins/agenda/schedule.py"
        code = schedule.read_text(encoding="utf-8")
        schedule.write_text(code + "\ndef rusak(:\n", encoding="utf-8")
        until(lambda: "plugins/agenda/schedule.py, baris" in preview.get(EVENT)[1], "galat plugin tampil")
        assert "Galat pada kode plugin" in preview.get(EVENT)[1]
        # A plugin that prints (no line end, bytes that are no UTF-8) before it fails: its
        # output reaches the terminal and its failure the page (the answer after the text
        # was lost, and the preview waited for it for ever).
        schedule.write_text(code + '\nimport sys\nprint("debug agenda", end="", flush=True)\n'
                                   'sys.stdout.buffer.write(b"laporan \\xff")\nsys.stdout.flush()\n'
                                   'raise ValueError("uji keluaran")\n', encoding="utf-8")
        until(lambda: "uji keluaran" in preview.get(EVENT)[1], "galat plugin yang mencetak tampil")
        assert "debug agenda" in preview.log
        # A plugin that never ends: the terminal says the build is still running; saved again, it restarts.
        mark = len(preview.lines)
        schedule.write_text(code + "\nwhile True:\n    pass\n", encoding="utf-8")
        preview.wait_log("Build masih berjalan", mark, "build yang tak kunjung selesai disebut", timeout=60)
        # A plugin that ends the build process: the page names the code saved last.
        schedule.write_text(code + "\nimport sys\nsys.exit(3)\n", encoding="utf-8")
        until(lambda: "kode yang terakhir diubah: plugins/agenda/schedule.py" in preview.get(EVENT)[1], "proses build berhenti: kodenya disebut")
        assert "kode keluar 3" in preview.get(EVENT)[1]
        schedule.write_text(code, encoding="utf-8")
        until(lambda: "Akan datang" in preview.get(EVENT)[1], "situs kembali setelah plugin diperbaiki")
        edit(schedule, '"mendatang": "Akan datang"', '"mendatang": "Segera digelar"')
        until(lambda: "Segera digelar" in preview.get(EVENT)[1], "perilaku plugin yang baru tampil")

        # 7. Content: edit (its page is written ahead of the build, preview.quick), add, delete.
        preview.settle()
        news = project / NEWS
        mark = len(preview.lines)
        news.write_text(news.read_text(encoding="utf-8") + "\nVaksin tambahan tiba di Puskesmas Wanadadi.\n", encoding="utf-8")
        until(lambda: "Vaksin tambahan tiba" in preview.get("berita/2025/04/" + _slug_dir(project, "1.240 Balita"))[1],
              "suntingan tampil")
        preview.wait_log("Halaman yang disunting tampil dalam", mark, "halaman sekilas")
        added = project / "content/berita/dinkes/posbindu-lansia-wanadadi.md"
        added.write_text("Title: Posbindu Lansia Digelar di Wanadadi\nDate: 2026-11-21 09:00\nOPD: dinkes\n"
                         "Author: Humas Dinkes\nCategory: Berita\n\nPemeriksaan kesehatan lansia di balai desa.\n",
                         encoding="utf-8")
        until(lambda: preview.get("berita/2026/11/posbindu-lansia-digelar-di-wanadadi/")[0] == 200, "berita baru tampil")
        added.unlink()
        until(lambda: preview.get("berita/2026/11/posbindu-lansia-digelar-di-wanadadi/")[0] == 404, "berita terhapus hilang")
        # The page shows before the search index catches up; a build ends with "Selesai".
        preview.settle()

        # 8. An editor's lock file beside an open file (Emacs: a link to nothing) is no content.
        os.symlink("staf@komputer.4242:1733380000", project / "content/berita/dinkes/.#pekan-imunisasi-posyandu-karangsari.md")
        edit(news, "Vaksin tambahan tiba", "Vaksin susulan tiba")
        until(lambda: "Vaksin susulan tiba" in preview.get("")[1] or "Vaksin susulan tiba" in
              preview.get("berita/2025/04/" + _slug_dir(project, "1.240 Balita"))[1], "suntingan di samping berkas kunci tampil")
        assert preview.get("")[0] == 200

        # 9. The content folder deleted and made again (a copy put back): still watched.
        preview.settle()
        kept = project.parent / "konten-disimpan"
        shutil.copytree(project / "content", kept, symlinks=True)
        shutil.rmtree(project / "content")
        until(lambda: preview.get("")[0] == 500, "folder konten hilang: halaman galat")
        shutil.copytree(kept, project / "content", symlinks=True)
        until(lambda: preview.get("")[0] == 200, "folder konten kembali")
        preview.settle()
        edit(news, "Vaksin susulan tiba", "Vaksin gelombang kedua tiba")
        until(lambda: "Vaksin gelombang kedua tiba" in preview.get("berita/2025/04/" + _slug_dir(project, "1.240 Balita"))[1],
              "suntingan di folder konten yang dibuat ulang tampil")

        # 10. A folder linked back into itself: one line saying so, not Pelican reading without end.
        loop = project / "content/berita/ulang"
        os.symlink("../berita", loop)
        until(lambda: "terbaca dua kali tanpa akhir" in preview.get("")[1], "tautan folder berputar dilaporkan")
        loop.unlink()
        until(lambda: preview.get("")[0] == 200, "situs kembali setelah tautan dihapus")
        preview.settle()

        # 11. The output folder deleted by hand: a page says it is being built, and it is.
        shutil.rmtree(project / "output")
        status, page = preview.get("")
        assert status in (503, 200), status  # 200: built again already
        assert status == 200 or "Situs sedang dibangun ulang" in page
        until(lambda: preview.get(EVENT)[0] == 200, "situs dibangun lagi setelah output/ terhapus")
        preview.settle()

        # 12. The build process killed while it waits (out of memory, by hand): a new one takes over.
        mark = len(preview.lines)
        os.kill(preview.worker_pid(), signal.SIGKILL)
        preview.wait_log("saat menunggu; proses baru dimulai", mark, "proses build baru")
        preview.settle()
        assert preview.get(EVENT)[0] == 200

        # 13. New read counts (`invoke statistik` writes cache/statistik.json, outside the
        # watched folders): the page shows them without a save of any other file.
        page = "berita/2025/04/" + _slug_dir(project, "1.240 Balita")
        assert "Dibaca" not in preview.get(page)[1]
        store.save(project / "cache" / "statistik.json", {**store.empty(), "sebelumnya": {"/" + page: 1234}})
        until(lambda: "Dibaca 1.234 kali" in preview.get(page)[1], "jumlah pembaca baru tampil")
        preview.settle()
    except AssertionError as exc:  # what the preview printed says why
        # The order of events, without the sample's content warnings each build repeats.
        events = "".join(ln for ln in preview.lines if not ln.startswith("PERINGATAN "))
        raise AssertionError(f"{exc}\n--- pratinjau ---\n{events[-12000:]}") from None
    finally:
        preview.stop()
    log = preview.log
    assert "Traceback" not in log, log
    assert log.rstrip().endswith("Pratinjau dihentikan."), log[-500:]  # stopped (here by SIGINT, as Ctrl+C), and said
    assert not re.search(r"Selesai dalam \d+\.\d", log), log  # said once a build, with a decimal comma
    assert "Kode berubah" in log or "plugins/agenda/schedule.py" in log

    # The preview's output equals a clean build of the same project, and no built file
    # carries the preview's script.
    clean = project / "bersih"
    env = {**os.environ, "PYTHONPATH": runtime_only(project / "plugins"), "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(INVOKE + ["build", "--output", str(clean)], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shown, fresh = digest(project / "output"), digest(clean)
    assert shown.keys() == fresh.keys(), preview.log[-4000:]
    assert [k for k in shown if shown[k] != fresh[k]] == []
    for folder in (project / "output", clean):
        assert not [p for p in folder.rglob("*") if p.is_file() and b"__pratinjau" in p.read_bytes()]


def test_past_midnight_the_preview_shows_what_a_build_made_that_day_says(site, monkeypatch):
    """An announcement ending today says "Berlaku hingga" until midnight; left open overnight
    with nothing saved, the preview builds again once the date has changed (in the site's
    time zone), and its pages equal a clean build of the new day. The clock here is
    SOURCE_DATE_EPOCH, set in this process: the preview's supervisor reads it, and the build
    process it starts for the new day inherits it."""
    import io

    from conftest import CONF
    from preview import supervisor

    evening, morning = int(EPOCH) + 43_140, int(EPOCH) + 43_230  # 22 Nov 2026, 23:59:00 and 00:00:30 WIB
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(evening))
    monkeypatch.setattr(supervisor, "DAY_CHECK", 0.2)
    site.write("berita/dinkes/jalan.md", "Title: Penutupan Jalan Pemuda\nDate: 2026-11-10 07:30\nOPD: dinkes\n"
               "Author: Humas Dinkes\nCategory: Pengumuman\nBerakhir: 2026-11-22\n\nJalan Pemuda ditutup.\n")
    page = site.output / "berita/2026/11/penutupan-jalan-pemuda/index.html"

    def says(text):  # in the page's text, its markup aside
        return page.is_file() and text in re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))

    out, stop = io.StringIO(), threading.Event()
    preview = threading.Thread(target=supervisor.serve, args=(CONF, site.output, ROOT, [str(site.content)]),
                               kwargs={"port": free_port(), "out": out, "overrides": site.settings(), "until": stop})
    preview.start()
    try:
        until(lambda: says("Berlaku hingga 22 November 2026.") and "Selesai dalam" in out.getvalue(), "build malam hari")
        time.sleep(1)  # five looks at the date: the same day, nothing built again
        assert out.getvalue().count("Selesai dalam") == 1 and "Tanggal berganti" not in out.getvalue()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(morning))
        until(lambda: says("Pengumuman ini sudah berakhir pada 22 November 2026."), "build hari berikutnya")
        until(lambda: out.getvalue().count("Selesai dalam") == 2, "build hari berikutnya selesai")
    finally:
        stop.set()
        preview.join(timeout=30)
    log = out.getvalue()
    assert not preview.is_alive() and "Traceback" not in log, log
    assert "Tanggal berganti (2026-11-22 menjadi 2026-11-23)" in log, log
    clean = site.root / "bersih"
    from content import build

    assert build.build(CONF, clean, **site.settings(OUTPUT_PATH=str(clean))) == 0
    shown, fresh = digest(site.output), digest(clean)
    assert shown.keys() == fresh.keys() and [k for k in shown if shown[k] != fresh[k]] == []


def _slug_dir(project: Path, words: str) -> str:
    page = next(p for p in (project / "output/berita/2025/04").glob("*/index.html") if words in p.read_text(encoding="utf-8"))
    return page.parent.name + "/"


def test_failures_are_explained_with_file_and_line(tmp_path):
    from jinja2 import Environment, FileSystemLoader, TemplateNotFound, TemplateSyntaxError, UndefinedError

    (tmp_path / "rusak.html").write_text("<p>\n{% for x in %}\n</p>\n", encoding="utf-8")
    (tmp_path / "macro.html").write_text("<p>\n\n{{ tidak_ada() }}\n</p>\n", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(tmp_path)))
    with pytest.raises(TemplateSyntaxError) as syntax:
        env.get_template("rusak.html")
    explained = failure.explain(syntax.value, tmp_path)
    assert (explained.file, explained.line) == ("rusak.html", 2)
    assert explained.lines[0].startswith("rusak.html, baris 2: ")
    # The terminal shows the line with its neighbours, the failing one marked.
    assert explained.excerpt == [(1, "<p>"), (2, "{% for x in %}"), (3, "</p>")]
    assert explained.text().splitlines()[2:] == ["    1 | <p>", "  > 2 | {% for x in %}", "    3 | </p>"]
    assert failure.Failure.from_dict(explained.as_dict()) == explained  # as the build process sends it
    with pytest.raises(UndefinedError) as undefined:
        env.get_template("macro.html").render()
    explained = failure.explain(undefined.value, tmp_path)
    assert explained.lines == ["macro.html, baris 3: 'tidak_ada' tidak dikenal: belum didefinisikan, salah ketik, atau macro belum diimpor"]
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("A = 1\nB = [\n", encoding="utf-8")
    with pytest.raises(SyntaxError) as bad:
        compile(settings.read_text(), str(settings), "exec")
    explained = failure.explain(bad.value, tmp_path)
    assert explained.title == "Pengaturan tidak dapat dibaca."
    assert explained.lines == ["pelicanconf.py, baris 2: '[' tidak pernah ditutup"]
    # A template that includes one that is not there: the including template and its line.
    (tmp_path / "halaman.html").write_text("<main>\n{% include '_tidak_ada.html' %}\n</main>\n", encoding="utf-8")
    with pytest.raises(TemplateNotFound) as missing_template:
        env.get_template("halaman.html").render()
    explained = failure.explain(missing_template.value, tmp_path)
    assert explained.lines == ["halaman.html, baris 2: templat _tidak_ada.html tidak ditemukan di theme/templates/"]
    assert (explained.file, explained.line) == ("halaman.html", 2)
    # A KeyError names its kind (its message is the key alone).
    settings.write_text("A = {}\nB = A['b']\n", encoding="utf-8")
    with pytest.raises(KeyError) as missing:
        exec(compile(settings.read_text(), str(settings), "exec"), {})
    assert failure.explain(missing.value, tmp_path).lines == ["pelicanconf.py, baris 2: KeyError: 'b' (pesan asli)"]
    # What the computer refused is said as such, not as a fault of the code that wrote.
    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "output/berita/index.html"))
    explained = failure.explain(full, tmp_path)
    assert explained.title == "Build gagal: komputer menolak menulis atau membaca berkas."
    assert explained.lines == ["disk penuh: tidak ada ruang untuk menulis output/berita/index.html; kosongkan ruang disk, lalu simpan lagi"]
    moved = OSError(errno.EXDEV, "Invalid cross-device link", str(tmp_path / ".output.kerangka-1"))
    assert "perangkat (mount, volume) yang berbeda" in failure.explain(moved, tmp_path).lines[0]


def test_jinjas_names_of_a_templates_parts_are_said_in_indonesian(tmp_path):
    from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError

    (tmp_path / "rusak.html").write_text("{% if judul berita %}x{% endif %}\n", encoding="utf-8")
    with pytest.raises(TemplateSyntaxError) as syntax:
        Environment(loader=FileSystemLoader(str(tmp_path))).get_template("rusak.html")
    explained = failure.explain(syntax.value, tmp_path)
    assert explained.lines == ["rusak.html, baris 1: seharusnya '%} (akhir perintah)', tertulis 'berita'"], explained.lines
    # The author's own names stay as written, even one Jinja also uses for a part.
    assert failure.translate("'name' is undefined").startswith("'name' tidak dikenal")
    assert failure.translate("No filter named 'integer'") == "filter 'integer' tidak dikenal"


def test_a_template_s_runtime_and_block_errors_are_said_in_indonesian(tmp_path):
    """A misspelt filter in a branch Jinja skipped when it compiled the template fails only
    when a page takes that branch, in other words ("… found."); an {% if %} left open is
    met at a later end tag: the block to close is named, not only the tag met."""
    from jinja2 import Environment, FileSystemLoader, TemplateRuntimeError, TemplateSyntaxError

    env = Environment(loader=FileSystemLoader(str(tmp_path)))
    (tmp_path / "cabang.html").write_text("{% if diubah %}\n{{ diubah|tangal_jam }}\n{% endif %}\n", encoding="utf-8")
    assert env.get_template("cabang.html").render(diubah=None).strip() == ""
    with pytest.raises(TemplateRuntimeError) as runtime:
        env.get_template("cabang.html").render(diubah="2026-02-01")
    assert failure.explain(runtime.value, tmp_path).lines[0] == "cabang.html, baris 2: filter 'tangal_jam' tidak dikenal"
    (tmp_path / "terbuka.html").write_text("{% block isi %}\n{% if judul %}x\n{% endblock %}\n", encoding="utf-8")
    with pytest.raises(TemplateSyntaxError) as open_if:
        env.get_template("terbuka.html")
    assert failure.explain(open_if.value, tmp_path).lines[0] == (
        "terbuka.html, baris 3: tag 'endblock' tidak dikenal atau tidak pada tempatnya: blok {% if %} sebelumnya belum "
        "ditutup (kurang {% endif %}?)")
    (tmp_path / "akhir.html").write_text("{% if judul %}x\n", encoding="utf-8")
    with pytest.raises(TemplateSyntaxError) as end:
        env.get_template("akhir.html")
    assert "templat berakhir sebelum blok {% if %} ditutup (kurang {% endif %})" in failure.explain(end.value, tmp_path).lines[0]


def test_editors_temporary_files_start_no_build(tmp_path):
    from preview.supervisor import wanted

    for name in ("sedAb12Cd", ".#berita.md", "berita.md~", ".berita.md.swp", "4913"):
        assert not wanted(str(tmp_path / "theme/templates" / name), tmp_path), name
    for name in ("article.html", "sedekah.md", "sederhana.css"):
        assert wanted(str(tmp_path / "theme/templates" / name), tmp_path), name


@contextlib.contextmanager
def content_watched_then_deleted(tmp_path, monkeypatch, wrap):
    """``content/`` watched as the preview watches it (``watchfiles.watch`` wrapped by
    ``wrap``), then deleted, what was said until then dropped: (the folder, the events)."""
    import queue

    import watchfiles

    from preview import supervisor

    monkeypatch.setattr(watchfiles, "watch", wrap(watchfiles.watch))
    content = tmp_path / "content"
    content.mkdir()
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    supervisor.watch([content], tmp_path, events, stop)
    try:
        time.sleep(1.5)
        shutil.rmtree(content)
        time.sleep(1.5)
        while not events.empty():
            events.get()
        yield content, events
    finally:
        stop.set()


def test_a_folder_made_again_is_built_only_once_its_new_watch_is_in_place(tmp_path, monkeypatch):
    """`content/` deleted and copied back: the change that starts a build comes once the
    new folder is watched, so a file the copy writes after that build began is seen (a
    watch that takes its time to start, as on a large site, lost it)."""
    import queue

    def slow(real):
        def watch(*paths, **kwargs):  # watches set up over 0.5 s, as on a large tree
            if kwargs.get("recursive"):
                time.sleep(0.5)
            yield from real(*paths, **kwargs)
        return watch

    with content_watched_then_deleted(tmp_path, monkeypatch, slow) as (content, events):
        content.mkdir()
        told = 0
        while told < 2:  # the folder seen made (its parent's watch), then watched again
            told += str(content) in events.get(timeout=5)[2]
        late = content / "laporan.pdf"  # (in the folder itself: a subfolder's own watch is notify's to add)
        late.write_bytes(b"%PDF-1.4\n")
        seen: set = set()
        deadline = time.monotonic() + 5
        while str(late) not in seen and time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                seen |= events.get(timeout=0.2)[2]
        assert str(late) in seen, seen


def test_a_folder_copied_back_is_built_again_once_the_copy_is_done(tmp_path, monkeypatch):
    """`content/` copied back: files a subfolder received before its new watch began raise
    no event (here: none of the subfolder's files is ever reported), yet the change is said
    again once the copy has ended, so the site is built from the whole copy, not from the
    half a build saw while it was under way."""
    import queue

    unseen = tmp_path / "content" / "berita"

    def missing_a_subfolder(real):
        def watch(*paths, **kwargs):
            for changes in real(*paths, **kwargs):
                yield {(c, path) for c, path in changes if not path.startswith(str(unseen))}
        return watch

    with content_watched_then_deleted(tmp_path, monkeypatch, missing_a_subfolder) as (content, events):
        unseen.mkdir(parents=True)
        for i in range(6):  # a copy that takes its time (PDFs, photos)
            (unseen / f"berita-{i}.md").write_text("Title: Berita\n", encoding="utf-8")
            time.sleep(0.3)
        while not events.empty():  # what was said while the copy was under way
            events.get()
        said = False
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not said:
            with contextlib.suppress(queue.Empty):
                said = str(content) in events.get(timeout=0.2)[2]
        assert said, "tidak ada build setelah salinan content/ selesai"


def test_a_folder_deleted_or_replaced_beside_others_is_the_only_one_said(tmp_path):
    """The preview watches content/, theme/ and plugins/: content/ deleted, then replaced at
    once (``rm -rf content && cp -r …``), names content/ alone. Naming plugins/ too restarted
    the build process as if code had changed, and a deletion also said a change of nothing."""
    import queue

    from preview import supervisor

    content, theme = tmp_path / "content", tmp_path / "theme"
    for folder in (content, theme):
        folder.mkdir()
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    supervisor.watch([content, theme], tmp_path, events, stop)

    def said(seconds):
        found, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                found.append(events.get(timeout=0.2)[2])
        return found

    try:
        time.sleep(1.5)
        shutil.rmtree(content)
        gone = said(3)
        assert gone and all(names == {str(content)} for names in gone), gone
        content.mkdir()  # made again
        said(3)
        shutil.rmtree(content)
        content.mkdir()  # and replaced before the watch looked again
        (content / "berita.md").write_text("Title: Berita\n", encoding="utf-8")
        back = said(4)
        assert back and all(names and not any(n.startswith(str(theme)) for n in names) for names in back), back
    finally:
        stop.set()


@pytest.mark.parametrize("body, said", [
    ("{% include 'halaman.html' %}", "templat atau macro memanggil dirinya sendiri tanpa henti"),
    ("{% for x in kosong %}{{ x }}{% endfor %}", "nilainya kosong (None), tidak dapat diulang dengan for"),
    ("{% for x in tahun %}{% endfor %}", "nilai bertipe 'int' tidak dapat diulang dengan for"),
    ("{{ kosong() }}", "nilainya kosong (None), bukan fungsi atau macro"),
    ("{{ judul + tahun }}", "teks hanya dapat disambung dengan teks, bukan 'int': pakai ~"),
    ("{{ tahun + judul }}", "operasi '+' tidak dapat dipakai pada nilai bertipe 'int' dan 'str'"),
    ("{{ tahun / 0 }}", "pembagian dengan nol"),
])
def test_a_templates_runtime_error_is_said_in_indonesian_with_its_line(tmp_path, body, said):
    """What a web team's template typo most often does while a page renders: the
    template's file and line, and what went wrong in Indonesian (no Python message)."""
    from jinja2 import Environment, FileSystemLoader

    (tmp_path / "halaman.html").write_text(f"<p>{{{{ judul }}}}</p>\n{body}\n", encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(tmp_path)), autoescape=True)
    with pytest.raises(Exception) as err:
        env.get_template("halaman.html").render(judul="Apel Siaga", tahun=2026, kosong=None)
    explained = failure.explain(err.value, tmp_path)
    assert explained.title == "Templat tidak dapat dipakai."
    assert explained.lines[0].startswith(f"halaman.html, baris 2: {said}"), explained.lines
    assert "pesan asli" not in explained.lines[0]
    assert explained.excerpt == [(1, "<p>{{ judul }}</p>"), (2, body)]


def test_error_page_shows_a_template_lines_html_as_text(tmp_path):
    """A template's lines are mostly HTML: the error page shows them as written (escaped),
    the failing one highlighted, never as markup of the page itself."""
    from jinja2 import Environment, FileSystemLoader

    from preview.server import ERROR_PAGE

    (tmp_path / "halaman.html").write_text('<article class="berita">\n<script>{{ 1 / 0 }}</script>\n</article>\n',
                                           encoding="utf-8")
    with pytest.raises(ZeroDivisionError) as err:
        Environment(loader=FileSystemLoader(str(tmp_path))).get_template("halaman.html").render()
    page = ERROR_PAGE.render(failure=failure.explain(err.value, tmp_path))
    assert "<script>{{" not in page and '<article class="berita">' not in page
    shown = re.search(r'<pre id="cuplikan"[^>]*>(.*?)</pre>', page, re.S).group(1)
    assert html.unescape(re.sub(r"</?mark>", "", shown)).splitlines() == [
        '   1 | <article class="berita">', "   2 | <script>{{ 1 / 0 }}</script>", "   3 | </article>"]
    assert "<mark>   2 | &lt;script&gt;" in shown


def test_a_content_problem_shows_the_lines_of_its_file(tmp_path):
    """An author's mistake in a content file: the error page shows the file around the
    first error that has a line, as a template error does."""
    from content.validate import Problem
    from preview.server import ERROR_PAGE

    news = tmp_path / "content/berita/dinkes/rusak.md"
    news.parent.mkdir(parents=True)
    news.write_text("Title: Rusak\nOPD: dinkes\nDate: kemarin sore\nTags: <b>imunisasi</b>\n\nIsi.\n", encoding="utf-8")
    problems = [Problem("content/opd.toml", "", "berkas tidak ada", line=0),  # (no line to show)
                Problem("content/berita/dinkes/rusak.md", "Date", "bukan tanggal; tulis tanggal seperti 2025-04-14", line=3),
                Problem("content/berita/dinkes/rusak.md", "Tags", "tag berisi HTML", line=4)]
    lines = [str(p) for p in problems]
    said = failure.refused(lines, str(tmp_path), problems)
    assert (said.file, said.line) == ("content/berita/dinkes/rusak.md", 3) and said.lines == lines
    assert said.excerpt == [(1, "Title: Rusak"), (2, "OPD: dinkes"), (3, "Date: kemarin sore"), (4, "Tags: <b>imunisasi</b>"), (5, "")]
    assert "  > 3 | Date: kemarin sore" in said.text()
    page = ERROR_PAGE.render(failure=said)
    assert "<mark>   3 | Date: kemarin sore</mark>" in page and "&lt;b&gt;imunisasi" in page and "<b>imunisasi" not in page
    # A file that is gone: no excerpt, the lines still said.
    news.unlink()
    gone = failure.refused(lines, str(tmp_path), problems)
    assert gone.excerpt == [] and gone.lines == lines


def test_render_errors_in_worker_processes_keep_their_location(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from rendering import writer

    (tmp_path / "halaman.html").write_text("<p>{{ n }}</p>\n{{ rusak() }}\n", encoding="utf-8")
    template = Environment(loader=FileSystemLoader(str(tmp_path))).get_template("halaman.html")
    jobs = [writer.Job(f"h{i}.html", template, {"n": i}) for i in range(120)]
    with pytest.raises(writer.RenderError) as err:
        writer.run_workers(jobs, str(tmp_path / "out"), 2, writer.Digester())
    explained = failure.explain(err.value, tmp_path)
    assert explained.lines == ["halaman.html, baris 2: 'rusak' tidak dikenal: belum didefinisikan, salah ketik, atau macro belum diimpor"]


def test_serve_help_lists_its_options():
    result = subprocess.run(INVOKE + ["serve", "-h"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": runtime_only(ROOT / "plugins")})
    assert result.returncode == 0, result.stderr
    assert "Pratinjau di http://127.0.0.1:8000" in result.stdout
    assert "--port" in result.stdout and "--host" in result.stdout


def test_serve_says_what_is_wrong_with_its_port():
    """A port written as a word, out of range, or taken (a second preview left running):
    one Indonesian line each, no Python traceback."""
    def serve(*args):  # as a person types it: ./run.sh serve …
        return subprocess.run(["bash", str(ROOT / "run.sh"), "serve", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)

    word = serve("--port", "abc")
    assert word.returncode == 2 and '--port perlu angka, bukan "abc", mis. --port 8001' in word.stderr, word.stderr
    far = serve("--port", "99999")
    assert far.returncode == 2 and "porta harus di antara 1 dan 65535" in far.stderr, far.stderr
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = serve("--port", str(port))
    assert busy.returncode == 2, busy.stderr
    assert f"127.0.0.1:{port}: porta itu sudah dipakai" in busy.stderr and f"--port {port + 1}" in busy.stderr, busy.stderr
    for result in (word, far, busy):
        assert "Traceback" not in result.stderr + result.stdout


def test_the_kit_s_own_servers_tell_browsers_not_to_guess_a_file_s_type(tmp_path):
    """The preview and the editor's local mode serve a published text file as the
    production server does (nosniff): a page's ``<script src>`` naming it is not run."""
    import socket

    from editor import lokal
    from preview.server import PreviewState, make_server

    out = tmp_path / "output"
    (out / "dokumen").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (out / "dokumen" / "catatan.txt").write_text("alert(document.domain)", encoding="utf-8")
    state = PreviewState()
    state.publish(None)
    preview = make_server("127.0.0.1", 0, str(out), state)
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    threading.Thread(target=lokal.serve_static, args=(out, port), daemon=True).start()
    try:
        for base in (f"http://127.0.0.1:{preview.server_address[1]}", f"http://127.0.0.1:{port}"):
            for path in ("/", "/dokumen/catatan.txt"):
                for attempt in range(50):  # the editor's server starts in its thread
                    try:
                        answer = urllib.request.urlopen(base + path, timeout=10)
                        break
                    except urllib.error.URLError:
                        time.sleep(0.1)
                assert answer.headers["X-Content-Type-Options"] == "nosniff", (base, path)
    finally:
        preview.shutdown()
        preview.server_close()


def test_a_page_asked_for_while_the_output_folder_is_missing(tmp_path):
    """Before the first build: said to be the first build. After one (output/ deleted by
    hand): a build is asked for, once until the next build is shown."""
    from preview.server import PreviewState, make_server

    state, asked = PreviewState(), []
    state.rebuild = lambda: asked.append(1)
    server = make_server("127.0.0.1", 0, str(tmp_path / "output"), state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def get():
        try:
            urllib.request.urlopen(base, timeout=10)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")
        raise AssertionError("halaman galat diharapkan")

    try:
        status, page = get()
        assert status == 503 and "Situs sedang dibangun." in page and asked == []
        # Nothing is wrong: the page does not say the build failed.
        assert "<title>Menunggu build" in page and "tidak dapat dibangun" not in page
        state.publish(None)  # a build shown, then output/ gone
        for _ in range(3):
            status, page = get()
            assert status == 503 and "Situs sedang dibangun ulang." in page and "folder keluaran tidak ada" in page
            assert "<title>Menunggu build" in page and "Build gagal" not in page
        assert asked == [1]
        state.publish(None)
        get()
        assert asked == [1, 1]
        # A file that is not there (an image, a PDF) is said in Indonesian, not Python's English.
        (tmp_path / "output").mkdir()
        try:
            urllib.request.urlopen(base + "images/tidak-ada.jpg", timeout=10)
        except urllib.error.HTTPError as exc:
            missing = exc.code, exc.read().decode("utf-8")
        assert missing[0] == 404 and "Berkas ini tidak ada di hasil build" in missing[1] and "Error response" not in missing[1]
        # HEAD answers as GET does (a link checker, a monitor): the error page's status, no body.
        state.publish(failure.Failure("Build gagal.", ["contoh"]))
        conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        conn.request("HEAD", "/")
        head = conn.getresponse()
        assert head.status == 500 and head.read() == b"" and int(head.getheader("Content-Length")) > 0
        conn.close()
    finally:
        server.shutdown()
        server.server_close()


def test_a_saved_lock_installs_packages_only_when_it_differs_from_the_installed_one(tmp_path, monkeypatch, capsys):
    """Saving requirements.lock restarts the build process; pip runs only when the lock is
    not the one installed last (a save without a change, or a checkout back, installs nothing)."""
    from preview import supervisor

    venv = tmp_path / ".venv"
    venv.mkdir()
    lock = tmp_path / "requirements.lock"
    lock.write_text("pelican==4.12.0 --hash=sha256:aa\n", encoding="utf-8")
    (venv / ".requirements.lock").write_text(lock.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(supervisor.sys, "prefix", str(venv))
    calls = []

    def pip(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(supervisor.subprocess, "run", pip)
    supervisor.reinstall(tmp_path, sys.stdout)
    assert calls == []
    lock.write_text("pelican==4.12.1 --hash=sha256:bb\n", encoding="utf-8")
    supervisor.reinstall(tmp_path, sys.stdout)
    assert len(calls) == 1 and calls[0][-3:] == ["--require-hashes", "-r", str(lock)]
    assert "requirements.lock berubah" in capsys.readouterr().out
    # Installed: the next save of the same lock installs nothing.
    supervisor.reinstall(tmp_path, sys.stdout)
    assert len(calls) == 1
    # A failed install (no network) is said, and tried again at the next save.
    lock.write_text("pelican==4.12.2 --hash=sha256:cc\n", encoding="utf-8")
    monkeypatch.setattr(supervisor.subprocess, "run", lambda command, **kw: calls.append(command) or subprocess.CompletedProcess(command, 1))
    supervisor.reinstall(tmp_path, sys.stdout)
    assert "Pemasangan paket gagal" in capsys.readouterr().out
    supervisor.reinstall(tmp_path, sys.stdout)
    assert len(calls) == 3
