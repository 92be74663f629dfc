"""peta-situs/ and question-and-answer pages."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from lxml import html as lxml_html

from test_share import EVENT

SITEURL = "https://sukamajukab.go.id"

FAQ = """
Title: Tanya Jawab PPID
Slug: tanya-jawab-ppid
Tanya-Jawab: ya

Pertanyaan yang sering diajukan.

## Berapa lama permohonan dijawab?

Paling lambat **10 hari kerja**.

## Apakah dikenai biaya?

Tidak.

- kecuali penggandaan
"""



def doc(site, rel):
    return lxml_html.fromstring(site.read(rel))


def target(output, href: str):
    path = urlparse(href).path.lstrip("/")
    return output / (path + "index.html" if path == "" or path.endswith("/") else path)


def test_site_map_lists_every_section_opd_list_and_page_and_every_link_resolves(site):
    site.write("halaman/tanya-jawab-ppid.md", FAQ)
    site.write("agenda/dinkes/rapat.md", EVENT)
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    page = doc(site, "peta-situs/index.html")
    hrefs = page.xpath("//main//a/@href")
    paths = {urlparse(h).path for h in hrefs}
    for path in ("/", "/berita/", "/agenda/", "/agenda.ics", "/dip/", "/dip/berkala/", "/dip/serta-merta/",
                 "/dip/setiap-saat/", "/dip/dikecualikan/", "/informasi-berkala/", "/opd/dinkes/", "/opd/bpbd/",
                 "/dip/dinkes/", "/dip/bpbd/", "/profil-ppid/", "/tanya-jawab-ppid/", "/kategori/berita/",
                 "/narasi-tunggal/", "/siaran-pers/", "/tag/posyandu/", "/data/dip.csv", "/data/dik.json"):
        assert path in paths, path
    # Only what was written: no link into nothing.
    missing = [h for h in hrefs if not target(site.output, h).is_file()]
    assert missing == []
    sections = [" ".join(h.split()) for h in page.xpath("//main//h2/text()")]
    assert sections[:3] == ["Menu utama", "Berita", "Agenda"] and "Perangkat daerah" in sections
    # Linked from every page's footer.
    for rel in ("index.html", "berita/index.html", "profil-ppid/index.html"):
        assert f"{SITEURL}/peta-situs/" in doc(site, rel).xpath("//footer//a/@href")


def test_site_map_follows_the_content(site):
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    assert "/opd/dinas-sosial/" not in site.read("peta-situs/index.html")
    site.write("opd.toml", (site.content / "opd.toml").read_text() + '\n[dinas-sosial]\nnama = "Dinas Sosial"\nsingkatan = "Dinsos"\n')
    site.write("halaman/baru.md", "Title: Halaman Baru\nSlug: baru\n\nIsi.\n")
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    text = site.read("peta-situs/index.html")
    assert f"{SITEURL}/opd/dinas-sosial/" in text and "Dinas Sosial (Dinsos)" in text
    assert f'{SITEURL}/baru/">Halaman Baru' in text


def test_faq_page_lists_questions_and_carries_faqpage_json_ld(site):
    site.write("halaman/tanya-jawab-ppid.md", FAQ)
    assert site.build(SITEURL=SITEURL, CARI_ENABLED=False) == 0
    page = doc(site, "tanya-jawab-ppid/index.html")
    questions = ["Berapa lama permohonan dijawab?", "Apakah dikenai biaya?"]
    assert page.xpath("//nav[@aria-labelledby='daftar-pertanyaan']//a/text()") == questions
    for a in page.xpath("//nav[@aria-labelledby='daftar-pertanyaan']//a"):
        (heading,) = page.xpath(f"//h2[@id='{a.get('href')[1:]}']")
        assert heading.text_content() in questions
    assert "Pertanyaan yang sering diajukan." in page.xpath("string(//article)")
    data = [json.loads(s) for s in page.xpath("//script[@type='application/ld+json']/text()")]
    (faq,) = [d for d in data if d.get("@type") == "FAQPage"]
    assert [q["name"] for q in faq["mainEntity"]] == questions
    assert faq["mainEntity"][0]["acceptedAnswer"] == {"@type": "Answer", "text": "Paling lambat 10 hari kerja."}
    assert faq["mainEntity"][1]["acceptedAnswer"]["text"] == "Tidak. kecuali penggandaan"
    # An ordinary page has none of it.
    assert "FAQPage" not in site.read("profil-ppid/index.html")


def test_faq_answers_link_from_the_page_itself_with_relative_urls(site):
    """A link in an answer leads to its page when the site is built with relative links
    (a folder opened from a disk, a copy served under any address)."""
    site.write("halaman/tanya-jawab-ppid.md", FAQ + "\nLihat [profil PPID]({filename}/halaman/profil-ppid.md).\n")
    assert site.build(RELATIVE_URLS=True, CARI_ENABLED=False) == 0
    page = doc(site, "tanya-jawab-ppid/index.html")
    (link,) = page.xpath("//article//a[text()='profil PPID']")
    assert link.get("href") == "../profil-ppid/"
    assert (site.output / "tanya-jawab-ppid" / link.get("href") / "index.html").resolve().is_file()


def test_faq_page_without_questions_or_answers_stops_the_build(site, capsys):
    site.write("halaman/kosong.md", "Title: Tanya Jawab\nSlug: kosong\nTanya-Jawab: ya\n\nBelum ada.\n")
    site.write("halaman/setengah.md", "Title: Tanya\nSlug: setengah\nTanya-Jawab: ya\n\n## Kapan?\n\n## Di mana?\n\nDi sini.\n")
    assert site.build(CARI_ENABLED=False) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "content/halaman/kosong.md: Tanya-Jawab: halaman tanya jawab belum berisi pertanyaan" in text
    assert 'content/halaman/setengah.md: Tanya-Jawab: pertanyaan "Kapan?" belum dijawab' in text
    assert "Di mana?" not in text
    # `./run.sh check` says the same before any build.
    errors = [str(e) for e in site.check().errors]
    assert any("kosong.md" in e and "Tanya-Jawab" in e and "belum berisi pertanyaan" in e for e in errors), errors


def test_tanya_jawab_value_is_checked(site):
    site.write("halaman/x.md", "Title: X\nSlug: x\nTanya-Jawab: mungkin\n\n## A?\n\nB.\n")
    report = site.check()
    assert any("Tanya-Jawab" in str(e) and "mungkin" in str(e) for e in report.errors), report.errors


def test_every_section_and_list_page_of_the_sample_is_in_the_site_map(tmp_path):
    """Every page the sample build writes, except single items and further pages of a
    paginated list, is linked from peta-situs/."""
    import re

    from conftest import CONF
    from content import build

    out = tmp_path / "output"
    assert build.build(CONF, out, SITEURL=SITEURL, CARI_ENABLED=False) == 0
    page = lxml_html.fromstring((out / "peta-situs" / "index.html").read_text(encoding="utf-8"))
    linked = {urlparse(h).path.lstrip("/") for h in page.xpath("//main//a/@href")}
    # Single items, further pages of a list, the map itself, and the staff's web editor.
    item = re.compile(r"(berita/\d{4}/\d\d/[^/]+/|agenda/\d{4}/\d\d/[^/]+/|dip/[^/]+/[^/]+/|regulasi/\d{4}/[^/]+/|.*halaman/\d+/|peta-situs/|admin/)$")
    written = {p.relative_to(out).as_posix()[: -len("index.html")] for p in out.rglob("index.html")}
    left_out = sorted(p for p in written if p not in linked and not item.fullmatch(p))
    assert left_out == []
    assert {"layanan-informasi/ikm/", "dip/penetapan/", "tanya-jawab-ppid/", "regulasi/", "regulasi/perbup/", "regulasi/rancangan/"} <= linked
