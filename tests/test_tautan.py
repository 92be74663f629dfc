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
    # The build itself refuses these links (plugins/tautan, tests/test_tautan_build.py);
    # switched off here to try the task on an output that has them.
    assert site.build(TAUTAN_CHECK=False) == 0
    proc = tautan(site.output)
    assert proc.returncode == 1
    assert "profil-ppid/index.html: tautan /dip/tidak-ada/ tidak menuju" in proc.stdout
    assert "profil-ppid/index.html: tautan /dokumen/hilang.pdf tidak menuju" in proc.stdout
    assert "/berita/ tidak" not in proc.stdout and "contoh.go.id" not in proc.stdout
    assert "tautan rusak di" in proc.stderr
    # The fixture site has no pages for the theme's menu: those are reported too, on every page.
    assert [line for line in proc.stdout.splitlines() if line.startswith("KESALAHAN profil-ppid/index.html")
            and "/berita/ " in line] == []


def test_absolute_links_under_siteurl_are_checked(site):
    site.write("halaman/profil-ppid.md", """
        Title: Profil PPID
        Slug: profil-ppid

        [ada](https://sukamajukab.go.id/berita/) dan [hilang](https://sukamajukab.go.id/hilang/).
        """)
    assert site.build() == 0
    proc = tautan(site.output, SITEURL="https://sukamajukab.go.id")
    assert proc.returncode == 1 and "tautan https://sukamajukab.go.id/hilang/ tidak" in proc.stdout
    assert "sukamajukab.go.id/berita/ tidak" not in proc.stdout
    (site.output / "hilang").mkdir()
    (site.output / "hilang" / "index.html").write_text("<p>ada</p>")
    proc = tautan(site.output, SITEURL="https://sukamajukab.go.id")
    assert "sukamajukab.go.id/hilang/" not in proc.stdout
