"""An announcement's last day (``Berakhir``): said on its page and, once past, on its card
in the lists and in its structured data; refused before the item's own date."""

from __future__ import annotations

import json

import feedparser
import lxml.html

from conftest import EPOCH

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


def test_an_announcement_says_until_when_and_once_past_that_it_has_ended(site, monkeypatch):
    site.write("berita/dinkes/jalan.md", BERJALAN)
    site.write("berita/dinkes/kader.md", LEWAT)
    assert site.build(SITEURL="https://sukamaju.example") == 0  # today: 22 November 2026
    assert notice(site, BERJALAN_URL) == "Berlaku hingga 28 November 2026."
    assert notice(site, LEWAT_URL) == "Pengumuman ini sudah berakhir pada 20 Oktober 2026."
    assert notice(site, "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/") == ""  # no Berakhir: nothing said
    listed = cards(site)
    assert listed["Pendaftaran Kader Posyandu Teladan"].endswith("· Pengumuman · Sudah berakhir")
    assert "berakhir" not in listed["Penutupan Sementara Jalan Pemuda"]
    data = json.loads(lxml.html.fromstring(site.read(LEWAT_URL + "index.html")).xpath(
        "string(//script[@type='application/ld+json'])"))
    assert data["expires"] == "2026-10-20"
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


def test_an_end_before_the_item_s_own_date_is_refused_naming_the_file_and_field(site, capsys):
    site.write("berita/dinkes/kader.md", LEWAT.replace("Berakhir: 2026-10-20", "Berakhir: 2026-09-20"))
    assert site.build() != 0
    said = capsys.readouterr().err
    assert "berita/dinkes/kader.md" in said and "Berakhir: 2026-09-20 sebelum Date 2026-10-01" in said, said
