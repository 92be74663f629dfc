"""Narasi tunggal and siaran pers: list pages, Atom feeds, canonical link, credit and
media contact, read back from the built output."""

from __future__ import annotations

import feedparser
import lxml.html
import pytest

SITEURL = "https://contoh.sukamajukab.go.id"

NARASI = """
Title: Cek Kesehatan Gratis pada Bulan Ulang Tahun
Date: 2026-11-05 08:30
OPD: dinkes
Author: Humas Dinkes
Category: Berita
Tags: narasi tunggal, kesehatan
Sumber: Kementerian Kesehatan
Sumber-URL: https://kemkes.go.id/id/cek-kesehatan-gratis

Kementerian Kesehatan menyelenggarakan program Cek Kesehatan Gratis.
"""

SIARAN = """
Title: Status Siaga Darurat Banjir Ditetapkan
Date: 2026-11-17 19:30
OPD: bpbd
Author: Humas BPBD
Category: Siaran Pers
Kontak-Media: Sri Wahyuni, (0282) 521700

SUKAMAJU – Bupati menetapkan status siaga darurat banjir.
"""


@pytest.fixture
def kanal_site(site):
    site.write("berita/dinkes/ckg.md", NARASI)
    site.write("berita/bpbd/siaga.md", SIARAN)
    return site


NARASI_URL = "berita/2026/11/cek-kesehatan-gratis-pada-bulan-ulang-tahun/"
SIARAN_URL = "berita/2026/11/status-siaga-darurat-banjir-ditetapkan/"
PLAIN_URL = "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"


def listed(html: str) -> list[str]:
    return [a for a in lxml.html.fromstring(html).xpath("//main//article//h3/a/@href")]


def canonicals(html: str) -> list[str]:
    return lxml.html.fromstring(html).xpath("//head/link[@rel='canonical']/@href")


def test_lists_hold_only_their_own_items(kanal_site):
    assert kanal_site.build() == 0
    assert listed(kanal_site.read("narasi-tunggal/index.html")) == [f"/{NARASI_URL}"]
    assert listed(kanal_site.read("siaran-pers/index.html")) == [f"/{SIARAN_URL}"]


def test_narasi_credits_its_source_and_points_canonical_there(kanal_site):
    assert kanal_site.build(SITEURL=SITEURL) == 0
    page = kanal_site.read(NARASI_URL + "index.html")
    assert canonicals(page) == ["https://kemkes.go.id/id/cek-kesehatan-gratis"]
    credit = lxml.html.fromstring(page).xpath("//main//*[contains(@class, 'sumber')]")
    assert credit and " ".join(credit[0].text_content().split()) == "Sumber: Kementerian Kesehatan"
    # The page to index is the source's: the site map leaves this copy out, keeps its own items.
    sitemap = kanal_site.read("sitemap.xml")
    assert NARASI_URL not in sitemap and f"{SITEURL}/{SIARAN_URL}" in sitemap and f"{SITEURL}/{PLAIN_URL}" in sitemap
    assert credit[0].xpath(".//a/@href") == ["https://kemkes.go.id/id/cek-kesehatan-gratis"]


def test_own_items_keep_their_canonical_on_the_site(kanal_site):
    assert kanal_site.build(SITEURL=SITEURL) == 0
    for url in (PLAIN_URL, SIARAN_URL):
        page = kanal_site.read(url + "index.html")
        assert all(c.startswith(SITEURL) for c in canonicals(page)), url
        assert "Sumber:" not in page


def test_a_republished_item_s_structured_data_names_its_source(kanal_site):
    """The page says "Sumber: Kementerian Kesehatan" and its canonical link is the ministry's
    page: its JSON-LD says the same (it named the OPD as the source and this copy as the
    main page), and an item of the OPD's own names the OPD."""
    import json

    assert kanal_site.build() == 0

    def ld(url):
        doc = lxml.html.fromstring(kanal_site.read(url + "index.html"))
        return json.loads(doc.xpath("string(//script[@type='application/ld+json'][contains(., 'NewsArticle')])"))

    narasi = ld(NARASI_URL)
    assert narasi["sourceOrganization"] == {"@type": "Organization", "name": "Kementerian Kesehatan"}
    assert narasi["isBasedOn"] == narasi["mainEntityOfPage"] == "https://kemkes.go.id/id/cek-kesehatan-gratis"
    own = ld(PLAIN_URL)
    assert own["sourceOrganization"]["name"] == "Dinas Kesehatan" and "isBasedOn" not in own
    assert own.get("mainEntityOfPage") == own.get("url")  # (none in a build without an absolute SITEURL)


