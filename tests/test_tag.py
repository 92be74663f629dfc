"""Tags as authors type them: case and spacing variants are one tag, in its most used spelling."""

from __future__ import annotations

import lxml.html

from conftest import line_of


def news(site, name, title, tags, day):
    site.write(f"berita/dinkes/{name}.md", f"""
        Title: {title}
        Date: 2026-11-{day:02d} 09:00
        OPD: dinkes
        Author: Humas Dinkes
        Category: Berita
        Tags: {tags}

        Isi berita {title}.
        """)


def tag_links(html: str) -> list[tuple[str, str]]:
    doc = lxml.html.fromstring(html)
    return [(a.text_content().strip(), a.get("href")) for a in doc.iter("a") if "/tag/" in (a.get("href") or "")]


def test_case_and_spacing_variants_are_one_tag_in_the_most_used_spelling(site):
    news(site, "a", "Kasus DBD Naik", "DBD, dbd", 1)
    news(site, "b", "Fogging Massal", "DBD", 2)
    news(site, "c", "Gerakan Stunting", "Stunting", 3)
    news(site, "d", "Posyandu Stunting", "stunting", 4)
    news(site, "e", "Kelas Ibu Stunting", " stunting ", 5)
    report = site.check()
    assert not report.errors
    warnings = [str(w) for w in report.warnings]
    assert any(w.endswith("a.md: Tags: tag 'dbd' tertulis dua kali (beda huruf besar/kecil atau spasi); hapus salah satu"
                     f" (baris {line_of(site.content / 'berita/dinkes/a.md', 'Tags')})") for w in warnings), warnings
    assert any(w.endswith("c.md: Tags: tag 'Stunting' ditampilkan sebagai 'stunting' (ejaan yang dipakai 2 kali); samakan penulisannya"
                     f" (baris {line_of(site.content / 'berita/dinkes/c.md', 'Tags')})") for w in warnings), warnings
    assert not any("d.md" in w or "e.md" in w or "b.md" in w for w in warnings)
    assert site.build(CARI_ENABLED=False) == 0
    page = site.read("berita/2026/11/kasus-dbd-naik/index.html")
    assert [t for t in tag_links(page) if "dbd" in t[1]] == [("DBD", "/tag/dbd/")]
    # Every page labels the stunting tag one way.
    labels = set()
    for rel in ("berita/2026/11/gerakan-stunting/index.html", "berita/2026/11/posyandu-stunting/index.html", "tag/stunting/index.html"):
        labels |= {text for text, href in tag_links(site.read(rel)) if href == "/tag/stunting/"}
    assert labels == {"stunting"}
    assert lxml.html.fromstring(site.read("tag/stunting/index.html")).find(".//h1").text_content().split() == ["Tag", "stunting"]
