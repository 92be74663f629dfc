"""tools/sama_persis.py: two builds of the same content and code are byte-identical."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import sama_persis  # noqa: E402


def test_two_builds_of_the_sample_are_byte_identical_and_a_change_is_found(site, tmp_path):
    from content import build

    a, b = tmp_path / "a", tmp_path / "b"
    assert build.build(ROOT / "pelicanconf.py", a, **site.settings()) == 0
    assert build.build(ROOT / "pelicanconf.py", b, **site.settings()) == 0
    assert sama_persis.main([str(a), str(b)]) == 0
    (b / "berita/index.html").write_text("lain", encoding="utf-8")
    (b / "baru.txt").write_text("x", encoding="utf-8")
    assert sama_persis.differences(a, b) == [f"hanya di {b}: baru.txt", "berbeda: berita/index.html"]


def test_two_revisions_are_built_and_compared(tmp_path, capsys):
    """tools/bandingkan_revisi.py: the same revision twice gives the same site; a content
    folder that differs from the revision's own is built by both."""
    import bandingkan_revisi

    assert bandingkan_revisi.main(["HEAD", "HEAD"]) == 0
    assert capsys.readouterr().out.strip().endswith("Sama persis.")
