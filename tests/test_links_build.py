"""No broken link into the site is ever published (plugins/links, during the build): a link to a missing
page, image or file refuses the build, naming the content file or the setting."""

from __future__ import annotations

import os

import hypothesis
from hypothesis import strategies

import pytest


def refused(site, capsys, **extra) -> str:
    before = site.digest() if site.output.exists() else None
    assert site.build(**extra) == 1
    err = capsys.readouterr().err
    assert "Build dihentikan" in err
    if before is not None:
        assert site.digest() == before  # the previous site stays as it was
    return err


def test_menu_link_to_a_missing_page_is_refused_naming_the_setting(site, capsys):
    from content.build import load_settings
    from conftest import CONF

    menu = load_settings(CONF)["MENU_LAYANAN"] + (("Standar layanan", "standar-layanan/", "Belum dibuat."),)
    err = refused(site, capsys, CARI_ENABLED=False, MENU_LAYANAN=menu)
    line = next(l for l in err.splitlines() if "standar-layanan" in l)
    assert line.strip().startswith("pelicanconf.py: MENU_LAYANAN:")
    # Said with what to write, before any page is made, so `check` (an upgrade's too) says it.
    assert "menuju halaman yang tidak ada di situs; buat content/halaman/standar-layanan.md" in line
    from pipeline import check

    checked = check(site.content, load_settings(CONF, **site.settings(MENU_LAYANAN=menu)))
    assert any(e.key == "MENU_LAYANAN" and "standar-layanan" in e.message for e in checked.errors)
    # The same site with the page written builds.
    site.write("halaman/standar-layanan.md", "Title: Standar Layanan\nSlug: standar-layanan\n\nStandar layanan PPID.\n")
    assert site.build(CARI_ENABLED=False, MENU_LAYANAN=menu) == 0
    assert (site.output / "standar-layanan/index.html").is_file()


@pytest.fixture(params=["satu proses", "paralel"])
def readers(request, monkeypatch):
    """The link check reads pages in this process, or in forked readers (large sites)."""
    from links import periksa

    if request.param == "paralel":
        monkeypatch.setattr(periksa, "PARALLEL_MIN", 1)
    return request.param


def test_body_link_to_a_missing_page_is_refused_naming_the_file(site, capsys, readers):
    assert site.build(CARI_ENABLED=False) == 0
    capsys.readouterr()
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text() + "\nLihat [jadwal posyandu](/jadwal-posyandu/) dan [profil](/profil-ppid/).\n")
    err = refused(site, capsys, CARI_ENABLED=False)
    lines = [l.strip() for l in err.splitlines() if "jadwal-posyandu" in l]
    assert len(lines) == 1
    assert lines[0].startswith("content/berita/dinkes/posyandu.md: tautan:") or lines[0].startswith(
        f"{news}: tautan:"
    )
    # The line the author wrote the link on (the file's last).
    assert lines[0].endswith(f" (baris {len(news.read_text().splitlines())})")
    assert "profil-ppid" not in err  # the existing page is fine


def test_a_link_holding_a_quoted_greater_than_is_checked_and_text_that_looks_like_one_is_not(site, capsys):
    """``href="/formulir/?a>b"`` is a link a browser follows; ``src="/video/lama"`` written
    as text (it lands in the page's description too) is none."""
    site.write("berita/dinkes/sematan.md", "Title: Panduan Sematan Video\nDate: 2026-01-10 09:00\nOPD: dinkes\n"
               "Author: Humas\nCategory: Berita\n\n"
               'Pada kode sematan, ganti bagian src="/video/lama" dengan alamat video baru.\n')
    assert site.build(CARI_ENABLED=False) == 0
    news = site.content / "berita/dinkes/posyandu.md"
    capsys.readouterr()
    news.write_text(news.read_text() + '\nLihat <a href="/formulir-tidak-ada/?a>b">formulir</a>.\n')
    err = refused(site, capsys, CARI_ENABLED=False)
    assert "posyandu.md: tautan: tautan '/formulir-tidak-ada/?a>b'" in err and "video/lama" not in err


