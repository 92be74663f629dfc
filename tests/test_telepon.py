"""Telephone numbers in an item's text are links a phone taps to call (content.telepon),
on the page as built; numbers that are no telephone number stay text."""

from __future__ import annotations

from lxml import html as lxml_html


def test_numbers_in_a_warning_are_tapped_to_call_and_others_stay_text(site):
    site.write("berita/bpbd/banjir.md", """
        Title: Peringatan Dini Banjir
        Date: 2026-11-10 09:30
        OPD: bpbd
        Author: Humas BPBD
        Category: Pengumuman

        Hubungi Pusdalops BPBD (0282) 523112 (24 jam) atau WA 0812-3456-7890, panggilan darurat 112.

        Dasar: SK 027/123/PPID/2026, Pasal 112; NPWP 01.234.567.8-901.000; rekening 0123456789012345.
        Rapat 05-12-2026 0900 di aula. Rekening BCA 0611234567, NISN 0081234567, BRIVA 8808 0812 3456 7890.
        Sudah ditautkan: [Posko](tel:0282523113), dan `0282 523114` dalam kode.
        """)
    assert site.build() == 0
    doc = lxml_html.fromstring(site.read("berita/2026/11/peringatan-dini-banjir/index.html"))
    links = {a.text_content(): a.get("href") for a in doc.xpath("//article//a[starts-with(@href, 'tel:')]")}
    assert links == {"(0282) 523112": "tel:0282523112", "0812-3456-7890": "tel:081234567890", "Posko": "tel:0282523113"}, links
    text = doc.xpath("string(//article)")
    assert "NPWP 01.234.567.8-901.000" in text and "SK 027/123/PPID/2026" in text and "0282 523114" in text
    assert "05-12-2026 0900" in text and "BCA 0611234567" in text and "BRIVA 8808 0812 3456 7890" in text
