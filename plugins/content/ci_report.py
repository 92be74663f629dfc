"""Validation problems where a reviewer sees them: annotations on the changed file and
line of a pull request (GitHub workflow commands) or merge request (a GitLab code
quality report).

``teks`` is the plain report only; ``github`` adds ``::error file=…,line=…::`` /
``::warning …`` lines after it; ``gitlab`` writes ``gl-code-quality-report.json``
(the ``codequality`` artifact) beside it. The default follows the CI environment. A
problem's line is the metadata header line of its key when the file has one. Files are
named, and the GitLab report written, from the repository's top folder: a site's own
folder when the kit's tasks run for it (``common.paths.message_folder``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from common.paths import display_path, message_folder

FORMATS = ("teks", "github", "gitlab")
GITLAB_REPORT = "gl-code-quality-report.json"


def default_format(environ=None) -> str:
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    if env.get("GITLAB_CI"):
        return "gitlab"
    return "teks"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _repo_path(path: str) -> str:
    """A problem's file as the repository names it: a problem's path is already named from
    the repository's folder, unless it lies outside (then it stays absolute)."""
    return Path(display_path(os.path.join(message_folder(), path))).as_posix()


def github(errors, warnings) -> list[str]:
    """GitHub Actions workflow commands, one per problem."""
    out = []
    for level, problems in (("error", errors), ("warning", warnings)):
        for p in problems:
            props = [f"file={_escape_property(_repo_path(p.path))}"]
            line = p.at()
            if line:
                props.append(f"line={line}")
            title = f"{p.key}" if p.key else "konten"
            props.append(f"title={_escape_property(title)}")
            message = f"{p.key}: {p.message}" if p.key else p.message
            out.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return out


def gitlab(errors, warnings) -> list[dict]:
    """GitLab code quality report entries (the Code Climate subset GitLab reads)."""
    out = []
    for severity, problems in (("major", errors), ("minor", warnings)):
        for p in problems:
            path = _repo_path(p.path)
            description = f"{p.key}: {p.message}" if p.key else p.message
            out.append({
                "description": description,
                "check_name": f"konten-{'kesalahan' if severity == 'major' else 'peringatan'}",
                "fingerprint": hashlib.sha256(f"{path}\0{p.key}\0{p.message}".encode()).hexdigest(),
                "severity": severity,
                "location": {"path": path, "lines": {"begin": p.at() or 1}},
            })
    return out


def emit(fmt: str, report, out, report_file: str = GITLAB_REPORT):
    """Write the annotations of ``report`` in format ``fmt`` (after the plain report)."""
    if fmt == "github":
        for line in github(report.errors, report.warnings):
            print(line, file=out)
    elif fmt == "gitlab":
        entries = gitlab(report.errors, report.warnings)
        Path(message_folder(), report_file).write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"Laporan GitLab (code quality): {report_file}, {len(entries)} temuan.", file=out)
