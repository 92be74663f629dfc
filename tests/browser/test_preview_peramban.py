"""The preview in Chromium: an open page reloads by itself after a rebuild, shows the
error page when a build fails, and comes back when the file is fixed."""

from __future__ import annotations

from test_preview import Preview, edit
from test_tasks import project, until  # noqa: F401 - project is a fixture

WAIT = 180_000  # ms: a rebuild on a shared machine


def test_open_page_follows_saves_errors_and_fixes(project, page):
    preview = Preview(project)
    try:
        until(lambda: preview.get("")[0] == 200, "build pertama dan server siap", timeout=600)
        page.goto(preview.base + "berita/")
        first = page.locator("main a[href*='/berita/2']").first.get_attribute("href")
        page.goto(preview.base.rstrip("/") + first)
        title = page.locator("h1").inner_text()

        # A save elsewhere: the open page reloads itself (no page.reload() here).
        preview.settle()
        mark = len(preview.lines)
        target = next(p for p in (project / "content/berita").rglob("*.md") if _title(p) == title)
        target.write_text(target.read_text(encoding="utf-8") + "\nKalimat ini muncul tanpa memuat ulang.\n", encoding="utf-8")
        page.get_by_text("Kalimat ini muncul tanpa memuat ulang.").wait_for(timeout=WAIT)
        # Shown ahead of its build (the edited page alone), it is not reloaded again by the
        # build that follows when that build wrote the same page.
        page.evaluate("window.__dimuat = 1")
        preview.wait_log("Halaman yang disunting tampil", mark, "halaman sekilas")
        preview.settle()
        page.wait_for_timeout(1500)  # an announced build's digest is asked for and compared
        assert page.evaluate("window.__dimuat") == 1, "the page was reloaded although it had not changed"

        # A broken template: the open page turns into the error page, then back.
        article = project / "theme/templates/article.html"
        original = article.read_text(encoding="utf-8")
        edit(article, "{% block content %}", "{% block content %}{% endif %}")
        page.get_by_role("heading", name="Pratinjau: Templat tidak dapat dipakai.").wait_for(timeout=WAIT)
        assert "theme/templates/article.html, baris" in page.locator("#galat").inner_text()
        assert "{% block content %}{% endif %}" in page.locator("#cuplikan mark").inner_text()  # the line itself
        article.write_text(original, encoding="utf-8")
        page.get_by_role("heading", name=title).wait_for(timeout=WAIT)
    finally:
        preview.stop()
    assert "Traceback" not in preview.log, preview.log


def _title(path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Title:"):
            return line.split(":", 1)[1].strip()
    return ""
