"""The kit refuses to build on library versions its private-API code was not written for."""

from __future__ import annotations

import subprocess
import sys

from conftest import CONF, ROOT


def test_installed_versions_are_the_ones_the_kit_was_written_for():
    import pelican_internals

    assert pelican_internals.problems() == []


def test_a_build_on_another_pelican_refuses_in_indonesian(tmp_path):
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from importlib import metadata\n"
        "real = metadata.version\n"
        "metadata.version = lambda d: '4.13.0' if d == 'pelican' else real(d)\n"
        "from content import build\n"
        "sys.exit(build.build(%r, %r))\n" % (str(ROOT / "plugins"), str(CONF), str(tmp_path / "out"))
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode != 0
    assert "pelican 4.13.0 terpasang, padahal kit ini ditulis untuk 4.12.x" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
