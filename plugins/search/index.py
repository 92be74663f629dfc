"""Running the Pagefind CLI over a folder of written pages."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from content import ContentError

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # CONTENT.md: the bundle stays at its default place


class IndexFailed(ContentError):
    """The search index could not be built: the build stops, the old output stays."""

    def __init__(self, message: str):
        self.message = message
        self.problems = []
        Exception.__init__(self, message)

    def report(self) -> str:
        return f"Build dihentikan: indeks pencarian (Pagefind) gagal dibuat.\n  {self.message}"


def executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as exc:
        raise IndexFailed("paket pagefind-bin tidak terpasang; jalankan ./run.sh untuk memasang dependensi.") from exc
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError as exc:
        raise IndexFailed(f"program Pagefind tidak ditemukan ({exc}).") from exc


def command(site: Path, output: Path | None = None) -> list[str]:
    """Pagefind over ``site``; the bundle goes to ``site/pagefind`` or to ``output``."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", BUNDLE]
    return [str(executable()), "--site", str(site), *where, "--force-language", "id", "--quiet"]


def run_pagefind(site, timeout: float = 600, output=None) -> Path:
    """Index ``site`` into ``site/pagefind/`` (or ``output``); returns the bundle folder,
    which holds no ``pagefind-entry.json`` when no page had text to index."""
    site = Path(site)
    try:
        proc = subprocess.run(command(site, output), capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise IndexFailed(f"Pagefind tidak selesai dalam {timeout:g} detik (atur CARI_TIMEOUT).") from None
    except OSError as exc:
        raise IndexFailed(f"Pagefind tidak dapat dijalankan: {exc}.") from None
    text = "\n".join(s.strip() for s in (proc.stdout, proc.stderr) if s.strip())
    if proc.returncode != 0:
        detail = text.splitlines()[-1] if text else "tanpa keterangan"
        raise IndexFailed(f"Pagefind keluar dengan kode {proc.returncode}: {detail}")
    if text:
        logger.warning("Pagefind: %s", text)
    return Path(output) if output else site / BUNDLE