def test_a_mistyped_link_to_a_news_item_suggests_the_page_meant(site, capsys):
    assert site.build(CARI_ENABLED=False) == 0
    capsys.readouterr()
    (site.content / "berita/dinkes/lain.md").write_text(
        "Title: Kabar Lain\nDate: 2026-11-02 08:00\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n\n"
        "Baca [posyandu](/berita/2026/11/posyandu-serentak-di-kecamatan-karangsar/).\n")
    err = refused(site, capsys, CARI_ENABLED=False)
    line = next(l for l in err.splitlines() if "karangsar/" in l)
    assert "mungkin maksudnya /berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/?" in line, line


def test_a_link_to_a_document_no_header_publishes_names_the_static_link_to_write(site, capsys):
    """`/dokumen/dinkes/laporan.pdf`: the file is under content/, but only a header or a
    {static} link publishes a document; the build said the file "is not on the site".
    Once a DIP entry names it (published at that address), the same link is fine, and so
    is a relative one that leads there from its page."""
    site.write("dokumen/dinkes/laporan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text() + "\nUnduh [laporan](/dokumen/dinkes/laporan.pdf).\n")
    err = refused(site, capsys, CARI_ENABLED=False)
    line = next(l for l in err.splitlines() if "laporan.pdf" in l and "tautan:" in l)
    assert ("tautan '/dokumen/dinkes/laporan.pdf' menuju berkas content/dokumen/dinkes/laporan.pdf, yang tidak diterbitkan: "
            "dokumen di content/ terbit hanya bila ditautkan dengan {static}; tulis {static}/dokumen/dinkes/laporan.pdf") in line, line
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace("Date:", "Dokumen: dokumen/dinkes/laporan.pdf\nDate:", 1))
    # A static page at /profil-ppid/ reads ../dokumen/… alike from its folder and from its
    # address: that relative link is fine too.
    page = site.content / "halaman/profil-ppid.md"
    page.write_text(page.read_text() + "\nUnduh [laporan](../dokumen/dinkes/laporan.pdf).\n")
    assert site.build(CARI_ENABLED=False) == 0
    assert 'href="../dokumen/dinkes/laporan.pdf"' in site.read("profil-ppid/index.html")


def test_relative_links_images_and_absolute_site_urls(site, capsys):
    siteurl = "https://sukamaju.example.go.id"
    site.write("halaman/tautan.md", f"""
        Title: Tautan
        Slug: tautan

        [profil relatif](../profil-ppid/), [profil absolut]({siteurl}/profil-ppid/#kontak),
        [luar](https://kominfo.go.id/tidak-ada/), [surel](mailto:ppid@example.go.id), [atas](#atas).
        """)
    assert site.build(CARI_ENABLED=False, SITEURL=siteurl) == 0
    capsys.readouterr()
    site.write("halaman/tautan.md", f"""
        Title: Tautan
        Slug: tautan

        [hilang]({siteurl}/laporan-hilang.pdf) dan [arsip](../arsip/2025/)
        """)
    err = refused(site, capsys, CARI_ENABLED=False, SITEURL=siteurl)
    assert "laporan-hilang.pdf" in err and "arsip/2025/index.html" in err
    assert all(l.strip().split(": ")[0].endswith("halaman/tautan.md") for l in err.splitlines() if "hilang" in l)
    said = [l for l in err.splitlines() if "halaman/tautan.md: tautan:" in l]
    assert len(said) == 2 and all(l.endswith(" (baris 4)") for l in said), said


