"""Read counts from a real nginx access log: nginx on loopback, serving a deployed small
site and writing its default-format log while this test requests pages from several
loopback addresses and user agents. Then `readcounts.collect` counts, the next build
shows "Dibaca N kali" and "Terpopuler", and no IP address reaches the cache or the site."""

from __future__ import annotations

import http.client
import json
import re
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import CONF
from nginx_helper import Nginx, free_port, nginx_binary
from ssh_helper import SSHServer

pytestmark = pytest.mark.slow

READER = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
# Readers whose browsers' names hold a crawler's letters: a CUBOT phone, Telegram's and
# Facebook's in-app browsers, Opera Mini.
PHONES = [
    "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Infinix X6831) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0 "
    "Mobile Safari/537.36 Telegram-Android/11.5.3 (Infinix X6831; Android 13; SDK 33; AVERAGE)",
    "Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36 "
    "[FB_IAB/FB4A;FBAV/400.0.0.37.76;]",
    "Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "curl/8.5.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
]
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def news(title, slug, day: date, opd="dinkes"):
    return (f"Title: {title}\nSlug: {slug}\nDate: {day.isoformat()} 08:00\nOPD: {opd}\nAuthor: Humas\n"
            f"Category: Berita\n\n{title}.\n")


def get(port, path, ua, source):
    """A GET from loopback address ``source`` (127.0.0.x), as a reader's browser would."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", path, headers={"User-Agent": ua, "Host": f"localhost:{port}"})
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


@pytest.fixture
def served_site(site, tmp_path, monkeypatch):
    """The fixture site with three news items dated before today (real clock), built for
    http://localhost:<port>, deployed, served by nginx; yields (site, nginx, base)."""
    if not nginx_binary():
        pytest.fail("nginx not installed: run ./run.sh test, which installs Debian's nginx")
    from publish import deploy

    now = int(time.time())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(now))  # the log's dates are the real clock's
    today = datetime.fromtimestamp(now, timezone(timedelta(hours=7))).date()
    yesterday = today - timedelta(days=1)
    site.write("berita/dinkes/banjir.md", news("Banjir Surut di Karangsari", "banjir-surut", yesterday))
    site.write("berita/dinkes/vaksin.md", news("Vaksinasi Anak Dimulai", "vaksinasi-anak", yesterday))
    site.write("berita/bpbd/apel.md", news("Apel Siaga Bencana", "apel-siaga", yesterday, opd="bpbd"))
    port = free_port()
    base = f"http://localhost:{port}"
    assert site.build(SITEURL=base, CARI_ENABLED=False) == 0
    deploy.deploy(site.output, str(tmp_path / "srv"), log=lambda *a: None)
    server = Nginx(tmp_path / "srv" / "current", tmp_path / "nginx", port).start()
    month = f"{yesterday:%Y/%m}"
    try:
        yield site, server, base, {
            "banjir": f"/berita/{month}/banjir-surut/",
            "vaksin": f"/berita/{month}/vaksinasi-anak/",
            "apel": f"/berita/{month}/apel-siaga/",
        }
    finally:
        server.stop()


