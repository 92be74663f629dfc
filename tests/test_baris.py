"""A line ended by a backslash (the web editor's Shift+Enter, CommonMark's hard break)
breaks the line on the page as built (content.baris); in code the backslash stays."""

from __future__ import annotations

from lxml import html as lxml_html


def test_a_line_ended_by_a_backslash_breaks_the_line_on_the_page(site):
    site.write("berita/dinkes/posko.md", "\n".join([
        "Title: Posko Kesehatan Dibuka",
        "Date: 2026-11-10 09:30",
        "OPD: dinkes",
        "Author: Humas Dinkes",
        "Category: Pengumuman",
        "",
        "Posko kesehatan:\\",
        "Jalan Merdeka 1\\",
        "Sukamaju",
        "",
        "Perintah `salin a\\` dalam kode, dan \\*bukan miring\\*.",
        "",
    ]))
    assert site.build() == 0
    doc = lxml_html.fromstring(site.read("berita/2026/11/posko-kesehatan-dibuka/index.html"))
    (address,) = [p for p in doc.xpath("//article//p") if "Posko kesehatan:" in p.text_content()]
    assert len(address.xpath("br")) == 2
    assert [line.strip() for line in address.xpath("text()")] == ["Posko kesehatan:", "Jalan Merdeka 1", "Sukamaju"]
    assert "\\" not in address.text_content()
    assert doc.xpath("string(//article//code)") == "salin a\\"
    assert "dalam kode, dan *bukan miring*." in doc.xpath("string(//article)")
