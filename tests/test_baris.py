"""Text as the web editor and Word leave it, on the page as built: a line ended by a
backslash (the editor's Shift+Enter, CommonMark's hard break) breaks the line
(content.baris); a list pasted from Word (bullets or numbers and runs of spaces) is a
list (content.daftar). In code both stay as written."""

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


def test_a_list_pasted_from_word_is_a_list_on_the_page(site):
    gap = "\u00a0" * 7
    site.write("berita/bpbd/seleksi.md", "\n".join([
        "Title: Pengumuman Seleksi Jabatan",
        "Date: 2026-11-10 09:30",
        "OPD: bpbd",
        "Author: Humas BPBD",
        "Category: Pengumuman",
        "",
        "Peserta wajib:",
        "",
        f"·{gap} Membawa KTP asli",
        "",
        "·\tBerpakaian rapi",
        "",
        "Urutan acara:",
        "",
        f"1.{gap}Registrasi",
        "",
        "2.\tUjian tertulis",
        "",
        "· ini bukan butir daftar",
        "",
        "```",
        f"·{gap}kode",
        "```",
        "",
    ]))
    assert site.build() == 0
    doc = lxml_html.fromstring(site.read("berita/2026/11/pengumuman-seleksi-jabatan/index.html"))
    article = doc.xpath("//article")[0]
    assert [li.text_content().strip() for li in article.xpath(".//ul/li")] == ["Membawa KTP asli", "Berpakaian rapi"]
    assert [li.text_content().strip() for li in article.xpath(".//ol/li")] == ["Registrasi", "Ujian tertulis"]
    assert "· ini bukan butir daftar" in [p.text_content() for p in article.xpath(".//p")]
    assert article.xpath("string(.//pre)").startswith("·" + "\u00a0" * 7 + "kode")