def test_a_kept_page_linking_to_a_removed_page_is_refused(site, capsys):
    """Incremental builds keep unchanged pages: their links are checked all the same."""
    site.write("halaman/jadwal.md", "Title: Jadwal\nSlug: jadwal\n\nJadwal layanan.\n")
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text() + "\nLihat [jadwal](/jadwal/).\n")
    assert site.build(CARI_ENABLED=False) == 0
    (site.content / "halaman/jadwal.md").unlink()
    err = refused(site, capsys, CARI_ENABLED=False)
    assert any("posyandu.md: tautan:" in l and "/jadwal/" in l for l in err.splitlines())


def test_links_checked_beside_the_search_index_are_refused(site, capsys):
    """The links are checked by a forked process while the search index is built; a
    broken one is refused all the same, and a kept page is not read again."""
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text() + "\nLihat [jadwal posyandu](/jadwal-posyandu/).\n")
    err = refused(site, capsys)
    assert any(l.strip().startswith(("content/berita/dinkes/posyandu.md: tautan:", f"{news}: tautan:"))
               and "jadwal-posyandu" in l for l in err.splitlines()), err
    site.write("halaman/jadwal-posyandu.md", "Title: Jadwal Posyandu\nSlug: jadwal-posyandu\n\nJadwal.\n")
    stats = {}
    assert site.build(stats=stats) == 0
    assert stats["tautan"]["beside"] and stats["tautan"]["read"] == stats["tautan"]["pages"] > 20
    news.write_text(news.read_text() + "\nSunting.\n")
    stats = {}
    assert site.build(stats=stats) == 0
    assert stats["tautan"]["beside"] and 0 < stats["tautan"]["read"] < 20  # the kept pages: not read again


def test_a_link_to_a_file_the_search_step_writes_is_not_broken(site, capsys, monkeypatch):
    """The check lists the output before the search index is written (here: the whole
    check runs then); the targets it did not find are looked for once it is, so a page
    may link to the index's own files, and a link to one it does not write is refused."""
    import links

    def at_once(func):
        answer = (True, func())  # before the search step, as the forked process may
        return lambda: answer

    monkeypatch.setattr(links, "fork_start", at_once)
    monkeypatch.setattr(links, "_niced", lambda func, *args, **kwargs: func(*args, **kwargs))
    page = "Title: Bantuan Pencarian\nSlug: bantuan-cari\n\nGaya [pencarian](/pagefind/pagefind-ui.css).\n"
    site.write("halaman/bantuan-cari.md", page)
    stats = {}
    assert site.build(stats=stats) == 0, capsys.readouterr().err
    assert stats["tautan"]["beside"] and (site.output / "pagefind/pagefind-ui.css").is_file()
    site.write("halaman/bantuan-cari.md", page.replace("pagefind-ui.css", "gaya-lama.css"))
    err = refused(site, capsys)
    assert "pagefind/gaya-lama.css" in err and "halaman/bantuan-cari.md" in err


def test_a_failed_link_check_process_is_made_again_by_the_build(site, capsys, monkeypatch):
    from links import periksa

    build_process, find_missing = os.getpid(), periksa.find_missing

    def fails_when_forked(*args, **kwargs):
        if os.getpid() != build_process:
            raise OSError(28, "No space left on device")
        return find_missing(*args, **kwargs)

    monkeypatch.setattr(periksa, "find_missing", fails_when_forked)
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text() + "\nLihat [jadwal posyandu](/jadwal-posyandu/).\n")
    err = refused(site, capsys)
    assert any("posyandu.md: tautan:" in l and "jadwal-posyandu" in l for l in err.splitlines()), err
    site.write("halaman/jadwal-posyandu.md", "Title: Jadwal Posyandu\nSlug: jadwal-posyandu\n\nJadwal.\n")
    stats = {}
    assert site.build(stats=stats) == 0
    assert "beside" not in stats["tautan"] and stats["tautan"]["waited"] >= 0 and stats["tautan"]["pages"] > 20


