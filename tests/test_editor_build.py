"""admin/ in the built site: the pinned editor, the generated configuration and the
page; nothing else in the output changes, and admin/ stays out of sitemap and search."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import yaml

from conftest import indexed

SITEURL = "https://sukamajukab.go.id"


def test_admin_is_written_and_nothing_else_changes(site):
    from editor import paket

    assert site.build(SITEURL=SITEURL, REDAKSI_ENABLED=False) == 0
    without = site.digest()
    assert site.build(SITEURL=SITEURL) == 0
    with_admin = site.digest()

    added = {p for p in with_admin if p not in without}
    assert added and all(p.startswith("admin/") for p in added)
    assert {p: h for p, h in with_admin.items() if p not in added} == without

    # The page loads the pinned bundle, the schema tables and the site's own scripts,
    # all from admin/ itself (no other host), and no inline script.
    html = site.read("admin/index.html")
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = [re.search(r'src="([^"]+)"', s).group(1) for s in scripts]
    assert sources == ["skema.js", f"{paket.FOLDER}/decap-cms.js", "situs-cms.js"]  # skema.js holds Decap's start
    assert all((site.output / "admin" / s).is_file() for s in sources)
    assert 'content="noindex' in html
    # Its own policy as a meta, ahead of every script, for hosts that send no header
    # (nginx sends the same for /admin/, tests/test_serangan.py).
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert html.index(meta) < html.index("<script")
    meta = meta.replace("&#x27;", "'")
    assert "script-src 'self' 'unsafe-eval';" in meta and "object-src 'none'" in meta
    assert "connect-src 'self' blob: https://api.github.com http://localhost:8081;" in meta

    # The bundle is the one the pinned tarball holds.
    cache = paket.unpacked(__import__("editor").cache_path({}))
    assert (site.output / "admin" / paket.FOLDER / "decap-cms.js").read_bytes() == (cache / "decap-cms.js").read_bytes()
    assert (cache / ".integrity").read_text() == paket.INTEGRITY

    conf = yaml.safe_load(site.read("admin/config.yml"))
    folders = {c["folder"] for c in conf["collections"]}
    assert {"content/berita/dinkes", "content/dip/bpbd", "content/agenda/dinkes", "content/halaman"} <= folders
    assert conf["site_url"] == SITEURL

    # The preview links the stylesheet the site itself uses.
    skema = site.read("admin/skema.js")
    css = re.search(r'stylesheet" href="[^"]*(/theme/css/situs[^"]*\.css)"', site.read("index.html")).group(1)
    assert f'"stylesheet": "..{css}"' in skema

    sitemap = site.read("sitemap.xml")
    assert "/admin" not in sitemap
    assert not [url for url in indexed(site.output) if "admin" in url]


def test_a_tampered_editor_tarball_stops_the_build(site, tmp_path, capsys):
    from editor import paket

    cache = tmp_path / "cache-redaksi"
    cache.mkdir()
    (cache / f"{paket.NAME}-{paket.VERSION}.tgz").write_bytes(b"not the package")
    (site.output).mkdir()
    (site.output / "lama.txt").write_text("x")
    assert site.build(REDAKSI_CACHE_PATH=str(cache)) == 1
    err = capsys.readouterr().err
    assert "REDAKSI_ENABLED" in err and "SHA-512" in err and "tidak cocok" in err
    assert (site.output / "lama.txt").is_file()  # the previous output is left as it was
    assert not (cache / f"{paket.NAME}-{paket.VERSION}.tgz").exists()


def test_production_build_has_precompressed_copies_of_the_editor(site):
    import brotli

    from editor import paket

    assert site.build(PRECOMPRESS=True) == 0
    bundle = site.output / "admin" / paket.FOLDER / "decap-cms.js"
    assert brotli.decompress(bundle.with_name("decap-cms.js.br").read_bytes()) == bundle.read_bytes()
    assert gzip.decompress(bundle.with_name("decap-cms.js.gz").read_bytes()) == bundle.read_bytes()
    script = site.output / "admin" / "situs-cms.js"
    assert brotli.decompress(script.with_name("situs-cms.js.br").read_bytes()) == script.read_bytes()


def test_the_editor_configuration_follows_the_registry_within_one_process(site):
    """The preview's build process keeps the last configuration's YAML: a new OPD in
    opd.toml still reaches admin/config.yml in the next build of the same process."""
    from content import build as kbuild
    from conftest import CONF

    memory = {}
    assert kbuild.build(CONF, site.output, memory=memory, **site.settings()) == 0
    assert "dispar" not in site.read("admin/config.yml")
    registry = site.content / "opd.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + '\n[dispar]\nnama = "Dinas Pariwisata"\n'
                        'singkatan = "Dispar"\n', encoding="utf-8")
    assert kbuild.build(CONF, site.output, memory=memory, **site.settings()) == 0
    assert "dispar" in site.read("admin/config.yml")


def test_the_editor_configuration_is_dumped_again_only_when_it_changed_also_between_processes(site, monkeypatch):
    """A one-off build (a new process) takes the last configuration's YAML from the
    editor's cache folder while the configuration is the same, and writes a new OPD's
    configuration as soon as opd.toml has it."""
    import editor
    from content import build as kbuild
    from conftest import CONF

    dumps = []
    real_dump = yaml.dump
    monkeypatch.setattr(yaml, "dump", lambda *a, **k: dumps.append(1) or real_dump(*a, **k))
    from editor import paket

    cache = site.root / "cache-redaksi"  # its own, with the pinned bundle of the shared one
    cache.mkdir()
    (cache / paket.FOLDER).symlink_to(paket.unpacked(editor.cache_path({})))
    settings = {**site.settings(), "REDAKSI_CACHE_PATH": str(cache)}

    def one_off_build():
        monkeypatch.setattr(editor, "_last_yaml", None)  # what a new process starts with
        assert kbuild.build(CONF, site.output, **settings) == 0
        return site.read("admin/config.yml")

    first = one_off_build()
    assert len(dumps) == 1 and "dispar" not in first
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")  # a build to do
    assert one_off_build() == first and len(dumps) == 1  # from the cache folder
    registry = site.content / "opd.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + '\n[dispar]\nnama = "Dinas Pariwisata"\n'
                        'singkatan = "Dispar"\n', encoding="utf-8")
    assert "dispar" in one_off_build() and len(dumps) == 2


def test_the_published_editor_talks_to_the_git_host_only(site):
    """publishconf.py: no local backend in admin/config.yml, and no decap-server address
    in the editor page's policy."""
    from conftest import ROOT
    from content import build

    assert build.build(ROOT / "publishconf.py", site.output, **site.settings(PRECOMPRESS=False)) == 0
    assert "local_backend" not in yaml.safe_load(site.read("admin/config.yml"))
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', site.read("admin/index.html")).group(1)
    assert "connect-src &#x27;self&#x27; blob: https://api.github.com;" in meta and "localhost" not in meta


