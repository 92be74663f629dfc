"""Progress on a terminal for builds that take a while; a summary line only in CI."""

from __future__ import annotations

import io
import threading

import pytest

from content import kemajuan


class Terminal(io.StringIO):
    """What a terminal receives (isatty); writes may come from the progress thread."""

    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()

    def isatty(self):
        return True

    def write(self, text):
        with self.lock:
            return super().write(text)


@pytest.fixture
def no_delay(monkeypatch):
    for name in kemajuan.CI_VARIABLES + ("SITUS_KEMAJUAN",):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(kemajuan, "DELAY", 0.0)
    monkeypatch.setattr(kemajuan, "INTERVAL", 0.01)


def test_build_on_a_terminal_shows_its_stages_and_a_summary(site, no_delay):
    term = Terminal()
    from content import build
    from conftest import CONF

    assert build.build(CONF, site.output, out=term, **site.settings(CARI_ENABLED=False, CEPAT_WORKERS=2)) == 0
    text = term.getvalue()
    assert "\r\x1b[K" in text
    assert "Memeriksa konten: " in text or "Membaca konten: " in text
    assert "Menulis halaman: " in text and " dari " in text
    last = text.rstrip().split("\n")[-1]
    shown = last.split("\r\x1b[K")[-1]  # what the terminal shows on that line
    assert shown.startswith("Selesai dalam ") and shown.endswith("detik.")


@pytest.mark.parametrize("env", [{"CI": "true"}, {"GITLAB_CI": "true"}, {"SITUS_KEMAJUAN": "0"}])
def test_ci_gets_the_summary_line_only(site, no_delay, monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    term = Terminal()
    from content import build
    from conftest import CONF

    assert build.build(CONF, site.output, out=term, **site.settings(CARI_ENABLED=False)) == 0
    text = term.getvalue()
    assert "\r" not in text and "Menulis halaman" not in text
    assert text.rstrip().splitlines()[-1].startswith("Selesai dalam ")


def test_a_quick_build_draws_nothing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    term = Terminal()
    progress = kemajuan.Progress()
    progress.start(term)
    progress.stage("Memeriksa konten", 1, 3)
    progress.stop()
    assert term.getvalue() == ""  # under DELAY seconds


def test_counter_shared_with_forked_workers(no_delay):
    import os

    progress = kemajuan.Progress()
    value = progress.counter("Menulis halaman", 10)
    pid = os.fork()
    if pid == 0:
        value.value += 7
        os._exit(0)
    os.waitpid(pid, 0)
    assert progress.line() == "Menulis halaman: 7 dari 10"