def test_a_build_refused_after_its_pages_leaves_no_link_checking_process(site, capsys, monkeypatch):
    import links
    from search import shards
    from search.index import IndexFailed

    started = []
    real_start = links.fork_start
    monkeypatch.setattr(links, "fork_start", lambda f: started.append(real_start(f)) or started[-1])

    def fails(*args, **kwargs):
        raise IndexFailed("Pagefind berhenti")

    monkeypatch.setattr(shards, "build", fails)
    assert site.build() != 0
    assert "Pagefind berhenti" in capsys.readouterr().err
    assert len(started) == 1  # the links were being checked
    with pytest.raises(ChildProcessError):  # and that process is gone: neither running nor left unreaped
        os.waitpid(started[0].pid, os.WNOHANG)


def test_missing_logo_setting_is_refused_at_start(site, capsys):
    err = refused(site, capsys, SITE_LOGO="images/logo-baru.png")
    assert "pelicanconf.py: SITE_LOGO: berkas 'images/logo-baru.png' tidak ada" in err
    assert err.count("SITE_LOGO") == 1


def test_a_missing_logo_is_found_by_check_as_by_the_build(site, monkeypatch):
    """`check` is CI's first step and the pre-commit hook: a logo file deleted passed it and
    stopped only the build."""
    monkeypatch.setattr(site, "settings", lambda: {"PATH": str(site.content), "SITE_LOGO": "images/logo-baru.png"})
    errors = [str(p) for p in site.check().errors]
    assert any("pelicanconf.py: SITE_LOGO: berkas 'images/logo-baru.png' tidak ada" in e for e in errors), errors


@pytest.mark.parametrize("value, expected", [
    # From the host's root, outside the site's path (/sub): no file of the site (periksa.OUTSIDE).
    ("/", "../"),
    ("/Foto%20Rapat.webp", "../Foto Rapat.webp"),
    ("/sub/", "index.html"),
    ("/sub/Foto%20Rapat.webp", "Foto Rapat.webp"),
    # Climbing out of the path is leaving it, however the dots are written.
    ("/sub/../x/", "../x/"),
    ("/sub/%2e%2e/x/", "../x/"),
    ("/sub/a/../x/", "x/index.html"),
    ("../b/", "b/index.html"),
    ("c.png?v=2#x", "a/c.png"),
    ("https://situs.go.id/sub/x/", "x/index.html"),
    ("/sub/y.css", "y.css"),
    ("https://lain.go.id/x/", None),
    ("mailto:a@b.id", None),
    ("#isi", None),
    # The same host however a browser may be given it: the default port, a trailing dot,
    # capitals, user-info, a percent escape; another port is another server.
    ("https://situs.go.id:443/sub/p/", "p/index.html"),
    ("https://situs.go.id./sub/p/", "p/index.html"),
    ("https://SITUS.go.id/sub/p/", "p/index.html"),
    ("https://warga@situs.go.id/sub/p/", "p/index.html"),
    ("https://situs%2Ego.id/sub/p/", "p/index.html"),
    ("https://situs.go.id:8443/sub/p/", None),
    # The site's own domain (SITE_DOMAIN) in a build with relative addresses, with or without www.
    ("https://www.situs.go.id/sub/q/", "q/index.html"),
])
def test_link_targets(tmp_path, value, expected):
    from links.periksa import Site

    assert Site(str(tmp_path), "https://situs.go.id/sub").target("a/index.html", value) == expected
    if "situs" in value and "/sub/" in value and ":8443" not in value:
        from common.urls import own_hosts

        relative = Site(str(tmp_path), "", hosts=own_hosts({"SITE_DOMAIN": "situs.go.id"}))
        assert relative.target("a/index.html", value.replace("/sub/", "/")) == expected