def test_press_release_shows_its_media_contact(kanal_site):
    assert kanal_site.build() == 0
    block = lxml.html.fromstring(kanal_site.read(SIARAN_URL + "index.html")).xpath("//aside[contains(@class, 'kontak-media')]")
    assert block and "Sri Wahyuni, (0282) 521700" in block[0].text_content()
    # The trail ends at the page itself, as an entry's, an event's and a regulation's do.
    crumbs = lxml.html.fromstring(kanal_site.read(SIARAN_URL + "index.html")).xpath("//nav[@class='remah']//li")
    assert [" ".join(li.text_content().split()) for li in crumbs][:3] == ["Beranda", "Berita", "Siaran Pers"]
    # A press release's trail leads to the press releases' own list, with their media contacts.
    assert crumbs[2].xpath("string(a/@href)") == "/siaran-pers/"
    narasi = lxml.html.fromstring(kanal_site.read(NARASI_URL + "index.html")).xpath("//nav[@class='remah']//li")
    assert len(narasi) == 3  # a news item of the Berita category: Beranda › Berita › the item
    assert crumbs[-1].xpath("string(*[@aria-current='page'])").strip() == \
        lxml.html.fromstring(kanal_site.read(SIARAN_URL + "index.html")).xpath("string(//h1)").strip()[:60].rstrip()
    # A journalist on a phone taps the number to call.
    assert [(a.get("href"), a.text) for a in block[0].iter("a")] == [("tel:0282521700", "(0282) 521700")]
    assert "kontak-media" not in kanal_site.read(PLAIN_URL + "index.html")


def test_a_media_contact_s_address_is_a_link_and_its_text_stays_text():
    from metadata import contact_links

    made = str(contact_links('Nurul <b>H</b>, 0812-2652-1210 / humas.bpkad@sukamajukab.go.id, Pasal 112'))
    assert made == ('Nurul &lt;b&gt;H&lt;/b&gt;, <a href="tel:081226521210">0812-2652-1210</a> / '
                    '<a href="mailto:humas.bpkad@sukamajukab.go.id">humas.bpkad@sukamajukab.go.id</a>, Pasal 112')


