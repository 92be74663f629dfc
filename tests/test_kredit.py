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


def test_without_a_photo_there_is_no_credit(site):
    news(site, "Foto: Humas Dinkes\n", photo=False)
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    assert "Foto: " not in site.read(NEWS_URL).split('class="berita__isi')[0].split("</header>")[1]
    assert "image" not in jsonld(page(site))


def test_guide_documents_both_fields():
    guide = (ROOT / "docs" / "panduan-penulis.md").read_text(encoding="utf-8")
    assert re.search(r"^\| `Redaktur` \| tidak wajib \|", guide, re.M)
    assert re.search(r"^\| `Foto` \| tidak wajib \|.*bawaannya nama OPD", guide, re.M)


def test_scaffold_leaves_a_redaktur_line_to_fill_in(tmp_path):
    from content import scaffold
    from content.registry import Opd

    path = scaffold.new(tmp_path, "berita", "dinkes", "Posyandu Serentak", {"dinkes": Opd("dinkes", "Dinas Kesehatan", "Dinkes")}, "Asia/Jakarta")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "Redaktur:" in lines and "Author: Humas Dinkes" in lines


def test_preview_keeps_json_ld_only_while_its_inputs_are_the_same():
    """The preview's build process keeps each news item's JSON-LD by its inputs
    (Run.memory): a change to any of them gives what a build without memory gives."""
    import types
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    from pelican.generators import ArticlesGenerator

    import metadata

    jakarta = ZoneInfo("Asia/Jakarta")
    base = dict(
        url="berita/2026/11/banjir/", og_image="images/banjir-og.jpg", title="Banjir <b>surut</b>",
        summary="<p>Air surut pagi ini.</p>", date=datetime(2026, 11, 29, 9, 0, tzinfo=jakarta), modified=None,
        category="Bencana", tags=["banjir", "bpbd"], author="Humas",
        fields={"image": "images/banjir.jpg", "redaktur": "Sri", "foto": "Dok. BPBD"},
        opd=types.SimpleNamespace(nama="Badan Penanggulangan Bencana Daerah"), save_as="berita/2026/11/banjir/index.html",
    )
    changes = [
        {}, {"title": "Banjir surut total"}, {"summary": "<p>Air surut sore ini.</p>"},
        {"date": base["date"].astimezone(timezone.utc)},  # the same instant, written in another zone
        {"modified": base["date"] + timedelta(days=1)}, {"category": "Lingkungan"}, {"tags": ["banjir"]},
        {"author": "Tim Humas"}, {"fields": {**base["fields"], "redaktur": "Budi"}},
        {"fields": {**base["fields"], "foto": "Dok. warga"}}, {"fields": {"image": "", "redaktur": "Sri"}, "og_image": None},
        {"og_image": "images/banjir-2-og.jpg"}, {"opd": types.SimpleNamespace(nama="BPBD Sukamaju")},
        {"url": "berita/2026/11/banjir-surut/"}, {},
    ]

    site = {"SITEURL": "https://sukamaju.go.id", "SITENAME": "Kabupaten Sukamaju"}

    def jsonld(values, memory, settings=site):
        gen = object.__new__(ArticlesGenerator)
        gen.articles = [types.SimpleNamespace(**values)]
        run = types.SimpleNamespace(settings=settings, memory=memory, lastmod={})
        metadata.derive(run, [gen])
        return str(gen.articles[0].jsonld)

    memory = {}
    for change in changes:
        values = {**base, **change}
        assert jsonld(values, memory) == jsonld(values, None), change
    assert len(memory["metadata"]["jsonld"]) == 1  # only the last build's item is kept
    for settings in ({**site, "SITENAME": "Pemkab Sukamaju"}, {**site, "SITE_LOGO": "images/logo.png"},
                     {**site, "SITEURL": "https://www.sukamaju.go.id"}):
        jsonld(base, memory)  # kept under the site's settings...
        assert jsonld(base, memory, settings) == jsonld(base, None, settings), settings  # ...not reused under others