def test_a_link_to_the_site_s_own_domain_is_checked_in_every_build(site, capsys):
    """An author copies https://<domain>/berita/… from the browser: a merge request's build
    (relative addresses) and `check` refused nothing, and the link broke the deploy after
    the merge. The site's domain is the site in every build."""
    site.write("halaman/tautan.md", """
        Title: Tautan
        Slug: tautan

        [profil](https://sukamajukab.go.id/profil-ppid/) dan [imunisasi](https://www.sukamajukab.go.id/berita/2025/04/tidak-ada/)
        """)
    errors = [str(p) for p in site.check().errors if p.path.endswith("halaman/tautan.md")]
    assert len(errors) == 1 and "tautan https://www.sukamajukab.go.id/berita/2025/04/tidak-ada/ menuju berita yang tidak ada" in errors[0], errors
    err = refused(site, capsys, CARI_ENABLED=False)
    assert "halaman/tautan.md: isi: tautan https://www.sukamajukab.go.id/berita/2025/04/tidak-ada/ menuju berita" in err
    assert "profil-ppid" not in err
    # A link to any other page of the site's domain is the link check's (after the pages).
    site.write("halaman/tautan.md", """
        Title: Tautan
        Slug: tautan

        [arsip](https://sukamajukab.go.id/arsip-lama/2019/)
        """)
    err = refused(site, capsys, CARI_ENABLED=False)
    said = [l for l in err.splitlines() if "halaman/tautan.md: tautan" in l]
    assert len(said) == 1 and "arsip-lama/2019/index.html" in said[0], err
    # The feeds and the site map are written by the publish build alone: linked by the
    # site's domain, they are not missing from a merge request's build.
    site.write("halaman/tautan.md", """
        Title: Tautan
        Slug: tautan

        [umpan berita](https://sukamajukab.go.id/feeds/semua.atom.xml), [peta situs](https://sukamajukab.go.id/sitemap.xml)
        """)
    assert site.build(CARI_ENABLED=False) == 0


def test_links_in_tags_only(tmp_path):
    from links.periksa import page_links

    html = """<a href="/a/">x</a><pre><code>&lt;a href="/kode/"&gt;</code></pre>
    <!-- <a href="/komentar/"> --><script>var s = '<img src="/skrip/">';</script><script src="/js/a.js"></script>
    <img src='/b.png' srcset="/c-480.webp 480w, /c-960.webp 960w"><video poster=/p.jpg></video>
    <a title="a > b" href="/q/?a>b">q</a><meta name="description" content="ganti bagian src=&#34;/video/lama&#34; saja">
    <img alt='lihat href=/bukan/' src="/d.png">"""
    assert sorted(page_links(html)) == ["/a/", "/b.png", "/c-480.webp", "/c-960.webp", "/d.png", "/js/a.js", "/p.jpg",
                                        "/q/?a>b"]


def _links_tag_by_tag(text: str) -> list[str]:
    """The link values of a page read one tag at a time, each tag's attributes searched
    alone: what ``page_links`` must find, the way a reader of the HTML would."""
    import re

    tags = re.compile(r"<!--.*?-->|<style\b[^>]*>.*?</style\s*>|<script\b([^>]*)>.*?</script\s*>"
                      r"""|<[a-zA-Z][a-zA-Z0-9-]*(\s(?:[^>"']|"[^"]*"|'[^']*')*)>""", re.S | re.I)
    # A link attribute, or another attribute's quoted value (skipped whole: text, never an attribute).
    attrs = re.compile(r"""\s(href|src|srcset|poster|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))|"[^"]*"|'[^']*'""", re.I)
    found = []
    for tag in tags.finditer(text):
        for m in attrs.finditer(tag.group(1) or tag.group(2) or ""):
            if m.group(1) is None:
                continue
            value = next(v for v in m.groups()[1:] if v is not None)
            if m.group(1).lower() == "srcset":
                found += [c.strip().split(None, 1)[0] for c in value.split(",") if c.strip()]
            else:
                found.append(value)
    return found


