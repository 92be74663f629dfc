"""common.paths: relative (os.path.relpath without its work for the build's own paths),
display_path, as_under_content."""

from __future__ import annotations

import os
import random

from common.paths import as_under_content, display_path, relative


def test_relative_equals_relpath_for_any_path():
    parts = ["a", "b", ".c", "..", ".", "", "d.e", "..f", "g..", "/"]
    rng = random.Random(2)

    def some_path():
        return "/" + "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(["", "/"])

    for _ in range(50_000):
        base = some_path()
        inside = base.rstrip("/") + "/" + "/".join(rng.choice(parts) for _ in range(rng.randint(0, 3)))
        path = inside if rng.random() < 0.7 else some_path()
        assert relative(path, base) == os.path.relpath(path, base), (path, base)


def test_display_path_inside_and_outside_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "content" / "berita" / "a.md") == "content/berita/a.md"
    assert display_path("/elsewhere/a.md") == "/elsewhere/a.md"


def test_display_path_equals_its_relpath_definition_for_any_path(monkeypatch):
    """What ``display_path`` shows is what ``relpath`` gives (or the path as given when
    that starts with ``..``), also for the paths it answers without calling it."""
    parts = ["a", "b", ".c", "..", ".", "", "ab", "/"]
    rng = random.Random(3)

    def some_path():
        return "/" + "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(["", "/"])

    for _ in range(20_000):
        cwd = os.path.normpath(some_path())
        path = cwd.rstrip("/") + "/" + "/".join(rng.choice(parts) for _ in range(rng.randint(0, 3))) \
            if rng.random() < 0.5 else some_path()
        monkeypatch.setattr(os, "getcwd", lambda cwd=cwd: cwd)
        expected = os.path.relpath(path, cwd)
        assert display_path(path) == (path if expected.startswith("..") else expected), (path, cwd)


def test_a_path_written_as_the_repository_shows_it_is_read_under_content_and_never_outside(tmp_path):
    content = tmp_path / "content"
    (content / "dokumen").mkdir(parents=True)
    (content / "dokumen" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "rahasia.pdf").write_bytes(b"%PDF")  # beside content/: never suggested
    assert as_under_content("content/dokumen/a.pdf", content) == "dokumen/a.pdf"
    assert as_under_content("/content/dokumen/a.pdf", content) == "dokumen/a.pdf"
    assert as_under_content("dokumen\\a.pdf", content) == "dokumen/a.pdf"
    assert as_under_content("dokumen/a.pdf", content) is None  # written right: nothing to say
    assert as_under_content("content/dokumen/b.pdf", content) is None  # no such file
    assert as_under_content("content/../rahasia.pdf", content) is None
    assert as_under_content("content\\..\\rahasia.pdf", content) is None
