"""Redaktur and Foto: shown as portals show them, in JSON-LD, in the guide and the scaffold."""

from __future__ import annotations

import json
import re

from lxml import html as lxml_html

from conftest import ROOT

SITEURL = "https://sukamajukab.go.id"
NEWS_URL = "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html"


def news(site, extra: str, photo=True):
    head = "Image: images/foto.jpg\nImage-Alt: Kader posyandu menimbang balita\n" if photo else ""
    if photo:
        site.image("images/foto.jpg")
    path = site.content / "berita/dinkes/posyandu.md"
    path.write_text(path.read_text().replace("Tags:", head + extra + "Tags:"), encoding="utf-8")


def page(site):
    return lxml_html.fromstring(site.read(NEWS_URL))


def text(doc, xpath) -> str:
    return " ".join(doc.xpath(f"string({xpath})").split())


def jsonld(doc) -> dict:
    (data,) = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
    return data


def test_writer_editor_and_photo_credit_are_shown_and_in_json_ld(site):
    news(site, "Redaktur: Rina Anggraeni\nFoto: Antara/Budi Santoso\n")
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    doc = page(site)
    assert "Oleh Humas Dinkes, Redaktur: Rina Anggraeni" in text(doc, "//p[contains(@class,'berita__meta')]")
    assert text(doc, "//figure[@class='berita__gambar']/figcaption") == "Foto: Antara/Budi Santoso"
    data = jsonld(doc)
    assert data["editor"] == {"@type": "Person", "name": "Rina Anggraeni"}
    (image,) = data["image"]
    assert image["@type"] == "ImageObject" and image["creditText"] == "Antara/Budi Santoso"
    assert image["url"].startswith(SITEURL + "/images/foto-og.")


def test_photo_credit_defaults_to_the_opd_and_no_editor_means_none_shown(site):
    news(site, "Image-Caption: Penimbangan balita.\n")
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    doc = page(site)
    meta = text(doc, "//p[contains(@class,'berita__meta')]")
    assert "Oleh Humas Dinkes" in meta and "Redaktur" not in meta
    assert text(doc, "//figure[@class='berita__gambar']/figcaption") == "Penimbangan balita. Foto: Dinas Kesehatan"
    data = jsonld(doc)
    assert "editor" not in data and data["image"][0]["creditText"] == "Dinas Kesehatan"


def test_a_republished_item_s_photo_is_credited_to_its_source(site):
    """A ministry's item republished with its photo and no Foto line: the photo is the
    ministry's, not the OPD's that republished it."""
    news(site, "Image-Caption: Layanan cek kesehatan.\nSumber: Kementerian Kesehatan\n"
               "Sumber-URL: https://kemkes.go.id/id/cek-kesehatan-gratis\n")
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    doc = page(site)
    assert text(doc, "//figure[@class='berita__gambar']/figcaption") == "Layanan cek kesehatan. Foto: Kementerian Kesehatan"
    assert jsonld(doc)["image"][0]["creditText"] == "Kementerian Kesehatan"


def test_without_a_photo_there_is_no_credit(site):
    news(site, "Foto: Humas Dinkes\n", photo=False)
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    assert "Foto: " not in site.read(NEWS_URL).split('class="berita__isi')[0].split("</header>")[1]
    assert "image" not in jsonld(page(site))


def test_guide_documents_both_fields():
    guide = (ROOT / "docs" / "panduan-penulis.md").read_text(encoding="utf-8")
    assert re.search(r"^\| `Redaktur` \| tidak wajib \|", guide, re.M)
    assert re.search(r"^\| `Foto` \| tidak wajib \|.*bawaannya Sumber \(narasi tunggal\), selain itu nama OPD", guide, re.M)


def test_scaffold_leaves_a_redaktur_line_to_fill_in(tmp_path):
    from content import scaffold
    from content.registry import Opd

    path = scaffold.new(tmp_path, "berita", "dinkes", "Posyandu Serentak", {"dinkes": Opd("dinkes", "Dinas Kesehatan", "Dinkes")}, "Asia/Jakarta")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "Redaktur:" in lines and "Author: Humas Dinkes" in lines


