"""`./run.sh tautan-luar`: the links of a built site to other sites, asked over the
network (here: a real HTTP server on loopback standing for the other sites)."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import unquote

import pytest

from conftest import EPOCH, ROOT


FTP = "ftp://127.0.0.1:1/berkas.txt"


class OtherSite(http.server.BaseHTTPRequestHandler):
    """Pages of "another agency's site", each answering as real servers do."""

    def _answer(self, body: bool):
        path = unquote(self.path.split("?")[0])
        if path == "/pengumuman–seleksi":  # an address with a letter outside ASCII, as typed
            path = "/ada"
        if path == "/lambat":
            time.sleep(3)
        if path in ("/ada", "/lambat") or path == "/tanpa-head" and self.command == "GET":
            code = 200
        elif path == "/tanpa-head":
            code = 405
        elif path in ("/pindah", "/pindah-hilang", "/putar", "/ke-ftp"):
            self.send_response(301)
            self.send_header("Location", {"/pindah": "/ada", "/pindah-hilang": "/hilang",
                                          "/ke-ftp": FTP}.get(path, "/putar"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            code = {"/galat": 503, "/terlarang": 403}.get(path, 404)
        page = b"<!doctype html><title>x</title>"
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if body:
            self.wfile.write(page)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OtherSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def news_linking(site, base: str, *paths: str):
    links = "".join(f"- [tautan {i}]({base}{p})\n" for i, p in enumerate(paths))
    site.write("berita/dinkes/rujukan.md", (
        "Title: Rujukan Dinas Kesehatan\nDate: 2026-11-01 09:00\nCategory: Berita\nOPD: dinkes\n"
        "Author: Humas Dinkes\nSummary: Tautan ke situs lain.\n\nBacaan lanjutan:\n\n" + links))


def tautan_luar(output, *args):
    """The task on a site built without the sample's social links, the JDIH portal left out."""
    return subprocess.run([sys.executable, "tasks.py", "tautan-luar", "--output", str(output), "--jaringan-dalam",
                           "--abaikan", "https://jdihn.go.id/", *args], cwd=ROOT,
                          capture_output=True, encoding="utf-8", env={**os.environ, "SITEURL": "https://sukamajukab.go.id"},
                          timeout=120)


def test_each_address_gets_its_verdict_and_is_named_where_it_was_written(site, other_site):
    from content.build import load_settings
    from links import luar

    from conftest import CONF

    refused = f"http://127.0.0.1:{closed_port()}/dokumen.pdf"
    news_linking(site, other_site, "/ada", "/ada#bagian", "/pengumuman–seleksi", "/hilang", "/pindah", "/pindah-hilang", "/tanpa-head",
                 "/galat", "/terlarang", "/lambat", "/putar", "/ke-ftp")
    site.write("dip/dinkes/laporan-keuangan.md", (site.content / "dip/dinkes/laporan-keuangan.md").read_text()
               .replace("Title:", f"Tautan: {refused}\nTitle:", 1))
    # The site's own address, absolute: a link inside the site, checked by every build.
    site.write("halaman/profil-ppid.md", "Title: Profil PPID\nSlug: profil-ppid\n\n"
                                          "Lihat [berita](https://sukamajukab.go.id/berita/).\n")
    assert site.build(SOCIAL=()) == 0
    settings = dict(load_settings(CONF, **site.settings()), SITEURL="https://sukamajukab.go.id")

    # The national JDIH portal, linked by the kit's templates: left out, as a site can.
    assert "https://jdihn.go.id/" in luar.external_links(str(site.output), settings)
    pages = luar.external_links(str(site.output), settings, ["https://jdihn.go.id/"])
    asked = sorted(pages)
    assert f"{other_site}/ada" in asked and f"{other_site}/ada#bagian" not in asked  # a place in the same page
    assert not any("sukamajukab.go.id" in url for url in asked)
    assert any(p.startswith("dip/dinkes/") for p in pages[refused])

    # A site's name with a dash as the program's name (a header holds Latin-1 at most).
    answers = {a.url: a for a in luar.ask_all(asked, timeout=1, agent="Portal – Kabupaten Sukamaju", inside=True)}
    verdict = {url.removeprefix(other_site): a.verdict for url, a in answers.items()}
    assert verdict == {
        "/ada": "baik", "/pindah": "baik", "/tanpa-head": "baik", "/pengumuman–seleksi": "baik",
        "/hilang": "rusak", "/pindah-hilang": "rusak", refused: "rusak",
        "/galat": "ragu", "/terlarang": "ragu", "/lambat": "ragu", "/putar": "ragu", "/ke-ftp": "ragu",
    }
    assert "HTTP 404" in answers[f"{other_site}/hilang"].why
    assert "tidak menjawab dalam 1 detik" in answers[f"{other_site}/lambat"].why
    assert "menolak sambungan" in answers[refused].why

    bad = [url for url, a in answers.items() if a.verdict != "baik"]
    broken, doubtful = luar.report(list(answers.values()), pages, luar.where_written(str(site.content), settings, bad))
    text = "\n".join(map(str, broken))
    assert f"content/berita/dinkes/rujukan.md: isi: tautan luar '{other_site}/hilang': halamannya tidak ada (HTTP 404)" in text
    assert f"content/dip/dinkes/laporan-keuangan.md: Tautan: tautan luar '{refused}': server menolak sambungan" in text
    lines = (site.content / "berita/dinkes/rujukan.md").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.endswith(f"({other_site}/hilang)"))
    assert f"(baris {line})" in text
    assert "dialihkan berputar-putar" in answers[f"{other_site}/putar"].why
    # A redirect to FTP (another lookup, no status) is not followed: it ended the whole check.
    assert answers[f"{other_site}/ke-ftp"].why.startswith(f"dialihkan ke {FTP}, yang bukan halaman web")
    assert len(broken) == 3 and len(doubtful) == 5
    assert all("buka di peramban" in str(p) or "periksa di peramban" in str(p) for p in doubtful)


