"""An announcement's last day (``Berakhir``): said on its page and, once past, on its card
in the lists and in its structured data; refused before the item's own date."""

from __future__ import annotations

import json
from datetime import date

import feedparser
import lxml.html

from conftest import EPOCH, indexed

def announcement(title: str, date: str, until: str, text: str) -> str:
    return (f"Title: {title}\nDate: {date}\nOPD: dinkes\nAuthor: Humas Dinkes\nCategory: Pengumuman\n"
            f"Berakhir: {until}\n\n{text}\n")


BERJALAN = announcement("Penutupan Sementara Jalan Pemuda", "2026-11-10 07:30", "2026-11-28",
                        "Jalan Pemuda ditutup setiap malam sampai akhir November.")
LEWAT = announcement("Pendaftaran Kader Posyandu Teladan", "2026-10-01 09:00", "2026-10-20",
                     "Pendaftaran dibuka sampai 20 Oktober.")

BERJALAN_URL = "berita/2026/11/penutupan-sementara-jalan-pemuda/"
LEWAT_URL = "berita/2026/10/pendaftaran-kader-posyandu-teladan/"


def notice(site, url) -> str:
    found = lxml.html.fromstring(site.read(url + "index.html")).xpath("//*[contains(concat(' ', @class, ' '), ' berakhir ')]")
    return " ".join(found[0].text_content().split()) if found else ""


def cards(site) -> dict[str, str]:
    """Title → the meta line of its card on the news list."""
    doc = lxml.html.fromstring(site.read("berita/index.html"))
    return {" ".join(c.xpath("string(.//h2)").split()): " ".join(c.xpath("string(.//p[@class='meta'])").split())
            for c in doc.xpath("//article[@class='kartu']")}


def status(site, url) -> str | None:
    """What a search result says of the page (``Sudah berakhir``), as cari.js shows it."""
    return indexed(site.output)["/" + url]["meta"].get("status")


def populer(site) -> dict[str, str]:
    """Title → its line in the home page's "Terpopuler" list."""
    doc = lxml.html.fromstring(site.read("index.html"))
    return {" ".join(li.xpath("string(a)").split()): " ".join(li.text_content().split())
            for li in doc.xpath("//section[contains(@class, 'terpopuler')]//li")}


def test_an_announcement_says_until_when_and_once_past_that_it_has_ended(site, monkeypatch):
    from readcounts import store

    site.write("berita/dinkes/jalan.md", BERJALAN)
    site.write("berita/dinkes/kader.md", LEWAT)
    # Both among the most read (the home page's "Terpopuler").
    store.save(site.root / "cache" / "statistik.json", store.merge(
        store.empty(), {"2026-11-21": {"/" + BERJALAN_URL: 900, "/" + LEWAT_URL: 800}}, date(2026, 11, 22)))
    assert site.build(SITEURL="https://sukamaju.example") == 0  # today: 22 November 2026
    assert status(site, LEWAT_URL) == "Sudah berakhir" and status(site, BERJALAN_URL) is None
    listed = populer(site)
    assert listed["Pendaftaran Kader Posyandu Teladan"].endswith("sudah berakhir)") and "berakhir" not in listed["Penutupan Sementara Jalan Pemuda"]
    assert notice(site, BERJALAN_URL) == "Berlaku hingga 28 November 2026."
    assert notice(site, LEWAT_URL) == "Pengumuman ini sudah berakhir pada 20 Oktober 2026."
    assert notice(site, "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/") == ""  # no Berakhir: nothing said
    listed = cards(site)
    assert listed["Pendaftaran Kader Posyandu Teladan"].endswith("· Pengumuman · Sudah berakhir")
    assert "berakhir" not in listed["Penutupan Sementara Jalan Pemuda"]
    data = json.loads(lxml.html.fromstring(site.read(LEWAT_URL + "index.html")).xpath(
        "string(//script[@type='application/ld+json'])"))
    assert data["expires"] == "2026-10-21T00:00:00+07:00"  # valid through the 20th (WIB)
    # A feed reader (a newsroom, an aggregator) reads the entry later: it says the last day.
    feed = feedparser.parse(site.read("feeds/kategori/pengumuman.atom.xml"))
    entry = next(e for e in feed.entries if e.title == "Pendaftaran Kader Posyandu Teladan")
    assert "Berlaku hingga 20 Oktober 2026." in entry.content[0].value

    # A week later (the scheduled daily build), in the same output: the road closure has
    # ended too, on its page and its card, as a clean build would say.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 7 * 86400))
    assert site.build(SITEURL="https://sukamaju.example") == 0
    assert notice(site, BERJALAN_URL) == "Pengumuman ini sudah berakhir pada 28 November 2026."
    assert cards(site)["Penutupan Sementara Jalan Pemuda"].endswith("· Sudah berakhir")
    assert status(site, BERJALAN_URL) == "Sudah berakhir"  # the search index follows the day too
    assert populer(site)["Penutupan Sementara Jalan Pemuda"].endswith("sudah berakhir)")


def test_the_preview_s_build_process_turns_the_notice_over_in_the_search_index_too(site, monkeypatch):
    """The preview's build process keeps the last build's search data (``Run.memory``):
    a build after midnight in the same process, a save away, still says the road closure has
    ended, in its search result as on its page."""
    from conftest import CONF
    from content import build

    site.write("berita/dinkes/jalan.md", BERJALAN)
    memory: dict = {}
    for days, said in ((0, None), (7, "Sudah berakhir")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + days * 86400))
        assert build.build(CONF, site.output, memory=memory, preview=True, in_place=True, **site.settings()) == 0
        assert status(site, BERJALAN_URL) == said, days
    assert notice(site, BERJALAN_URL) == "Pengumuman ini sudah berakhir pada 28 November 2026."


def test_a_build_that_ran_across_midnight_is_made_again_the_next_day(site, monkeypatch, capsys):
    """A build that read the clock for its pages before midnight and for its fingerprint
    after it recorded the next day as done: the next day's build said "Tidak ada
    perubahan" and left "Berlaku hingga" up for a day."""
    from content import clock

    evening, morning = int(EPOCH) + 43_199, int(EPOCH) + 43_201  # 22 Nov 2026, 23:59:59 and 00:00:01 WIB
    site.write("berita/dinkes/jalan.md", BERJALAN.replace("Berakhir: 2026-11-28", "Berakhir: 2026-11-22"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(evening))
    real = clock.now

    def now(tz="Asia/Jakarta"):  # the first reading (the build's today) before midnight, every later one after
        moment = real(tz)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(morning))
        return moment

    monkeypatch.setattr(clock, "now", now)
    assert site.build() == 0
    assert notice(site, BERJALAN_URL) == "Berlaku hingga 22 November 2026."
    monkeypatch.setattr(clock, "now", real)
    capsys.readouterr()
    assert site.build() == 0  # the next morning
    assert "Tidak ada perubahan" not in capsys.readouterr().out
    assert notice(site, BERJALAN_URL) == "Pengumuman ini sudah berakhir pada 22 November 2026."


def test_an_end_before_the_item_s_own_date_is_refused_naming_the_file_and_field(site, capsys):
    site.write("berita/dinkes/kader.md", LEWAT.replace("Berakhir: 2026-10-20", "Berakhir: 2026-09-20"))
    assert site.build() != 0
    said = capsys.readouterr().err
    assert "berita/dinkes/kader.md" in said and "Berakhir: 2026-09-20 sebelum Date 2026-10-01" in said, said
