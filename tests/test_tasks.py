"""The tasks as an author runs them: `invoke new`, `invoke check`, and the guide."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from konten import guide, scaffold

INVOKE = [sys.executable, "-m", "invoke"]


@pytest.fixture
def project(tmp_path):
    """A copy of the project with the sample content, so tasks can write into it."""
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".venv", "output", ".git", ".output*", "__pycache__", "cache", ".cache"))
    return dest


def run(project, *args):
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    return subprocess.run(INVOKE + list(args), cwd=project, capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    "args",
    [
        ["new", "berita", "--opd", "dinkes", "--judul", "Vaksinasi Anak Sekolah di Sukamaju"],
        ["new", "dip", "--opd", "bpbd", "--judul", "Rencana Kontinjensi Gempa", "--jenis", "berkala", "--kategori", "peringatan-dini"],
        ["new", "dip", "--opd", "bpbd", "--judul", "Daftar Aset Logistik", "--jenis", "setiap-saat"],
        ["new", "agenda", "--opd", "dinkes", "--judul", "Rapat Koordinasi Posyandu"],
    ],
)
def test_new_scaffolds_a_file_that_passes_check(project, args):
    result = run(project, *args)
    assert result.returncode == 0, result.stderr
    created = project / result.stdout.split("Berkas baru: ")[1].splitlines()[0]
    text = created.read_text()
    assert f"OPD: {args[3]}" in text
    assert args[5] in text
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Konten sah" in checked.stdout


def test_new_dik_lists_the_exemption_fields_for_the_author_to_fill(project):
    result = run(project, "new", "dip", "--opd", "bpbd", "--judul", "Data Korban", "--jenis", "dikecualikan")
    assert result.returncode == 0, result.stderr
    checked = run(project, "check")
    assert checked.returncode == 1
    for key in ("Dasar-Hukum", "Alasan", "Uji-Konsekuensi", "Berlaku-Hingga"):
        assert f"data-korban.md: {key}: wajib diisi" in checked.stdout


def test_new_refuses_an_unknown_opd(project):
    result = run(project, "new", "berita", "--opd", "dinkesx", "--judul", "X")
    assert result.returncode == 2
    assert "OPD \"dinkesx\" tidak terdaftar" in result.stderr + result.stdout


def test_build_task_refuses_bad_content_and_keeps_output(project):
    assert run(project, "build").returncode == 0
    index = (project / "output/index.html").read_bytes()
    bad = project / "content/berita/dinkes/rusak.md"
    bad.write_text("Title: Rusak\nOPD: dinkes\n\nIsi.\n")
    result = run(project, "build")
    assert result.returncode == 1
    assert "content/berita/dinkes/rusak.md: Date: wajib diisi" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "output/index.html").read_bytes() == index


def test_author_guide_tables_match_the_schema():
    text = (ROOT / "docs/panduan-penulis.md").read_text(encoding="utf-8")
    assert guide.render(text) == text, "run `invoke docs` to regenerate the guide's tables"
    for block in guide.blocks():
        assert f"<!-- skema:{block} -->" in text


def test_scaffold_fields_are_the_required_ones():
    from konten.schema import DIP

    fields = [f.key for f in scaffold.fields_for(DIP, {"jenis": "berkala", "title": "x", "opd": "x"})]
    assert fields == ["Title", "Jenis", "Kategori", "OPD", "Penanggung-Jawab", "Waktu-Pembuatan", "Tempat-Pembuatan", "Bentuk", "Retensi", "Date"]
    assert Path(ROOT / "content/opd.toml").is_file()
