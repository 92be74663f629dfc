"""Published names of files as authors name them (content.nama)."""

from __future__ import annotations

import pytest

from content.nama import published_path


@pytest.mark.parametrize("rel, expected", [
    ("images/Foto Rapat 01.JPG", "images/foto-rapat-01.jpg"),
    ("dokumen/Dinkes/Laporan Keuangan (final).PDF", "dokumen/dinkes/laporan-keuangan-final.pdf"),
    ("images/berita/rakor.jpg", "images/berita/rakor.jpg"),
])
def test_published_path_is_slugged(rel, expected):
    assert published_path(rel) == expected


def test_two_documents_publishing_under_one_name_are_refused(site):
    """Published names are slugged: 'Laporan 2025.pdf' and 'laporan-2025.pdf' would clash."""
    (site.content / "dokumen/dinkes").mkdir(parents=True)
    (site.content / "dokumen/dinkes/Laporan 2025.pdf").write_bytes(b"%PDF-1.4 a\n%%EOF\n")
    (site.content / "dokumen/dinkes/laporan-2025.pdf").write_bytes(b"%PDF-1.4 b\n%%EOF\n")
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace(
        "Date:", "Dokumen: dokumen/dinkes/Laporan 2025.pdf, dokumen/dinkes/laporan-2025.pdf\nDate:"))
    msgs = [str(p) for p in site.check().errors]
    assert any("laporan-keuangan.md: Dokumen:" in m and "dokumen/dinkes/laporan-2025.pdf" in m and "nama yang sama" in m
               for m in msgs), msgs
