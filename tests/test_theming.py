"""The theme on built output: re-branding through settings, colour contrast, metadata
(canonical, Open Graph, JSON-LD), feeds, sitemap, robots, news navigation."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
from lxml import html as lxml_html

from conftest import ROOT

NEWS_URL = "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"
SITEURL = "https://contoh.go.id"


def news(site, name, title, date, opd="dinkes"):
    site.write(f"berita/{opd}/{name}.md", f"Title: {title}\nDate: {date}\nOPD: {opd}\nAuthor: Humas\nCategory: Berita\n\nIsi {title}.\n")


def doc(site, rel):
    return lxml_html.fromstring(site.read(rel).encode())


# --- Re-branding -----------------------------------------------------------------


def test_rebranding_through_settings_changes_every_page(site):
    site.image("images/lambang-contoh.png", size=(64, 64), fmt="PNG")
    assert site.build(
        SITENAME="Portal Resmi Pemerintah Kota Contoh", SITENAME_SHORT="Kota Contoh",
        SITE_OWNER="Pemerintah Kota Contoh", SITE_DESCRIPTION="Berita dan informasi publik Kota Contoh.", SITE_LOGO="images/lambang-contoh.png",
        SITE_ADDRESS="Jl. Merdeka No. 9, Contoh 10110", SITE_PHONE="(021) 555000", SITE_EMAIL="humas@contoh.go.id",
        SOCIAL=(("Mastodon", "https://mastodon.example/@kotacontoh"),), WARNA={"utama": "#7a1f1f"},
    ) == 0
    for rel in ("index.html", NEWS_URL + "index.html", "profil-ppid/index.html", "404.html", "berita/index.html"):
        text = site.read(rel)
        assert "Sukamaju" not in text and "sukamajukab" not in text, rel
        page = lxml_html.fromstring(text.encode())
        assert page.xpath("string(//header//a[@class='kepala__merek'])").strip() == "Kota Contoh"
        assert page.xpath("//header//img/@src") == ["/images/lambang-contoh.png"]
        footer = page.xpath("string(//footer)")
        assert "Jl. Merdeka No. 9, Contoh 10110" in footer and "(021) 555000" in footer and "humas@contoh.go.id" in footer
        assert page.xpath("//footer//a[.='Mastodon']/@href") == ["https://mastodon.example/@kotacontoh"]
        assert "--warna-utama:#7a1f1f" in page.xpath("string(//head/style)")
    assert (site.output / "images/lambang-contoh.png").is_file()


def test_colour_token_with_poor_contrast_stops_the_build(site):
    assert site.build() == 0
    before = site.digest()
    assert site.build(WARNA={"utama": "#8ab4f8"}) == 1  # light blue: white header text unreadable
    assert site.digest() == before


def test_colour_token_errors_name_the_problem(site, capsys):
    from content import build

    from conftest import CONF

    code = build.build(CONF, site.output, out=None, **site.settings(WARNA={"utama": "#8ab4f8", "ungu": "#551a8b"}))
    assert code == 1
    err = capsys.readouterr().err
    assert "WARNA: 'ungu' tidak dikenal" in err and "utama" in err


def wcag_ratio(a: str, b: str) -> float:
    def lum(hex_colour):
        h = hex_colour.lstrip("#")
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        chans = []
        for i in (0, 2, 4):
            c = int(h[i:i + 2], 16) / 255
            chans.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * chans[0] + 0.7152 * chans[1] + 0.0722 * chans[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def stylesheet_tokens() -> dict:
    css = (ROOT / "theme/static/css/situs.css").read_text(encoding="utf-8")
    root = re.search(r":root\s*{([^}]*)}", css).group(1)
    return dict(re.findall(r"--warna-([\w-]+):\s*(#[0-9a-fA-F]{3,6})", root))


def test_stylesheet_colour_tokens_meet_wcag_aa_contrast():
    from theming.warna import DEFAULT_WARNA, PAIRS

    tokens = stylesheet_tokens()
    assert tokens == DEFAULT_WARNA, "situs.css :root and plugins/theming/warna.py must agree"
    failures = [
        f"{fg} on {bg}: {wcag_ratio(tokens[fg], tokens[bg]):.2f} < {need}"
        for fg, bg, need, _ in PAIRS if wcag_ratio(tokens[fg], tokens[bg]) < need
    ]
    assert failures == []
    assert {fg for fg, *_ in PAIRS} >= {"teks", "redup", "utama", "bahaya", "sukses", "waspada"}


def test_wcag_ratio_matches_known_values():
    assert wcag_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert wcag_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# --- Canonical, Open Graph, JSON-LD ----------------------------------------------


def test_without_siteurl_no_absolute_url_is_invented(site):
    assert site.build() == 0
    page = doc(site, NEWS_URL + "index.html")
    assert page.xpath("//link[@rel='canonical']") == []
    assert page.xpath("//meta[@property='og:url']") == []
    assert page.xpath("//link[@rel='alternate']") == []
    assert not (site.output / "feeds").exists() and not (site.output / "sitemap.xml").exists()
    assert "Sitemap:" not in site.read("robots.txt")


@pytest.mark.parametrize("rel, canonical", [
    (NEWS_URL + "index.html", NEWS_URL),
    ("index.html", ""),
    ("profil-ppid/index.html", "profil-ppid/"),
    ("berita/index.html", "berita/"),
])
def test_canonical_and_open_graph_are_absolute_with_siteurl(site, rel, canonical):
    assert site.build(SITEURL=SITEURL) == 0
    page = doc(site, rel)
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{SITEURL}/{canonical}"]
    assert page.xpath("//meta[@property='og:url']/@content") == [f"{SITEURL}/{canonical}"]
    assert page.xpath("//meta[@property='og:locale']/@content") == ["id_ID"]
    assert page.xpath("//meta[@property='og:title']/@content")[0].strip()


def test_paginated_list_pages_have_their_own_canonical_and_title(site):
    for i in range(14):
        news(site, f"n{i}", f"Kabar Nomor {i}", f"2026-10-{i + 1:02d} 08:00")
    assert site.build(SITEURL=SITEURL) == 0
    page2 = doc(site, "berita/halaman/2/index.html")
    assert page2.xpath("//link[@rel='canonical']/@href") == [f"{SITEURL}/berita/halaman/2/"]
    assert "Halaman 2" in page2.xpath("string(//title)")
    assert page2.xpath("//title/text()") != doc(site, "berita/index.html").xpath("//title/text()")


def jsonld(page) -> list[dict]:
    return [json.loads(s) for s in page.xpath("//script[@type='application/ld+json']/text()")]


def test_news_item_carries_newsarticle_json_ld(site):
    site.image("images/foto.jpg")
    site.write("berita/dinkes/posyandu.md", site.content.joinpath("berita/dinkes/posyandu.md").read_text().replace(
        "Tags:", "Image: images/foto.jpg\nImage-Alt: Kader posyandu menimbang balita\nTags:"))
    assert site.build(SITEURL=SITEURL) == 0
    page = doc(site, NEWS_URL + "index.html")
    (data,) = jsonld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Posyandu Serentak di Kecamatan Karangsari"
    assert data["datePublished"] == "2026-11-10T09:30:00+07:00"
    assert data["url"] == f"{SITEURL}/{NEWS_URL}"
    # The 1200×630 card of the images package, never the original photo.
    (image,) = data["image"]
    card = image["url"]
    assert image["@type"] == "ImageObject" and image["creditText"] == "Dinas Kesehatan"  # Foto defaults to the OPD
    assert re.fullmatch(re.escape(SITEURL) + r"/images/foto-og\.[0-9a-f]+\.jpg", card), card
    assert (site.output / card[len(SITEURL) + 1:]).is_file()
    assert data["sourceOrganization"]["name"] == "Dinas Kesehatan"
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert page.xpath("//meta[@property='og:image']/@content") == [card]
    img = page.xpath("//figure[@class='berita__gambar']//img")[0]
    assert (img.get("width"), img.get("height")) == ("800", "600")


def test_site_carries_government_organization_json_ld(site):
    assert site.build(SITEURL=SITEURL) == 0
    (data,) = jsonld(doc(site, "index.html"))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Portal Resmi Pemerintah Kabupaten Sukamaju"
    assert data["url"] == f"{SITEURL}/"
    assert data["address"]["streetAddress"] == "Jl. Pemuda No. 1, Sukamaju 52311"
    assert "https://x.com/sukamajukab" in data["sameAs"]


def test_json_ld_cannot_close_its_script_element(site):
    site.write("berita/dinkes/posyandu.md", site.content.joinpath("berita/dinkes/posyandu.md").read_text().replace(
        "Title: Posyandu Serentak di Kecamatan Karangsari", "Title: Posyandu </script><!-- Serentak & Karangsari"))
    assert site.build(SITEURL=SITEURL) == 0
    html = next(site.output.glob("berita/2026/11/*/index.html")).read_text(encoding="utf-8")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script
    headline = json.loads(script)["headline"]  # markup in a title is shown as text, tags stripped
    assert headline.startswith("Posyandu") and "<!-- Serentak & Karangsari" in headline


# --- Feeds, sitemap, robots ---------------------------------------------------------


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(site, rel):
    tree = ElementTree.parse(site.output / rel)
    return [e.find(f"{ATOM}link").get("href") for e in tree.getroot().iter(f"{ATOM}entry")]


def test_atom_feeds_of_all_news_and_of_each_opd(site):
    news(site, "banjir", "Siaga Banjir Kecamatan Utara", "2026-11-12 08:00", opd="bpbd")
    # An OPD with no news yet (every OPD of a new site): no feed, and no link to one.
    opds = site.content / "opd.toml"
    opds.write_text(opds.read_text(encoding="utf-8") + '\n[satpolpp]\nnama = "Satuan Polisi Pamong Praja"\nsingkatan = "Satpol PP"\n',
                    encoding="utf-8")
    assert site.build(SITEURL=SITEURL) == 0
    assert not (site.output / "feeds/opd/satpolpp.atom.xml").exists()
    assert doc(site, "opd/satpolpp/index.html").xpath("//link[@rel='alternate']/@href") == [f"{SITEURL}/feeds/semua.atom.xml"]
    every = feed_links(site, "feeds/semua.atom.xml")
    assert f"{SITEURL}/berita/2026/11/siaga-banjir-kecamatan-utara/" in every and f"{SITEURL}/{NEWS_URL}" in every
    assert feed_links(site, "feeds/opd/dinkes.atom.xml") == [f"{SITEURL}/{NEWS_URL}"]
    assert feed_links(site, "feeds/opd/bpbd.atom.xml") == [f"{SITEURL}/berita/2026/11/siaga-banjir-kecamatan-utara/"]
    root = ElementTree.parse(site.output / "feeds/opd/bpbd.atom.xml").getroot()
    assert "Badan Penanggulangan Bencana Daerah" in root.find(f"{ATOM}title").text
    page = doc(site, "index.html")
    assert page.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href") == [f"{SITEURL}/feeds/semua.atom.xml"]
    # Every feed says its language (Pelican's own had no xml:lang), and an OPD's page and a
    # category's name their own feed (a reader offered only the whole site's).
    for feed in site.output.rglob("*.atom.xml"):
        assert ElementTree.parse(feed).getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "id", feed
    opd = doc(site, "opd/bpbd/index.html").xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert opd == [f"{SITEURL}/feeds/semua.atom.xml", f"{SITEURL}/feeds/opd/bpbd.atom.xml"], opd
    category = doc(site, "kategori/berita/index.html").xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert category == [f"{SITEURL}/feeds/semua.atom.xml", f"{SITEURL}/feeds/kategori/berita.atom.xml"], category
    assert all((site.output / h[len(SITEURL) + 1:]).is_file() for h in opd + category)


def test_sitemap_lists_pages_and_robots_points_at_it(site):
    assert site.build(SITEURL=SITEURL) == 0
    assert f"Sitemap: {SITEURL}/sitemap.xml" in site.read("robots.txt")
    tree = ElementTree.parse(site.output / "sitemap.xml")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.find(f"{ns}loc").text for u in tree.getroot().iter(f"{ns}url")]
    assert f"{SITEURL}/" in locs and f"{SITEURL}/{NEWS_URL}" in locs and f"{SITEURL}/profil-ppid/" in locs
    assert not any("404" in u or "/theme/" in u for u in locs)
    news_entry = next(u for u in tree.getroot().iter(f"{ns}url") if u.find(f"{ns}loc").text.endswith(NEWS_URL))
    assert news_entry.find(f"{ns}lastmod").text.startswith("2026-11-10")


def test_publishconf_sets_an_absolute_siteurl():
    from content.build import load_settings

    settings = load_settings(ROOT / "publishconf.py")
    assert settings["SITEURL"].startswith("https://")
    assert settings["FEED_ALL_ATOM"] and settings["OPD_FEED_ATOM"]


# --- News navigation ------------------------------------------------------------------


def test_news_item_links_previous_next_and_more_from_its_opd(site):
    news(site, "a", "Kabar Dinkes Satu", "2026-11-01 08:00")
    news(site, "c", "Kabar Dinkes Tiga", "2026-11-15 08:00")
    news(site, "b", "Kabar BPBD Dua", "2026-11-05 08:00", opd="bpbd")
    assert site.build() == 0
    page = doc(site, "berita/2026/11/kabar-bpbd-dua/index.html")
    nav = page.xpath("//nav[@aria-label='Berita sebelumnya dan berikutnya']")[0]
    assert nav.xpath(".//a[@rel='prev']/@href") == ["/berita/2026/11/kabar-dinkes-satu/"]
    assert nav.xpath(".//a[@rel='next']/@href") == ["/" + NEWS_URL]
    assert page.xpath("//section[@class='terkait']") == []  # BPBD has no other news
    page = doc(site, NEWS_URL + "index.html")
    related = page.xpath("//section[@class='terkait']//h3/a/text()")
    assert related == ["Kabar Dinkes Tiga", "Kabar Dinkes Satu"]
    assert "Dinas Kesehatan" in page.xpath("string(//section[@class='terkait']/h2)")
    oldest = doc(site, "berita/2026/11/kabar-dinkes-satu/index.html")
    assert oldest.xpath("//a[@rel='prev']") == [] and oldest.xpath("//a[@rel='next']/@href")


def test_news_item_shows_indonesian_date_opd_author_and_tags(site):
    assert site.build() == 0
    page = doc(site, NEWS_URL + "index.html")
    meta = " ".join(page.xpath("string(//p[contains(@class,'berita__meta')])").split())
    assert "Selasa, 10 November 2026 | 09:30 WIB" in meta and "Dinas Kesehatan" in meta and "Oleh Humas Dinkes" in meta
    assert page.xpath("//ul[@class='tag']//a/text()") == ["posyandu", "kesehatan"]
    assert page.xpath("/html/@lang") == ["id"]


def test_a_filter_misspelt_in_a_branch_no_page_takes_stops_the_build_at_once(site, tmp_path):
    """Jinja checks a filter inside an {% if %} only when a page takes that branch: a typo
    under `{% if article.modified %}` built the site, then failed the build of the first
    author who wrote `Modified:`. The build names it at once, file and line, in Indonesian."""
    from jinja2 import TemplateAssertionError

    from preview.failure import explain

    own = tmp_path / "templates"
    own.mkdir()
    article = (ROOT / "theme" / "templates" / "article.html").read_text(encoding="utf-8")
    line = "{% if article.tidak_ada %}{{ article.date|tangal_jam }}{% endif %}"
    (own / "article.html").write_text(article.replace("{% block content %}", "{% block content %}" + line, 1), encoding="utf-8")
    assert "tangal_jam" in (own / "article.html").read_text(encoding="utf-8")
    with pytest.raises(TemplateAssertionError) as refused:
        site.build(THEME_TEMPLATES_OVERRIDES=[str(own)])
    said = explain(refused.value, tmp_path).lines[0]
    number = next(n for n, text in enumerate((own / "article.html").read_text().splitlines(), 1) if "tangal_jam" in text)
    assert said == f"templates/article.html, baris {number}: filter 'tangal_jam' tidak dikenal", said
    (own / "article.html").write_text(article, encoding="utf-8")
    assert site.build(THEME_TEMPLATES_OVERRIDES=[str(own)]) == 0


def test_a_process_building_sites_again_reads_for_that_check_only_the_templates_that_changed(site, tmp_path, monkeypatch):
    """The check above parses every template; a process that builds again (the preview,
    the test suite, a CI job building twice) parses only a template saved since, and still
    finds the misspelt filter a changed one names."""
    from jinja2 import Environment, TemplateAssertionError

    parsed = []
    original = Environment.parse

    def parse(self, source, name=None, filename=None):
        parsed.append(name)
        return original(self, source, name, filename)

    monkeypatch.setattr(Environment, "parse", parse)
    own = tmp_path / "templates"
    own.mkdir()
    page = (ROOT / "theme" / "templates" / "page.html").read_text(encoding="utf-8")
    (own / "page.html").write_text(page, encoding="utf-8")
    assert site.build(THEME_TEMPLATES_OVERRIDES=[str(own)]) == 0
    parsed.clear()
    other = type(site)(tmp_path / "situs-lain")  # another site, in this process
    assert other.build(THEME_TEMPLATES_OVERRIDES=[str(own)]) == 0
    assert parsed == []
    line = "{% if page.tidak_ada %}{{ page.date|tangal_jam }}{% endif %}"
    (own / "page.html").write_text(page.replace("{% block content %}", "{% block content %}" + line, 1), encoding="utf-8")
    with pytest.raises(TemplateAssertionError, match="tangal_jam"):
        other.build(THEME_TEMPLATES_OVERRIDES=[str(own)])
    assert parsed == ["page.html"]