def test_json_ld_is_kept_with_a_news_item_only_while_what_it_reads_is_as_read():
    """A news item made again from what the last build kept has that build's JSON-LD
    while the attributes it is made from hold what reading made (``NEWS_INPUTS``, with
    its address and summary, rendering.kept's recall). Every attribute ``news_inputs``
    reads is one of those (its summary is made from ``metadata`` or ``_content``), and
    each of them changes the JSON-LD."""
    import types
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from pelican.generators import ArticlesGenerator

    import metadata
    from conftest import Reads

    jakarta = ZoneInfo("Asia/Jakarta")
    base = dict(
        url="berita/2026/11/banjir/", og_image="images/banjir-og.jpg", title="Banjir <b>surut</b>",
        summary="<p>Air surut pagi ini.</p>", date=datetime(2026, 11, 29, 9, 0, tzinfo=jakarta), modified=None,
        category="Bencana", tags=["banjir", "bpbd"], author="Humas",
        fields={"image": "images/banjir.jpg", "redaktur": "Sri", "foto": "Dok. BPBD"},
        opd=types.SimpleNamespace(nama="Badan Penanggulangan Bencana Daerah"), save_as="berita/2026/11/banjir/index.html",
    )
    changes = {
        "title": "Banjir surut total", "summary": "<p>Air surut sore ini.</p>", "date": base["date"] - timedelta(days=1),
        "modified": base["date"] + timedelta(days=1), "category": "Lingkungan", "tags": ["banjir"], "author": "Tim Humas",
        "fields": {**base["fields"], "redaktur": "Budi"}, "og_image": "images/banjir-2-og.jpg",
        "opd": types.SimpleNamespace(nama="BPBD Sukamaju"), "url": "berita/2026/11/banjir-surut/",
    }
    site = {"SITEURL": "https://sukamaju.go.id", "SITENAME": "Kabupaten Sukamaju"}

    def jsonld(values):
        gen = object.__new__(ArticlesGenerator)
        gen.articles = [Reads(**values)]
        metadata.derive(types.SimpleNamespace(settings=site, memory=None, kept=None, lastmod={}, now=base["date"]), [gen])
        return str(gen.articles[0].jsonld), vars(gen.articles[0])["_read"]

    made, read = jsonld(base)
    assert read - {"url", "summary", "save_as", "jsonld", "kredit_foto"} <= set(metadata.NEWS_INPUTS)
    assert {"metadata", "_content", "_summary"} <= set(metadata.NEWS_INPUTS)  # what a summary is made from
    assert set(changes) <= read
    for name, value in changes.items():
        assert jsonld({**base, name: value})[0] != made, name


def test_a_corrected_item_says_when_it_was_updated_and_cards_are_large(site):
    """A news item with Modified shows its update beside its date (a reader sees it was
    corrected) and says it to Open Graph; one without shows its date alone. A page with
    its own picture asks X for the large card, one without for the small one."""
    news(site, "Modified: 2026-11-12 14:05\n")
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    doc = page(site)
    meta = text(doc, "//p[contains(@class,'berita__meta')]")
    assert "Diperbarui Kamis, 12 November 2026" in meta and "14:05" in meta
    assert doc.xpath("string(//meta[@property='article:modified_time']/@content)") == "2026-11-12T14:05:00+07:00"
    assert doc.xpath("string(//meta[@name='twitter:card']/@content)") == "summary_large_image"
    home = lxml_html.fromstring(site.read("index.html"))
    assert home.xpath("string(//meta[@name='twitter:card']/@content)") in ("", "summary")
    path = site.content / "berita/dinkes/posyandu.md"
    path.write_text(path.read_text().replace("Modified: 2026-11-12 14:05\n", ""), encoding="utf-8")
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    doc = page(site)
    assert "Diperbarui" not in text(doc, "//p[contains(@class,'berita__meta')]")
    assert not doc.xpath("//meta[@property='article:modified_time']")


def test_without_the_images_package_no_page_names_the_unpublished_photo(site):
    """The original photo is never published (the images package publishes its resized
    copies and card): with that package off, no share card or structured data may point
    at the original's address, a link to nothing."""
    from conftest import CONF
    from content.build import load_settings

    site.image("images/posyandu.jpg")
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "Tags:", "Image: images/posyandu.jpg\nImage-Alt: Kader menimbang balita\nTags:"), encoding="utf-8")
    plugins = [name for name in load_settings(CONF)["PLUGINS"] if name != "images"]
    assert site.build(PLUGINS=plugins, SITEURL="https://sukamaju.example") == 0
    html = site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")
    assert not (site.output / "images/posyandu.jpg").exists()
    assert "images/posyandu.jpg" not in html