ATTRIBUTES = strategies.sampled_from([' href="/x/', " HREF='/y/", " src=/z.png", ' srcset="/a.webp 2x, /b.webp"',
                                      " poster=", " action='/k/'", ' class="c"', ' class="', "'", '"', "=", " ", "/"])
TAGS = strategies.builds(lambda name, attrs: f"<{name}{''.join(attrs)}>",
                         strategies.sampled_from(["a", "IMG", "script", "Style", "p"]),
                         strategies.lists(ATTRIBUTES, max_size=5))
OTHER = strategies.sampled_from(["</script>", "</STYLE >", "<!--", "-->", "teks", "\n", '"', "'", ">", "<"])


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(strategies.lists(strategies.one_of(TAGS, TAGS, OTHER), max_size=12))
def test_links_are_those_a_reader_finds_tag_by_tag(pieces):
    """Any mix of tags, quotes, comments and scripts, well formed or not: the same link
    values, in the same order, as reading one tag at a time."""
    from links.periksa import page_links

    text = "".join(pieces)
    assert list(page_links(text)) == _links_tag_by_tag(text)


def test_the_site_files_are_listed_as_os_walk_lists_them(tmp_path):
    """The link check's listing of the output: every file, a link to a folder listed, not followed."""
    from links.periksa import files_under

    (tmp_path / "berita" / "2026").mkdir(parents=True)
    (tmp_path / "berita" / "2026" / "index.html").write_text("x")
    (tmp_path / "index.html").write_text("x")
    (tmp_path / "kosong").mkdir()
    (tmp_path / "pintas").symlink_to(tmp_path / "berita", target_is_directory=True)
    (tmp_path / "gambar.webp").symlink_to(tmp_path / "index.html")
    walked = {os.path.relpath(os.path.join(folder, n), tmp_path).replace(os.sep, "/")
              for folder, _, names in os.walk(tmp_path) for n in names}
    assert files_under(str(tmp_path)) == walked == {"berita/2026/index.html", "index.html", "gambar.webp"}


def test_the_link_cache_keeps_each_pages_targets_across_builds(tmp_path):
    """Pages whose file is unchanged get their targets from the cache, also after most of the
    site's targets changed (the stored list of targets is numbered again)."""
    from links.periksa import LinkCache

    path = tmp_path / "tautan-output" / "tautan.pickle"
    page = tmp_path / "halaman.html"
    page.write_text("x")
    st = os.stat(page)
    cache = LinkCache(path, "")
    cache.put("tetap/index.html", st, {"profil/index.html": "/profil/", "logo.png": "/logo.png"})
    for k in range(3000):
        cache.put(f"berita/{k}/index.html", st, {f"tag/{k}/index.html": f"/tag/{k}/"})
    assert cache.all_targets() == ({"profil/index.html", "logo.png", *(f"tag/{k}/index.html" for k in range(3000))}, 3002)
    cache.save()
    for round_ in range(3):  # each build: the news pages link elsewhere
        cache = LinkCache(path, "")
        assert cache.targets(cache.get("tetap/index.html", st)) == ["profil/index.html", "logo.png"]
        for k in range(3000):
            cache.put(f"berita/{k}/index.html", st, {f"kategori/{round_}-{k}/index.html": "/x/"})
        cache.all_targets()
        cache.save()
    cache = LinkCache(path, "")
    assert len(cache.names) <= 2 * 3002  # not every target ever seen
    assert cache.targets(cache.get("tetap/index.html", st)) == ["profil/index.html", "logo.png"]
    assert cache.targets(cache.get("berita/7/index.html", st)) == ["kategori/2-7/index.html"]
    assert cache.get("berita/7/index.html", os.stat(tmp_path)) is None  # another file: read again


