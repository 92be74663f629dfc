"""Share links computed at build time: encoding, where they appear, the setting."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from lxml import html as lxml_html

BASE = "https://sukamajukab.go.id"

TRICKY = """
Title: Harga "Beras" & Gula #1? Naik 5% di Pasar Wage: Apa Kata Dinas?
Date: 2026-11-11 09:30
OPD: dinkes
Author: Humas Dinkes
Category: Berita

Isi.
"""

EVENT = """
Title: Rapat Koordinasi Posyandu
OPD: dinkes
Mulai: 2026-12-01 09:00
Tempat: Aula Dinkes

Rapat.
"""


def share_links(html: str) -> dict[str, str]:
    doc = lxml_html.fromstring(html)
    return {a.get("aria-label"): a.get("href") or a.get("data-alamat")
            for a in doc.xpath("//section[@class='bagikan']//*[self::a or self::button[@data-salin]]")}


def test_title_and_address_are_encoded_so_each_network_reads_them_back(site):
    site.write("berita/dinkes/harga.md", TRICKY)
    assert site.build(SITEURL=BASE, CARI_ENABLED=False) == 0
    page = "berita/2026/11/harga-beras-gula-1-naik-5-di-pasar-wage-apa-kata-dinas/"
    links = share_links(site.read(page + "index.html"))
    url = f"{BASE}/{page}"
    title = 'Harga "Beras" & Gula #1? Naik 5% di Pasar Wage: Apa Kata Dinas?'
    q = {name: parse_qs(urlparse(href).query, strict_parsing=True) for name, href in links.items()}
    assert q["Bagikan ke WhatsApp"] == {"text": [f"{title} {url}"]}
    assert q["Bagikan ke Facebook"] == {"u": [url]}
    assert q["Bagikan ke X (Twitter)"] == {"url": [url], "text": [title]}
    assert q["Bagikan ke Telegram"] == {"url": [url], "text": [title]}
    assert q["Bagikan lewat surel"] == {"subject": [title], "body": [url]}
    assert links["Salin tautan halaman ini"] == url
    # No raw space, '#', '&' or quote inside a value: the fragment and the query stay intact.
    for href in links.values():
        assert " " not in href and urlparse(href).fragment == ""
    assert "+" not in links["Bagikan lewat surel"]  # mail programs read '+' literally


def test_entries_and_events_have_share_links_and_a_local_preview_has_none(site):
    site.write("agenda/dinkes/rapat.md", EVENT)
    assert site.build(SITEURL=BASE, CARI_ENABLED=False) == 0
    entry = site.read("dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/index.html")
    event = site.read("agenda/2026/12/rapat-koordinasi-posyandu/index.html")
    for html in (entry, event):
        assert len(share_links(html)) == 6
        assert "/theme/js/bagikan." in html
    assert share_links(site.read("profil-ppid/index.html")) == {}  # static pages: not shared
    assert site.build(CARI_ENABLED=False) == 0  # no absolute address: no link could carry one
    assert share_links(site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")) == {}
    assert "bagikan." not in site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")


def test_the_networks_are_a_setting(site):
    assert site.build(SITEURL=BASE, CARI_ENABLED=False, BAGIKAN=("whatsapp", "salin")) == 0
    links = share_links(site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html"))
    assert list(links) == ["Bagikan ke WhatsApp", "Salin tautan halaman ini"]


def test_an_unknown_network_stops_the_build(site, capsys):
    before = site.digest()
    assert site.build(SITEURL=BASE, CARI_ENABLED=False, BAGIKAN=("whatsapp", "line")) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "pelicanconf.py: BAGIKAN: 'line' tidak dikenal" in text and "whatsapp" in text
    assert site.digest() == before


def test_a_title_holding_less_and_greater_than_signs_is_whole_everywhere(site):
    """"Anak <7 Tahun, Target >95%" is a title, not HTML: the tab, the shares, Open Graph,
    JSON-LD and the feeds carried "Anak 95%" (read as a tag and removed)."""
    import json

    title = "Sub PIN Polio untuk Anak <7 Tahun, Cakupan Target >95%"
    site.write("berita/dinkes/polio.md", TRICKY.replace('Harga "Beras" & Gula #1? Naik 5% di Pasar Wage: Apa Kata Dinas?', title))
    assert site.build(SITEURL=BASE, CARI_ENABLED=False) == 0
    page = next(p for p in site.output.glob("berita/2026/11/*/index.html") if "Polio" in p.read_text(encoding="utf-8"))
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    assert doc.findtext(".//title").startswith(title + " – ")
    assert doc.xpath("string(//meta[@property='og:title']/@content)").startswith(title)
    data = [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]
    assert title in [d.get("headline") for d in data]
    whatsapp = share_links(page.read_text(encoding="utf-8"))["Bagikan ke WhatsApp"]
    assert parse_qs(urlparse(whatsapp).query)["text"][0].startswith(title + " ")
    for feed in ("feeds/semua.atom.xml", "feeds/opd/dinkes.atom.xml"):
        from lxml import etree

        entries = etree.fromstring(site.read(feed).encode()).findall("{http://www.w3.org/2005/Atom}entry")
        assert title in [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries], feed


def test_the_shared_address_is_the_page_s_canonical_address(site):
    """A site whose pages link each other relatively (SITEURL empty) but whose public
    address is set (FEED_DOMAIN, as for its feeds, calendars and canonical links) shares
    that public address: the link a reader sends is the one the page calls its own."""
    assert site.build(SITEURL="", FEED_DOMAIN=BASE, CARI_ENABLED=False) == 0
    page = "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"
    html = site.read(page + "index.html")
    canonical = lxml_html.fromstring(html).xpath("//link[@rel='canonical']/@href")
    assert canonical == [f"{BASE}/{page}"]
    assert share_links(html)["Salin tautan halaman ini"] == canonical[0]
    assert parse_qs(urlparse(share_links(html)["Bagikan ke Facebook"]).query) == {"u": canonical}