def monev_links(site) -> tuple[str, str]:
    item = next(b for b in json.loads(site.read("data/kesiapan-monev.json"))["butir"] if b["kode"] == "tautan")
    return item["status"], item["catatan"]


def test_the_task_fails_on_a_broken_link_warns_on_a_doubtful_one_and_the_monev_self_check_says_so(site, other_site, monkeypatch):
    kept = site.root / "cache" / "tautan-luar.json"  # where the build looks, beside content/
    news_linking(site, other_site, "/ada", "/galat")
    assert site.build(SOCIAL=()) == 0
    assert monev_links(site) == ("sebagian", "Situs tidak diterbitkan bila ada dokumen yang hilang atau tautan di dalam "
                                             "situs yang rusak; tautan ke situs lain belum pernah diperiksa.")

    proc = tautan_luar(site.output, "--batas-waktu", "5", "--hasil", str(kept))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PERINGATAN " in proc.stdout and f"'{other_site}/galat': server menjawab HTTP 503" in proc.stdout
    assert "2 alamat luar: 1 baik, 0 rusak, 1 ragu." in proc.stdout
    # The next build (one-off, incremental: nothing else changed) shows the check's day.
    assert site.build(SOCIAL=()) == 0
    assert monev_links(site)[0] == "terpenuhi"
    assert monev_links(site)[1].endswith("; 2 alamat tautan ke situs lain diperiksa 22 November 2026 dan dapat dibuka "
                                         "(1 di antaranya tidak dapat dipastikan).")

    news_linking(site, other_site, "/ada", "/galat", "/hilang")
    assert site.build(SOCIAL=()) == 0
    proc = tautan_luar(site.output, "--batas-waktu", "5", "--hasil", str(kept))
    assert proc.returncode == 1
    assert "KESALAHAN " in proc.stdout and f"'{other_site}/hilang': halamannya tidak ada (HTTP 404)" in proc.stdout
    assert "3 alamat luar: 1 baik, 1 rusak, 1 ragu. Perbaiki atau hapus tautan yang rusak." in proc.stderr
    assert site.build(SOCIAL=()) == 0
    assert monev_links(site) == ("sebagian", "Situs tidak diterbitkan bila ada dokumen yang hilang atau tautan di dalam "
                                             "situs yang rusak; 1 dari 3 alamat tautan ke situs lain rusak pada pemeriksaan "
                                             "22 November 2026.")

    # Mended, then forty days without a check: no answer any more.
    news_linking(site, other_site, "/ada")
    assert site.build(SOCIAL=()) == 0
    assert tautan_luar(site.output, "--hasil", str(kept)).returncode == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 40 * 86400))
    assert site.build(SOCIAL=()) == 0
    assert monev_links(site)[1].endswith("; tautan ke situs lain terakhir diperiksa 22 November 2026, lebih dari sebulan lalu.")


def test_a_computer_without_network_is_said_not_every_link_called_broken(site):
    news_linking(site, "http://", "dokumen.tidak-ada.invalid/a.pdf", "jdih.tidak-ada.invalid/perda")
    assert site.build(SOCIAL=()) == 0
    proc = tautan_luar(site.output, "--batas-waktu", "5")
    assert proc.returncode == 2
    assert "tampaknya tidak tersambung ke internet" in proc.stderr and "KESALAHAN" not in proc.stdout


def test_an_address_shown_by_a_template_on_every_page_is_named_by_the_home_page():
    from links import luar

    url = "https://jdih.tidak-ada.invalid/"
    broken, _ = luar.report([luar.Answer(url, "rusak", "nama server jdih.tidak-ada.invalid tidak ditemukan")],
                            {url: ["404.html", "berita/index.html", "index.html"]}, {})
    assert str(broken[0]) == (f"halaman index.html (templat): tautan: tautan luar '{url}': nama server "
                              "jdih.tidak-ada.invalid tidak ditemukan (muncul di 3 halaman, misalnya index.html); "
                              "perbaiki alamatnya (cari halaman itu di situs tujuannya) atau hapus tautannya")


def test_a_ci_machine_behind_a_proxy_asks_through_it(monkeypatch):
    """A government network often reaches the internet through a proxy only (``http_proxy``):
    the check goes through it (the proxy looks the name up, not the CI machine)."""
    from links import luar

    through = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            through.append(self.path)  # a proxy is asked for the whole address
            self.send_response(200 if self.path.endswith("/ada") else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args):
            pass

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.server_address[1]}")
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        answers = luar.ask_all(["http://pemda.tidak-ada.invalid/ada", "http://pemda.tidak-ada.invalid/hilang"], timeout=5)
    finally:
        proxy.shutdown()
    assert set(through) == {"http://pemda.tidak-ada.invalid/ada", "http://pemda.tidak-ada.invalid/hilang"}
    assert [a.verdict for a in answers] == ["baik", "rusak"]