def test_builds_unpacking_the_editor_at_once_each_get_the_whole_bundle(tmp_path):
    """Builds sharing the editor's cache (two CI jobs on one runner, the preview beside
    `invoke build`) may find it without the unpacked bundle at the same moment: each
    unpacks into its own folder and one of them is put in place; every build gets the
    whole bundle and no half-unpacked folder is left."""
    import multiprocessing

    import editor
    from editor import paket

    shared = paket.unpacked(editor.cache_path({}))
    cache = tmp_path / "cache-redaksi"
    cache.mkdir()
    tarball = f"{paket.NAME}-{paket.VERSION}.tgz"
    (cache / tarball).write_bytes((shared.parent / tarball).read_bytes())
    reference = tmp_path / "satu-build"
    reference.mkdir()
    (reference / tarball).write_bytes((cache / tarball).read_bytes())
    expected = {p.name: p.read_bytes() for p in paket.unpacked(reference).iterdir()}  # one build alone
    context = multiprocessing.get_context("fork")
    for round in range(4):
        barrier, answers = context.Barrier(4), context.Queue()
        processes = [context.Process(target=_unpack_at_once, args=(cache, barrier, answers)) for _ in range(4)]
        for process in processes:
            process.start()
        folders = [answers.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        assert folders == [str(cache / paket.FOLDER)] * 4, (round, folders)
        assert {p.name: p.read_bytes() for p in (cache / paket.FOLDER).iterdir()} == expected
        assert sorted(p.name for p in cache.iterdir()) == sorted([tarball, paket.FOLDER])  # no staging folder left
        shutil.rmtree(cache / paket.FOLDER)


def _unpack_at_once(cache, barrier, answers):
    from editor import paket

    barrier.wait(timeout=60)
    try:
        answers.put(str(paket.unpacked(cache)))
    except Exception as exc:  # noqa: BLE001 - the test shows what went wrong
        answers.put(repr(exc))
