"""`invoke tautan`: every link inside the built site leads to a page or file of it."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def tautan(output, **env):
    return subprocess.run([sys.executable, "-m", "invoke", "tautan", "--output", str(output)], cwd=ROOT,
                          capture_output=True, encoding="utf-8", env={**os.environ, **env})


def test_broken_links_are_named_with_their_page(site):
    site.write("halaman/profil-ppid.md", """
        Title: Profil PPID
        Slug: profil-ppid

        Lihat [berita](/berita/), [posyandu](../berita/), [laporan](/dip/tidak-ada/),
        [dokumen](/dokumen/hilang.pdf), [luar](https://contoh.go.id/tidak-diperiksa/)
        dan [surel](mailto:ppid@contoh.go.id).
        """)
    # The build itself refuses these links (plugins/links, tests/test_links_build.py);
    # switched off here to try the task on an output that has them.
    assert site.build(TAUTAN_CHECK=False) == 0
    proc = tautan(site.output)
    assert proc.returncode == 1
    lines = [ln for ln in proc.stdout.splitlines() if "profil-ppid/index.html" in ln]
    assert any("'/dip/tidak-ada/' menuju berkas yang tidak ada" in ln for ln in lines), proc.stdout
    assert any("'/dokumen/hilang.pdf' menuju berkas yang tidak ada" in ln for ln in lines), proc.stdout
    assert "'/berita/'" not in proc.stdout and "contoh.go.id" not in proc.stdout
    assert "tautan rusak" in proc.stderr


def test_absolute_links_under_siteurl_are_checked(site):
    site.write("halaman/profil-ppid.md", """
        Title: Profil PPID
        Slug: profil-ppid

        [ada](https://sukamajukab.go.id/berita/) dan [hilang](https://sukamajukab.go.id/hilang/).
        """)
    # The build refuses the second link itself (SITE_DOMAIN, tests/test_links_build.py); off
    # here to try the task on an output that has it.
    assert site.build(TAUTAN_CHECK=False) == 0
    proc = tautan(site.output, SITEURL="https://sukamajukab.go.id")
    assert proc.returncode == 1 and "'https://sukamajukab.go.id/hilang/' menuju" in proc.stdout
    assert "sukamajukab.go.id/berita/'" not in proc.stdout
    (site.output / "hilang").mkdir()
    (site.output / "hilang" / "index.html").write_text("<p>ada</p>")
    proc = tautan(site.output, SITEURL="https://sukamajukab.go.id")
    assert "sukamajukab.go.id/hilang/" not in proc.stdout