def test_a_site_published_under_a_path_links_only_under_it(site, tmp_path, capsys):
    """A GitHub Pages project site (https://pemilik.github.io/situs): every card,
    breadcrumb and author link went to /berita/…, outside it (826 links on the sample),
    and the link check passed them. Now each leads under the path, served by a real
    server on loopback, and a link outside it refuses the build."""
    import html
    import re
    import threading
    import urllib.error
    import urllib.request
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import quote

    from nginx_helper import free_port

    site.write("halaman/profil-ppid.md", """
        Title: Profil PPID
        Slug: profil-ppid

        Lihat [Daftar Informasi Publik](/dip/) dan [berita](/berita/), <a href='/dip/dikecualikan/'>yang dikecualikan</a>,
        [laporan](<{static}/dokumen/ppid/laporan kinerja é.pdf>) dan foto kegiatan:

        ![Rapat PPID](/images/halaman/rapat.jpg)
        """)
    site.write("dokumen/ppid/laporan kinerja é.pdf", b"%PDF-1.4\n%%EOF\n")
    site.image("images/halaman/rapat.jpg", size=(800, 600))
    port = free_port()
    base = f"http://127.0.0.1:{port}/situs"
    www = tmp_path / "www"
    www.mkdir()
    assert site.build(SITEURL=base) == 0, capsys.readouterr().err
    (www / "situs").symlink_to(site.output)
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(SimpleHTTPRequestHandler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seen, todo, outside, broken = set(), ["/situs/"], set(), set()
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{quote(path, safe='/%')}", timeout=10) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError:
                broken.add(path)
                continue
            if "html" not in kind:
                continue
            for link in re.findall(rb'(?:href|src)="([^"#?]*)', body):
                link = html.unescape(link.decode())
                if link.startswith(base):
                    link = link[len(base) - len("/situs"):]
                elif link.startswith("/") and not link.startswith("//"):
                    if not link.startswith("/situs/"):
                        outside.add((path, link))
                        continue
                else:
                    continue  # relative (none are written) or another site
                todo.append(link)
        assert not outside, sorted(outside)[:10]
        assert not broken, sorted(broken)[:10]
        assert "/situs/dip/" in seen and len(seen) > 20
        page = site.read("profil-ppid/index.html")
        assert 'href="/situs/dip/"' in page and re.search(r"""href=["']/situs/dip/dikecualikan/["']""", page)  # the author's /dip/
        assert re.search(r'srcset="[^"]*/situs/images/halaman/rapat-\d+\.[0-9a-f]+\.webp', page), page  # the photo, resized
        assert "/situs/dokumen/ppid/laporan" in page
    finally:
        server.shutdown()
        server.server_close()
    # A template's link written from the host's root (not under SITEURL's path) is refused.
    from links import periksa

    at = periksa.Site(str(site.output), base, listed=False)
    assert at.target("index.html", "/berita/").startswith(periksa.OUTSIDE)
    assert at.target("index.html", "/situs/berita/") == "berita/index.html"
    assert at.target("index.html", f"{base}/dip/") == "dip/index.html"
    problems = periksa.report(str(site.output), {"SITEURL": base}, {("index.html", at.target("index.html", "/berita/")): "/berita/"})
    assert "tautan '/berita/' menuju ke luar alamat situs" in str(problems[0]) and "di bawah /situs/" in str(problems[0])
    # An author's link climbing out of the path to a page the site also has (/situs/../dip/
    # is the host's /dip/): refused, naming the file.
    capsys.readouterr()
    site.write("halaman/profil-ppid.md", "Title: Profil PPID\nSlug: profil-ppid\n\nLihat [DIP](/situs/%2e%2e/dip/).\n")
    assert site.build(SITEURL=base) == 1
    err = capsys.readouterr().err
    assert "profil-ppid.md: tautan: tautan '/situs/%2e%2e/dip/' menuju ke luar alamat situs" in err, err


@pytest.mark.parametrize("beside", ["![Rapat PPID](/images/halaman/rapat.jpg)",
                                    '<a href="https://jdihn.go.id/" target="_blank">JDIHN</a>'])
def test_a_document_link_with_spaces_beside_a_photo_or_a_new_tab_link_is_published(site, capsys, beside):
    """A page with a photo (or a link opening a new tab) and a link to "laporan kinerja
    é.pdf": the photo's rewrite (the new tab's rel) wrote the link again percent-escaped,
    and the build said the file could not be read."""
    site.write("halaman/profil-ppid.md", f"""
        Title: Profil PPID
        Slug: profil-ppid

        Unduh [laporan](<{{static}}/dokumen/ppid/laporan kinerja é.pdf>).

        {beside}
        """)
    site.write("dokumen/ppid/laporan kinerja é.pdf", b"%PDF-1.4\n%%EOF\n")
    site.image("images/halaman/rapat.jpg", size=(800, 600))
    assert site.build() == 0, capsys.readouterr().err
    assert (site.output / "dokumen/ppid/laporan kinerja é.pdf").is_file()
    page = site.read("profil-ppid/index.html")
    assert "<picture" in page or 'rel="noopener noreferrer"' in page


def test_a_body_written_back_keeps_each_address_as_written():
    """The addresses a parsed body is written back with are the author's own, even one that
    looks like the placeholder used to keep them."""
    import lxml.html

    from content.html_policy import fragment_html

    html = ('<p><a href="kit-alamat-0">x</a> <a href="{static}/dokumen/laporan kinerja é.pdf?a=1&amp;b=2">l</a> '
            '<img alt="" src="/images/foto rapat.jpg"></p>')
    back = fragment_html(lxml.html.fragment_fromstring(html, create_parent="div"))
    assert back == html, back


def test_root_links_are_put_under_the_path_as_written():
    """Only href and src values change, quoted either way or not at all; a quoted value
    that merely reads like an attribute, a //host, an anchor and a prefixed link stay."""
    from content.html_policy import under

    assert under('<a href="/a">x</a> <a href="{static}/dokumen/laporan kinerja é.pdf">', "/r") == \
        '<a href="/r/a">x</a> <a href="{static}/dokumen/laporan kinerja é.pdf">'
    assert under("<a href='/dip/'>D</a><a href=/dip/>D</a><A HREF=\"/x\" class=b>y</A>", "/r") == \
        "<a href='/r/dip/'>D</a><a href=/r/dip/>D</a><A HREF=\"/r/x\" class=b>y</A>"
    kept = '<a href="//cdn.x/y">c</a><a href="/r/x">r</a><a title="a href=/z" href="#q">q</a><p>lihat href="/x"</p>'
    assert under(kept, "/r") == kept
    assert under('<img alt="" src="/images/a.jpg">', "") == '<img alt="" src="/images/a.jpg">'


def test_a_menu_link_to_a_draft_page_is_hidden_and_said_by_check_and_build_alike(site, capsys):
    """A new site's PPID pages start as drafts: their menu entries are left out until they
    publish, and `check` (CI's first step, the pre-commit hook) says so as the build does."""
    tentang = site.content / "halaman" / "tentang.md"
    tentang.write_text(tentang.read_text(encoding="utf-8").replace("Slug: tentang\n", "Slug: tentang\nStatus: draft\n"),
                       encoding="utf-8")
    said = f"pelicanconf.py: MENU_KAKI: 'tentang/' menuju halaman yang masih draf ({tentang})"
    checked = [str(w) for w in site.check().warnings if "masih draf" in str(w)]
    assert [w.split(";")[0] for w in checked] == [said], checked
    assert site.build(CARI_ENABLED=False) == 0
    built = [ln for ln in capsys.readouterr().err.splitlines() if "masih draf" in ln]
    assert [ln.removeprefix("PERINGATAN ").split(";")[0] for ln in built] == [said], built  # once
    home = site.read("index.html")
    assert 'href="/tentang/"' not in home and 'href="/ppid/"' in home
