"""`check --format github|gitlab|teks`: validation problems land on the file and line
of a pull request (GitHub workflow commands) or merge request (GitLab code quality)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from conftest import CONF, ROOT

BROKEN = """
Title: Posyandu Serentak
Date: 10 November 2026
OPD: dinkes
Warna-Latar: merah
Category: Berita

Isi.
"""


def run_check(site, fmt, monkeypatch):
    from content import build, ci_report

    monkeypatch.chdir(site.root)
    out = io.StringIO()
    code = build.check(CONF, out=out, report_hook=lambda r: ci_report.emit(fmt, r, out), PATH=str(site.content))
    return code, out.getvalue()


def test_github_annotations_on_file_and_line(site, monkeypatch):
    site.write("berita/dinkes/posyandu.md", BROKEN)
    code, text = run_check(site, "github", monkeypatch)
    assert code == 1
    # The plain report stays for the log.
    assert "content/berita/dinkes/posyandu.md: Date:" in text
    lines = [line for line in text.splitlines() if line.startswith("::")]
    error = next(line for line in lines if line.startswith("::error "))
    assert error.startswith("::error file=content/berita/dinkes/posyandu.md,line=2,title=Date::Date: ")
    warning = next(line for line in lines if line.startswith("::warning "))
    assert warning.startswith("::warning file=content/berita/dinkes/posyandu.md,line=4,title=Warna-Latar::")
    assert "kunci tidak dikenal" in warning


def test_gitlab_code_quality_report(site, monkeypatch):
    site.write("berita/dinkes/posyandu.md", BROKEN)
    code, text = run_check(site, "gitlab", monkeypatch)
    assert code == 1
    report = json.loads((site.root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    date = next(e for e in report if e["description"].startswith("Date: "))
    assert date["severity"] == "major"
    assert date["location"] == {"path": "content/berita/dinkes/posyandu.md", "lines": {"begin": 2}}
    unknown = next(e for e in report if e["description"].startswith("Warna-Latar: "))
    assert unknown["severity"] == "minor" and unknown["location"]["lines"]["begin"] == 4
    assert len({e["fingerprint"] for e in report}) == len(report)
    assert all(e["check_name"] and e["description"] for e in report)


def test_a_body_problem_is_annotated_on_its_own_line(site, monkeypatch):
    site.write("berita/dinkes/posyandu.md", BROKEN.replace("Date: 10 November 2026", "Date: 2026-11-10 08:00").replace(
        "Isi.", "Isi.\n\nHalo <script>fetch('https://x')</script>"))
    code, text = run_check(site, "github", monkeypatch)
    assert code == 1
    error = next(line for line in text.splitlines() if line.startswith("::error ") and "script" in line)
    assert error.startswith("::error file=content/berita/dinkes/posyandu.md,line=9,title=isi::")


def test_problem_without_a_key_line_has_the_file(site, monkeypatch):
    site.write("berita/dinkes/posyandu.md", b"\xff\xfeT\x00")
    code, text = run_check(site, "github", monkeypatch)
    error = next(line for line in text.splitlines() if line.startswith("::error "))
    assert error.startswith("::error file=content/berita/dinkes/posyandu.md,title=konten::")


def test_plain_text_has_no_annotations(site, monkeypatch):
    site.write("berita/dinkes/posyandu.md", BROKEN)
    code, text = run_check(site, "teks", monkeypatch)
    assert code == 1 and "::" not in text
    # An author reading the log finds the key's line too; a problem with no line of its
    # own (an unreadable file, a key that is missing) has none.
    lines = text.splitlines()
    date = next(line for line in lines if "posyandu.md: Date: " in line)
    assert date.startswith("  content/berita/dinkes/posyandu.md: Date: ") and date.endswith(" (baris 2)")
    unknown = next(line for line in lines if "posyandu.md: Warna-Latar: " in line)
    assert unknown.startswith("PERINGATAN ") and unknown.endswith(" (baris 4)")
    site.write("berita/dinkes/posyandu.md", BROKEN.replace("Date: 10 November 2026\n", ""))
    code, text = run_check(site, "teks", monkeypatch)
    missing = next(line for line in text.splitlines() if "posyandu.md: Date: " in line)
    assert "wajib diisi" in missing and "baris" not in missing
    assert not (site.root / "gl-code-quality-report.json").exists()


@pytest.mark.parametrize("env, expected", [
    ({"GITHUB_ACTIONS": "true"}, "github"), ({"GITLAB_CI": "true"}, "gitlab"), ({}, "teks"),
])
def test_default_format_follows_the_ci(env, expected):
    from content import ci_report

    assert ci_report.default_format(env) == expected


def test_unknown_format_is_refused():
    proc = subprocess.run([sys.executable, "-m", "invoke", "check", "--format", "xml"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ})
    assert proc.returncode == 2 and "teks, github, gitlab" in proc.stderr