def test_counts_from_a_real_nginx_log_filter_bots_and_assets_and_keep_no_address(served_site, monkeypatch):
    from readcounts import collect, store
    from publish.deploy import Options

    site, server, base, pages = served_site
    port = server.port
    css = next(site.output.glob("theme/css/situs.*.css")).relative_to(site.output).as_posix()
    requests = [
        # readers, from three addresses: one phone reading a page three times counts once
        # (one address and one browser a day), another browser at that address too
        *[(pages["banjir"], READER, "127.0.0.2")] * 3,
        (pages["banjir"], DESKTOP, "127.0.0.2"),
        (pages["banjir"] + "index.html", DESKTOP, "127.0.0.3"),
        (pages["banjir"] + "?utm_source=whatsapp", READER, "127.0.0.4"),
        *[(pages["vaksin"], DESKTOP, "127.0.0.3")] * 2,
        *[(pages["vaksin"], phone, "127.0.0.7") for phone in PHONES],
        (pages["apel"], READER, "127.0.0.2"),
        ("/", READER, "127.0.0.2"),
        # not page views: the site's own assets, a missing page, the 404 page
        ("/" + css, READER, "127.0.0.2"),
        ("/robots.txt", READER, "127.0.0.2"),
        ("/tidak-ada/", READER, "127.0.0.2"),
        # bots, link previews, scripts, headless browsers; and a client naming no agent
        *[(pages["apel"], ua, "127.0.0.5") for ua in BOTS for _ in range(3)],
        (pages["apel"], "", "127.0.0.6"),
    ]
    statuses = [get(port, path, ua, src) for path, ua, src in requests]
    assert statuses.count(404) == 1 and statuses.count(200) == len(requests) - 1
    server.stop()  # flushes the log
    log = (server.prefix / "access.log").read_text(encoding="utf-8")
    assert len(log.splitlines()) == len(requests)
    assert "127.0.0.2" in log and "Googlebot" in log  # the log holds addresses and agents...

    settings = site.settings(SITEURL=base)
    settings["PATH"] = str(site.content)
    data = collect(settings, log_path=str(server.prefix / "access.log*"), out=lambda *a: None)
    counts = store.totals(data)
    assert counts == {pages["banjir"]: 4, pages["vaksin"]: 5, pages["apel"]: 1, "/": 1}

    cache = site.root / "cache" / "statistik.json"
    assert cache.is_file()
    text = cache.read_text(encoding="utf-8")
    assert not IPV4.findall(text)  # ...the counts hold neither
    assert "mozilla" not in text.lower() and "utm_source" not in text

    # Over SSH, as from CI: a real sshd on loopback; the count runs at the log's host and
    # only counts cross the connection (the ssh command is wrapped to record its output).
    sshd = SSHServer(site.root / "sshd").start()
    try:
        wire = site.root / "ssh-stdout.txt"
        recording_ssh = site.root / "ssh"
        recording_ssh.write_text(f'#!/bin/sh\n{sshd.ssh} "$@" | tee -a {wire}\n', encoding="utf-8")
        recording_ssh.chmod(0o755)
        remote = dict(settings, STATISTIK_PATH=str(site.root / "remote.json"), STATISTIK_LOG=str(server.prefix / "access.log*"))
        target = f"ssh://{sshd.user}@127.0.0.1:{sshd.port}/srv/situs"
        over_ssh = collect(remote, target=target, options=Options(ssh=str(recording_ssh)), out=lambda *a: None)
    finally:
        sshd.stop()
    assert store.totals(over_ssh) == counts
    crossed = wire.read_text(encoding="utf-8")
    assert pages["banjir"] in crossed and not IPV4.findall(crossed) and "mozilla" not in crossed.lower()

    # The next build shows them.
    assert site.build(SITEURL=base, CARI_ENABLED=False) == 0
    banjir = site.read(pages["banjir"].lstrip("/") + "index.html")
    assert "Dibaca 4 kali" in banjir
    assert "Dibaca 1 kali" in site.read(pages["apel"].lstrip("/") + "index.html")
    home = site.read("index.html")
    popular = re.findall(r'<li><a href="[^"]*?(/berita/[^"]+)">[^<]+</a> <span class="meta">\(dibaca (\d+) kali\)', home)
    week = popular[: len(popular) // 2]
    assert week == [(pages["vaksin"], "5"), (pages["banjir"], "4"), (pages["apel"], "1")]
    assert "7 hari terakhir" in home and "30 hari terakhir" in home
    bpbd = site.read("opd/bpbd/index.html")
    assert "Terpopuler" in bpbd and pages["apel"] in bpbd and pages["banjir"] not in bpbd.split("Terpopuler")[1].split("</section>")[0]
    stores = [*site.output.rglob("*"), *(site.root / "cache").rglob("*"), *(site.root / ".cache").rglob("*")]
    for f in stores:
        if f.is_file():
            found = {f"127.0.0.{i}" for i in range(2, 8) if f"127.0.0.{i}".encode() in f.read_bytes()}
            assert not found, f


def test_a_second_count_merges_days_and_folds_old_ones():
    from readcounts import store

    today = date(2026, 11, 29)
    data = store.merge(store.empty(), {"2026-11-28": {"/a/": 3}, "2026-10-01": {"/a/": 7}}, today, keep_days=35)
    assert data["hari"] == {"2026-11-28": {"/a/": 3}} and data["sebelumnya"] == {"/a/": 7}
    assert data["dilipat_hingga"] == "2026-10-01"
    # The same log read again (not rotated yet) adds nothing; a longer day replaces the shorter.
    again = store.merge(data, {"2026-11-28": {"/a/": 4}, "2026-10-01": {"/a/": 7}}, today, keep_days=35)
    assert store.totals(again) == {"/a/": 11}
    assert store.window(again, today, 7) == {"/a/": 4}
    assert store.window(again, date(2026, 12, 10), 7) == {}


def test_without_statistics_pages_show_neither(site):
    assert site.build(SITEURL="https://sukamajukab.go.id", CARI_ENABLED=False) == 0
    assert "Terpopuler" not in site.read("index.html")
    assert "Terpopuler" not in site.read("opd/dinkes/index.html")
    assert "Dibaca" not in site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")


def test_a_missing_log_is_a_clear_error(site, tmp_path):
    from readcounts import collect
    from readcounts.log import StatistikError

    with pytest.raises(StatistikError, match="tidak-ada.log tidak terbaca di mesin ini: tidak ada berkas yang cocok"):
        collect(site.settings(), log_path=str(tmp_path / "tidak-ada.log"), out=lambda *a: None)
    assert not (site.root / "cache" / "statistik.json").exists()


def test_counts_show_on_entries_and_a_new_count_alone_rebuilds_the_site(site, capsys):
    """A counts file is a build input: with no content change, new counts still rebuild."""
    from readcounts import store

    entry = "/dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/"
    news = "/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"
    path = site.root / "cache" / "statistik.json"
    store.save(path, store.merge(store.empty(), {"2026-11-21": {entry: 7, news: 1200}}, date(2026, 11, 22)))
    assert site.build(CARI_ENABLED=False) == 0
    assert "Dibaca 7 kali" in site.read(entry.lstrip("/") + "index.html")
    assert "Dibaca 1.200 kali" in site.read(news.lstrip("/") + "index.html")
    assert "dibaca 1.200 kali" in site.read("opd/dinkes/index.html")
    store.save(path, store.merge(store.load(path), {"2026-11-22": {entry: 3}}, date(2026, 11, 22)))
    capsys.readouterr()
    assert site.build(CARI_ENABLED=False) == 0
    said = capsys.readouterr()
    assert "Tidak ada perubahan" not in said.out + said.err
    assert "Dibaca 10 kali" in site.read(entry.lstrip("/") + "index.html")


def test_a_damaged_counts_file_never_stops_the_build_nor_shows_its_values(site, capsys):
    """A counts file edited in the CI cache (a text, a negative or huge number, markup): the
    build goes on, says what it left out, and no page shows those values."""
    import json

    entry = "/dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/"
    news = "/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"
    path = site.root / "cache" / "statistik.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"versi": 1, "hari": {"2026-11-21": {entry: "<b>x</b>", news: -7, "/a/": 1e300, "/ok/": 2},
                                                    "bukan-tanggal": {news: 5}},
                                "sebelumnya": {news: True, "<script>": 4}, "dilipat_hingga": ["x"]}))
    assert site.build(CARI_ENABLED=False) == 0
    err = capsys.readouterr().err
    assert "statistik.json: 7 nilai yang bukan jumlah kunjungan" in err, err
    for page in (entry, news):
        text = site.read(page.lstrip("/") + "index.html")
        assert "Dibaca" not in text and "<b>x</b>" not in text and "-7" not in text
