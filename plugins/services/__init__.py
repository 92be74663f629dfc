"""services: the PPID's service as data and pages (CONTENT.md: the register of requests,
the satisfaction survey, the DIP decree, the Monev self-check).

- ``content/layanan/register/<tahun>.csv`` → ``data/register-<tahun>.csv``,
  ``data/laporan-layanan-<tahun>.json`` and ``layanan-informasi/laporan/<tahun>/``
  (working days: hari_kerja.py); the report fills berkala kategori e of each OPD in it;
- ``content/layanan/ikm/*.toml`` → ``layanan-informasi/ikm/`` and ``data/ikm.json``;
- ``content/dip/penetapan.toml`` → the decree line of ``dip/`` and ``dip/penetapan/``;
- ``data/kesiapan-monev.json`` and ``layanan-informasi/kesiapan-monev/`` (noindex).

The files are checked with the rest of the content (``pipeline.CHECKS``),
so `invoke check` and the build report their problems with everyone else's.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from content import clock
from common.paths import display_path

from . import data
from .generator import LayananGenerator, berkala_reports


def check_content(content_path, settings, report):
    """Read and check the service data; problems join the content report, the parsed
    data rides on it (``report.layanan``) to the generator."""
    today = clock.today(settings.get("TIMEZONE") or "Asia/Jakarta")
    # Decree PDFs are published by this plugin: not "unreferenced documents", even while
    # their decree file or the registry has a mistake (its own message says what).
    named = data.decree_documents(Path(content_path))
    if not report.registry_ok:
        # Every register row and survey names an OPD: with content/opd.toml unreadable they
        # would all be wrong. Its own problem is reported alone; the build stops on it.
        report.layanan = data.Layanan()
        report.berkala_tambahan = []
        found = report.layanan
    else:
        found = data.read(Path(content_path), report.registry, today, settings)
        report.errors += found.errors
        report.warnings += found.warnings
    used = {display_path(Path(content_path).resolve() / d) for d in found.documents | named}
    report.warnings = [w for w in report.warnings if not (w.path in used and not w.key)]
    if not report.registry_ok:
        return
    report.layanan = found
    # The yearly reports as berkala items, for the index's freshness check (kip.check_berkala).
    report.berkala_tambahan = berkala_reports(found.registers, report.registry, ZoneInfo(settings.get("TIMEZONE") or "Asia/Jakarta"))

__all__ = ["LayananGenerator", "check_content"]