@pytest.mark.parametrize(
    "setting, base",
    [("SITEURL", SITEURL), ("FEED_DOMAIN", "https://umpan.sukamajukab.go.id")],
)
@pytest.mark.parametrize(
    "feed, url",
    [("feeds/narasi-tunggal.atom.xml", NARASI_URL), ("feeds/siaran-pers.atom.xml", SIARAN_URL)],
)
def test_each_channel_has_an_atom_feed_with_absolute_links(kanal_site, setting, base, feed, url):
    assert kanal_site.build(**{setting: base}) == 0
    parsed = feedparser.parse(kanal_site.read(feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.link for e in parsed.entries] == [f"{base}/{url}"]
    assert parsed.feed.id == f"{base}/{feed}"
    assert any(link.rel == "self" and link.href == f"{base}/{feed}" for link in parsed.feed.links)
    page = kanal_site.read(feed.split("/")[1].split(".")[0] + "/index.html")
    assert f'href="{SITEURL if setting == "SITEURL" else ""}/{feed}"' in page


def test_feed_entries_carry_what_the_page_credits_and_only_absolute_addresses(kanal_site):
    """A newsroom reading the feeds gets what the page shows beside the body: a press
    release's media contact, a narasi tunggal item's source, the lead photo with its
    credit; an author's link from the site's root is absolute there (in the channel
    feeds and in Pelican's own, the all-news feed)."""
    from lxml import etree

    kanal_site.image("images/siaga.jpg")
    siaga = kanal_site.content / "berita/bpbd/siaga.md"
    siaga.write_text(siaga.read_text().replace(
        "Kontak-Media:", "Image: images/siaga.jpg\nImage-Alt: Petugas BPBD di tanggul\nFoto: Humas BPBD\nKontak-Media:")
        + "\nPantau [informasi serta-merta](/dip/serta-merta/).\n", encoding="utf-8")
    assert kanal_site.build(SITEURL=SITEURL) == 0
    atom = "{http://www.w3.org/2005/Atom}"

    def contents(feed):
        root = etree.fromstring(kanal_site.read(feed).encode())
        return {e.findtext(f"{atom}title"): e.findtext(f"{atom}content") for e in root.iter(f"{atom}entry")}

    for feed in ("feeds/siaran-pers.atom.xml", "feeds/semua.atom.xml"):
        siaran = contents(feed)["Status Siaga Darurat Banjir Ditetapkan"]
        assert "<p>Kontak media: Sri Wahyuni, (0282) 521700</p>" in siaran, feed
        assert f'href="{SITEURL}/dip/serta-merta/"' in siaran and 'href="/' not in siaran, feed
        photo = lxml.html.fromstring(siaran).xpath("//figure")[0]
        assert photo.xpath("string(.//img/@src)").startswith(f"{SITEURL}/images/")
        assert photo.xpath("string(.//img/@alt)") == "Petugas BPBD di tanggul"
        assert photo.xpath("string(.//figcaption)") == "Foto: Humas BPBD"
    for feed in ("feeds/narasi-tunggal.atom.xml", "feeds/semua.atom.xml"):
        narasi = contents(feed)["Cek Kesehatan Gratis pada Bulan Ulang Tahun"]
        assert '<p>Sumber: <a href="https://kemkes.go.id/id/cek-kesehatan-gratis">Kementerian Kesehatan</a></p>' in narasi, feed


def test_without_an_absolute_address_no_feed_is_written(kanal_site):
    assert kanal_site.build() == 0
    assert not (kanal_site.output / "feeds/narasi-tunggal.atom.xml").exists()
    assert "atom.xml" not in kanal_site.read("narasi-tunggal/index.html")


def test_the_narasi_list_is_paginated(kanal_site):
    for n in range(1, 15):
        kanal_site.write(
            f"berita/dinkes/narasi-{n}.md",
            NARASI.replace("Cek Kesehatan Gratis pada Bulan Ulang Tahun", f"Narasi Nomor {n}")
            .replace("2026-11-05 08:30", f"2026-10-{n:02d} 08:00")
            .replace("cek-kesehatan-gratis\n", f"narasi-{n}\n"),
        )
    assert kanal_site.build() == 0
    first, second = kanal_site.read("narasi-tunggal/index.html"), kanal_site.read("narasi-tunggal/halaman/2/index.html")
    assert len(listed(first)) == 12 and len(listed(second)) == 3
    assert listed(first)[0] == f"/{NARASI_URL}"  # newest first
    assert 'href="/narasi-tunggal/halaman/2/"' in first


def test_a_sumber_url_that_is_not_http_stops_the_build(site, capsys):
    site.write("berita/dinkes/ckg.md", NARASI.replace("https://kemkes.go.id/id/cek-kesehatan-gratis", "kemkes.go.id/ckg"))
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "berita/dinkes/ckg.md: Sumber-URL: \"kemkes.go.id/ckg\" bukan alamat web yang sah" in err
    assert "Traceback" not in err


def test_each_opd_lists_all_its_news_beside_its_page(kanal_site):
    """The contract's opd/<slug>/ holds "its news": the OPD page shows the newest few and
    links to opd/<slug>/berita/, every item of that OPD, newest first, paginated."""
    kanal_site.write("opd.toml", kanal_site.content.joinpath("opd.toml").read_text()
                     + '\n[dinsos]\nnama = "Dinas Sosial"\nsingkatan = "Dinsos"\n')  # no news yet
    for n in range(1, 27):
        kanal_site.write(f"berita/dinkes/kabar-{n}.md", NARASI.replace("Cek Kesehatan Gratis pada Bulan Ulang Tahun", f"Kabar Dinkes {n}")
                         .replace("2026-11-05 08:30", f"2026-10-{n:02d} 08:00").replace("Sumber: Kementerian Kesehatan\n", "")
                         .replace("Sumber-URL: https://kemkes.go.id/id/cek-kesehatan-gratis\n", ""))
    assert kanal_site.build() == 0
    first = kanal_site.read("opd/dinkes/berita/index.html")
    second = kanal_site.read("opd/dinkes/berita/halaman/2/index.html")
    items = listed(first) + listed(second)
    assert len(listed(first)) == 24 and len(items) == 28  # the 26, the narasi item and the sample's posyandu
    assert items[:2] == [f"/{PLAIN_URL}", f"/{NARASI_URL}"] and items[-1] == "/berita/2026/10/kabar-dinkes-1/"  # newest first
    assert f"/{SIARAN_URL}" not in items  # BPBD's
    doc = lxml.html.fromstring(first)
    assert [" ".join(x.text_content().split()) for x in doc.xpath("//nav[@class='remah']//li")] == ["Beranda", "Dinas Kesehatan", "Berita"]
    assert doc.xpath("//h1/text()") == ["Berita Dinas Kesehatan"]
    assert 'href="/opd/dinkes/berita/halaman/2/"' in first
    assert listed(kanal_site.read("opd/bpbd/berita/index.html")) == [f"/{SIARAN_URL}"]
    opd = lxml.html.fromstring(kanal_site.read("opd/dinkes/index.html"))
    assert opd.xpath("//a[@href='/opd/dinkes/berita/']/text()") == ["Semua berita Dinkes (28)"]
    # The site map lists an OPD's news under its OPD, not among the news channels.
    peta = lxml.html.fromstring(kanal_site.read("peta-situs/index.html"))
    assert peta.xpath("//section[@aria-labelledby='peta-berita']//a[@href='/narasi-tunggal/']")
    assert not peta.xpath("//section[@aria-labelledby='peta-berita']//a[@href='/opd/dinkes/berita/']")
    assert peta.xpath("//section[@aria-labelledby='peta-opd']//a[@href='/opd/dinkes/berita/']/text()") == ["Berita Dinkes"]
    # An OPD without news: no empty list, no link to one.
    assert not (kanal_site.output / "opd/dinsos/berita").exists()
    assert "/opd/dinsos/berita/" not in kanal_site.read("opd/dinsos/index.html")


@pytest.mark.parametrize("settings, said", [
    ({"PAGINATED_TEMPLATES": {"berita": "dua belas"}}, "PAGINATED_TEMPLATES: \"berita\": harus bilangan bulat 1 atau lebih"),
    ({"PAGINATED_TEMPLATES": {"berita": -3}}, "PAGINATED_TEMPLATES: \"berita\": harus bilangan bulat 1 atau lebih (jumlah item per halaman), atau None (DEFAULT_PAGINATION); tertulis -3"),
    ({"KANAL_PER_PAGE": 0}, "KANAL_PER_PAGE: harus bilangan bulat 1 atau lebih"),
    ({"DEFAULT_PAGINATION": "12"}, "DEFAULT_PAGINATION: harus bilangan bulat"),
])
def test_a_page_size_that_cannot_work_is_refused_naming_the_setting(site, capsys, settings, said):
    """"dua belas" stopped the build inside Pelican's code (blamed on a kit file); -3 left
    the news list unwritten without a word."""
    before = site.digest() if (site.output / "index.html").exists() else None
    assert site.build(**settings) == 1
    err = capsys.readouterr().err
    assert f"pelicanconf.py: {said}" in err and "Traceback" not in err, err
    assert before is None or site.digest() == before


def test_feed_addresses_are_made_absolute_attribute_by_attribute():
    """A feed's root addresses become absolute, srcset candidates too; text inside another
    attribute's quotes that reads like one (``title='lihat href="/x/"'``) stays as written,
    and so do another host's addresses."""
    from feeds import absolute_addresses

    html = ('<a title=\'lihat href="/x/"\' href="/dip/">DIP</a> <a href="//cdn.example/a">b</a> '
            '<img alt="src=/lama" src="/situs/a.jpg" srcset="/situs/a-480.webp 480w, https://x.example/b.webp 960w">')
    assert absolute_addresses(html, f"{SITEURL}/situs") == (
        f'<a title=\'lihat href="/x/"\' href="{SITEURL}/dip/">DIP</a> <a href="//cdn.example/a">b</a> '
        f'<img alt="src=/lama" src="{SITEURL}/situs/a.jpg" srcset="{SITEURL}/situs/a-480.webp 480w, https://x.example/b.webp 960w">')


def test_without_the_channels_package_a_press_release_s_trail_leads_to_its_category(kanal_site):
    """A site may switch the channels off (``PLUGINS``): its news pages still render, the
    trail leading to the category's own list."""
    from conftest import CONF
    from content.build import load_settings

    plugins = [name for name in load_settings(CONF)["PLUGINS"] if name != "channels"]
    assert kanal_site.build(PLUGINS=plugins) == 0
    crumbs = lxml.html.fromstring(kanal_site.read(SIARAN_URL + "index.html")).xpath("//nav[@class='remah']//li")
    assert crumbs[2].xpath("string(a/@href)") == "/kategori/siaran-pers/"


def test_a_channel_titled_berita_is_not_named_twice_in_the_trail(kanal_site):
    """A site that gives its news category Berita a channel of its own, titled Berita:
    the trail reads Beranda › Berita (the channel), not Beranda › Berita › Berita, on the
    channel's list and on its items."""
    from channels.channels import NARASI_TUNGGAL, SIARAN_PERS, Kanal

    kanal = (NARASI_TUNGGAL, SIARAN_PERS)  # the kit's own (KANAL's default)
    berita = Kanal(slug="berita-daerah", title="Berita", intro="Berita pemerintah daerah.", feed_title="Berita",
                   rule="category:Berita")
    assert kanal_site.build(KANAL=(*kanal, berita)) == 0

    def trail(page):
        nav = lxml.html.fromstring(kanal_site.read(page)).xpath("//nav[@class='remah']//li")
        return [(li.text_content().strip(), li.xpath("string(a/@href)")) for li in nav]

    assert trail("berita-daerah/index.html") == [("Beranda", "/"), ("Berita", "")]
    item = trail(PLAIN_URL + "index.html")
    assert item[:2] == [("Beranda", "/"), ("Berita", "/berita-daerah/")] and len(item) == 3
    # A channel of another title keeps Berita before it.
    assert [label for label, _ in trail(SIARAN_URL + "index.html")][:3] == ["Beranda", "Berita", "Siaran Pers"]
