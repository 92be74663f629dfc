"""Incremental builds (plugins/rendering): after any change the output equals a clean build's,
byte for byte; unchanged pages are not rewritten; a refused build changes nothing."""

from __future__ import annotations

import fcntl
import hashlib
import gc
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from slugify import slugify
from conftest import CONF, runtime_only, share_image_cache

import bench_site
from content import build as kbuild
from content.build import load_settings
from rendering import writer as rwriter


def digest(folder: Path) -> dict[str, str]:
    """Every file by its bytes, and every folder (a folder left empty is a difference too)."""
    return {
        p.relative_to(folder).as_posix() + ("/" if p.is_dir() else ""):
        hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
    }


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


class Bigger:
    """A generated site with enough items for paginated tag, category and news lists."""

    def __init__(self, root: Path):
        self.root = root
        self.content = bench_site.generate(root, berita=40, dip=16, opd=3, seed=11)
        self.output = root / "output"

    def build(self, **extra) -> int:
        # The search index has its own incremental test (test_search_shards.py); these
        # comparisons leave it out to stay quick.
        return kbuild.build(CONF, self.output, PATH=str(self.content), CARI_ENABLED=False, **extra)

    def clean(self, **settings) -> dict[str, str]:
        """A build from scratch (no previous output, no state, its own search cache) of the same content."""
        out = self.root / "bersih"
        for folder in (out, self.root / ".cache" / "cepat-bersih", self.root / "cari-bersih"):
            shutil.rmtree(folder, ignore_errors=True)
        settings = {"CARI_ENABLED": False, "CARI_CACHE_PATH": str(self.root / "cari-bersih"), **settings}
        assert kbuild.build(CONF, out, PATH=str(self.content), **settings) == 0
        return digest(out)

    def news(self, i: int) -> Path:
        return next(self.content.glob(f"berita/*/*/berita-{i:05d}.md"))

    def entry(self, i: int) -> Path:
        return next(self.content.glob(f"dip/*/entri-{i:05d}.md"))

    def edit(self, path: Path, old: str, new: str):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def big(tmp_path):
    site = Bigger(tmp_path)
    assert site.build() == 0
    return site


def header(path: Path, key: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"{key} not in {path}")


def test_clean_builds_are_paginated_and_complete(big):
    out = digest(big.output)
    assert "berita/halaman/2/index.html" in out
    assert any(k.startswith("kategori/") and "/halaman/2/" in k for k in out)
    assert out == big.clean()


CHANGES_NEW_NEWS = ("Title: Berita Paling Baru\nDate: 2026-11-21 08:00\nOPD: diskominfo\nAuthor: Humas\n"
                    "Category: Berita\nTags: kesehatan\n\nIsi berita baru.\n")
CHANGES = {
    "edit news body": lambda s: s.news(7).open("a", encoding="utf-8").write("\nKalimat tambahan.\n"),
    "change news title": lambda s: s.edit(s.news(3), f"Title: {header(s.news(3), 'Title')}", "Title: Judul Baru Sekali"),
    "change news tags": lambda s: s.edit(s.news(5), f"Tags: {header(s.news(5), 'Tags')}", "Tags: tag-baru-sekali"),
    "add news": lambda s: (s.content / "berita/diskominfo/baru.md").write_text(CHANGES_NEW_NEWS, encoding="utf-8"),
    "delete news": lambda s: s.news(9).unlink(),
    # The newest item's card is on the lists, its tags' and OPD's pages and its OPD's
    # other items: a sentence at its end does not change the card, new first words do.
    "edit newest news end": lambda s: s.news(39).open("a", encoding="utf-8").write("\nKalimat penutup.\n"),
    "edit newest news first words": lambda s: s.edit(s.news(39), "\n\n", "\n\nKalimat pembuka baru. "),
    "add entry": lambda s: (s.content / "dip/dinkes/baru.md").write_text(
        bench_site.dip_text(__import__("random").Random(1), 999, "dinkes", __import__("datetime").datetime(2026, 10, 1, 9)),
        encoding="utf-8"),
    "edit entry": lambda s: s.entry(4).open("a", encoding="utf-8").write("\nKeterangan tambahan.\n"),
    "delete entry": lambda s: s.entry(2).unlink(),
}


def test_changes_in_sequence_stay_equal_to_clean_builds(big):
    """Each change, one after the other (the message names the one that differs)."""
    for name, change in CHANGES.items():
        change(big)
        assert big.build() == 0, name
        assert digest(big.output) == big.clean(), name


def test_pages_render_without_reading_their_templates_times_again(big, monkeypatch):
    """While pages are rendered a loaded template is not looked at again on disk (Jinja
    would read its file's time at every ``extends``, ``include`` and ``import`` of every
    page); after the render step the templates are watched again, so the next build in
    the same process (the preview's) loads a template saved meanwhile."""
    from collections import Counter

    templates = str(Path(load_settings(CONF)["THEME"]) / "templates")
    looked, getmtime = Counter(), os.path.getmtime

    def counted(path):
        if str(path).startswith(templates):
            looked[Path(path).name] += 1
        return getmtime(path)

    environments, render = set(), rwriter.render

    def noted(job, *args):
        environments.add(job.template.environment)
        return render(job, *args)

    monkeypatch.setattr(os.path, "getmtime", counted)
    monkeypatch.setattr(rwriter, "render", noted)
    stats = {}
    assert big.build(CEPAT_WORKERS=1, CEPAT_INCREMENTAL=False, stats=stats) == 0  # every page, in this process
    assert stats["cepat"]["rendered"] > 100
    assert 0 < looked["base.html"] <= len(environments), looked  # once per environment, not per page
    assert environments and all(env.auto_reload for env in environments)


def test_an_edit_below_a_news_item_s_summary_renders_only_its_own_page(big):
    """The lists, the tag, category and OPD pages and the pages of the same OPD's other
    items show the newest item as a card (title, address, date, OPD, category, summary):
    what a page read on the items it shows is recorded, so a sentence added at the end
    of the item renders its own page alone, and new first words (a new summary) every
    page showing its card; each build equals a clean one."""
    def rendered(change: str) -> set[str]:
        before = inodes(big.output)
        CHANGES[change](big)
        stats = {}
        assert big.build(stats=stats) == 0
        after = inodes(big.output)
        changed = {k for k in after if k.endswith(".html") and before.get(k) != after[k] and not k.startswith("admin/")}
        assert stats["cepat"]["rendered"] == len(changed)
        assert digest(big.output) == big.clean()
        return changed

    own = page_of(big, big.news(39))
    assert rendered("edit newest news end") == {own}
    shown = rendered("edit newest news first words")
    assert {own, "index.html", "berita/index.html", "opd/diskominfo/index.html", "tag/ekonomi/index.html"} <= shown
    assert sum(k.startswith("berita/2") for k in shown) > 5  # the same OPD's items show it


def test_a_page_linking_another_shows_its_new_address_once_it_moves(big):
    """A news item linking another with ``{filename}`` publishes that item's address:
    when the other item's title (and so its address) changes, the linking page is
    rendered again with the new address, the build is not refused for a broken link,
    and the site equals a clean build."""
    target = big.news(5)
    with big.news(3).open("a", encoding="utf-8") as fh:
        fh.write(f"\nLihat [berita lain]({{filename}}/{target.relative_to(big.content).as_posix()}).\n")
    assert big.build() == 0
    big.edit(target, f"Title: {header(target, 'Title')}", "Title: Judul Yang Sama Sekali Baru")
    assert big.build() == 0
    assert "/judul-yang-sama-sekali-baru/" in (big.output / page_of(big, big.news(3))).read_text(encoding="utf-8")
    assert digest(big.output) == big.clean()


def page_of(site, source: Path) -> str:
    slug = slugify(header(source, "Title"), max_length=80, word_boundary=True)
    return next(k for k in digest(site.output) if k.startswith("berita/2") and k.endswith(f"/{slug}/index.html"))


def test_one_off_builds_reuse_what_the_last_one_kept_only_under_the_same_settings(big, monkeypatch):
    """A one-off build loads what the last successful one kept (Run.memory, in the state
    folder): after one edit only that item's search data is computed again, and the site
    equals a clean build; under other settings nothing is reused."""
    from search.model import SearchModel

    computed = []
    real = SearchModel._compute
    monkeypatch.setattr(SearchModel, "_compute", lambda self, c, t: computed.append(c.source_path) or real(self, c, t))
    CHANGES["edit news body"](big)
    assert big.build() == 0
    assert computed == [str(big.news(7))]
    assert digest(big.output) == big.clean()
    computed.clear()
    big.news(3).open("a", encoding="utf-8").write("\nKalimat lain.\n")
    assert big.build(SITENAME="Pemerintah Kabupaten Lain") == 0
    assert len(computed) > 50  # every page again


def test_an_edit_derives_the_search_key_and_json_ld_of_the_edited_item_alone(big, monkeypatch):
    """What a page's search data is computed from is digested once, and a news item's
    JSON-LD made once, and kept with the object read (rendering.kept's remember /
    recall): after one edit only the edited item's are made again (and the regulations'
    search keys: their derive step makes what those read). An attribute a later step
    replaced on a kept object makes them afresh, and they follow it."""
    import metadata
    import search.model as model

    digested, described = [], {}
    real_key, real_describe = model.value_key, metadata._describe
    monkeypatch.setattr(model, "value_key", lambda v: digested.append(v) or real_key(v))

    def describe(item, site):
        real_describe(item, site)
        described[item.source_path] = str(item.jsonld)

    monkeypatch.setattr(metadata, "_describe", describe)
    CHANGES["edit news body"](big)
    assert big.build() == 0
    assert [v[-1] for v in digested if v[0] != model.TIPE_REGULASI] == [page_of(big, big.news(7))]
    assert list(described) == [str(big.news(7))]

    target = big.news(5)
    real_begin, titles = model.SearchModel.begin, {}
    real_record = model.SearchModel._record

    def begin(self, **pages):
        for item in pages["news"]:
            if item.source_path == str(target):
                item.title = item.title + " Diperbarui"  # as a site's own derive step might
        return real_begin(self, **pages)

    def record(self, content, key, made):
        titles[content.source_path] = made[2]["title"]
        return real_record(self, content, key, made)

    monkeypatch.setattr(model.SearchModel, "begin", begin)
    monkeypatch.setattr(model.SearchModel, "_record", record)
    digested.clear(), described.clear()
    CHANGES["edit news body"](big)
    assert big.build() == 0
    assert sorted(v[-1] for v in digested if v[0] != model.TIPE_REGULASI) == sorted([page_of(big, big.news(7)), page_of(big, target)])
    assert titles[str(target)].endswith(" Diperbarui")
    assert sorted(described) == sorted([str(big.news(7)), str(target)])
    assert " Diperbarui" in described[str(target)]


def test_the_dip_s_files_are_made_again_only_when_what_they_are_made_from_changed(big, monkeypatch):
    """data/dip.* and data/dik.* (JSON, CSV, workbook, schema): after a news item's edit
    the last build's bytes are written again, no entry's record made; an entry's edit, a
    new entry and a change of the registry make them afresh, and the site equals a clean
    build each time."""
    from kip import tables

    made = []
    real = tables.export_record
    monkeypatch.setattr(tables, "export_record", lambda number, entry, *rest: made.append(entry.source_path) or real(number, entry, *rest))
    CHANGES["edit news body"](big)
    assert big.build() == 0
    assert made == []
    assert digest(big.output) == big.clean()

    entry = big.entry(4)
    big.edit(entry, "Retensi: 5 tahun", "Retensi: 9 tahun")
    made.clear()
    assert big.build() == 0
    assert str(entry) in made
    data = big.output / "data"
    assert "9 tahun" in (data / "dip.csv").read_text(encoding="utf-8-sig") + (data / "dik.csv").read_text(encoding="utf-8-sig")
    assert digest(big.output) == big.clean()

    made.clear()
    CHANGES["add entry"](big)
    assert big.build() == 0
    assert str(big.content / "dip/dinkes/baru.md") in made
    assert digest(big.output) == big.clean()

    registry = big.content / "opd.toml"
    text = registry.read_text(encoding="utf-8")
    assert 'nama = "Dinas Kesehatan"' in text  # (the new entry's OPD)
    registry.write_text(text.replace('nama = "Dinas Kesehatan"', 'nama = "Dinas Yang Berganti Nama"', 1), encoding="utf-8")
    made.clear()
    assert big.build() == 0
    assert made
    assert "Dinas Yang Berganti Nama" in (data / "dip.csv").read_text(encoding="utf-8-sig") + (data / "dik.csv").read_text(encoding="utf-8-sig")
    assert digest(big.output) == big.clean()


def test_the_search_key_reads_only_what_is_kept_with_an_object():
    """The digest of a page's search inputs, kept with its object (``KEY_INPUTS``),
    reads nothing else of it but its address and its summary (made from ``metadata``
    or ``_content``)."""
    from conftest import Reads
    import search.model as model

    item = Reads(fields={"opd": "dinkes"}, opd=None, date=datetime(2026, 11, 2, 9), title="Judul", summary="<p>Ringkas</p>",
                 _content="<p>Isi</p>", tags=["kesehatan"], save_as="berita/a/index.html", metadata={})
    search = object.__new__(model.SearchModel)
    search.objects, search.today = None, datetime(2026, 11, 22).date()
    assert search._key(item, model.TIPE_BERITA) is not None
    assert vars(item)["_read"] - {"summary", "save_as"} <= set(model.KEY_INPUTS)
    assert {"metadata", "_content", "_summary"} <= set(model.KEY_INPUTS)


def test_libraries_installed_at_other_versions_start_the_next_build_afresh(big, monkeypatch):
    """An updated lock installed (a library at another version: what reading and
    rendering make may differ) is a change like a plugin's: the next build keeps no
    object and no page of the last one, and equals a clean build."""
    from rendering import incremental

    stats = {}
    CHANGES["edit news body"](big)
    assert big.build(stats=stats) == 0
    assert stats["objek"]["kept"] > 40 and stats["cepat"]["rendered"] < 10  # as usual: an edit's build

    real = incremental.installed
    monkeypatch.setattr(incremental, "installed", lambda: [*real(), "Markdown-99.0.dist-info"])
    stats = {}
    big.news(3).open("a", encoding="utf-8").write("\nKalimat lain.\n")
    assert big.build(stats=stats) == 0
    assert stats["objek"]["kept"] == 0
    assert stats["cepat"]["rendered"] > 100
    assert digest(big.output) == big.clean()


def test_the_typo_vocabulary_counts_only_the_pages_that_came_and_went(big, monkeypatch):
    """The search's typo vocabulary (cari/kosakata/) is kept with the pages it was counted
    from: after one edit the words of two versions of one page are counted (the old one
    taken back, the new one added), and the files equal a clean build's."""
    from search import kamus
    from search.model import SearchModel

    log = big.root / "dihitung.txt"
    real = kamus.Vocabulary.add

    def add(self, *texts, times=1):  # counted in a forked process: noted in a file
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{times}\n")
        return real(self, *texts, times=times)

    monkeypatch.setattr(kamus.Vocabulary, "add", add)
    afresh = []  # asked by the step that counts a first build's words while pages are recorded
    real_afresh = SearchModel.counts_afresh
    monkeypatch.setattr(SearchModel, "counts_afresh", lambda self: afresh.append(real_afresh(self)) or afresh[-1])
    CHANGES["edit news body"](big)
    assert big.build() == 0
    assert log.read_text(encoding="utf-8").split() == ["1", "1"]
    assert afresh == [False]
    assert digest(big.output) == big.clean()  # a clean build (counted afresh) on the side
    log.unlink()
    afresh.clear()
    assert big.build(SITENAME="Pemerintah Kabupaten Lain") == 0  # nothing kept is reused
    assert afresh == [True]
    assert len(log.read_text(encoding="utf-8").split()) > 50  # every page's words


def test_templates_are_compiled_once_until_their_source_changes(big, monkeypatch):
    """Jinja's compiled templates are kept in the state folder: the next build compiles
    none (every generator's environment compiled each template again); a change to the
    theme starts them afresh and shows."""
    import jinja2

    from conftest import ROOT

    theme = big.root / "tema"
    shutil.copytree(ROOT / "theme", theme)
    assert big.build(THEME=str(theme)) == 0
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, name=None, *a, **k: compiled.append(name) or real(self, source, name, *a, **k))
    CHANGES["edit news body"](big)
    assert big.build(THEME=str(theme)) == 0
    assert compiled == []
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<p>Penanda templat baru</p></body>", 1), encoding="utf-8")
    assert big.build(THEME=str(theme)) == 0
    assert "base.html" in compiled
    assert "Penanda templat baru" in (big.output / page_of(big, big.news(7))).read_text(encoding="utf-8")


def test_compiled_templates_kept_in_a_process_are_bounded(monkeypatch):
    """The preview runs for hours while a theme is edited, each edit a new salt: only the
    templates of the last few salts stay in memory, the one in use among them."""
    import rendering

    monkeypatch.setattr(rendering, "COMPILED", {})
    caches = [rendering.CompiledTemplates(None, f"garam-{n}") for n in range(rendering.KEEP_SALTS + 3)]
    again = rendering.CompiledTemplates(None, "garam-5")
    assert len(rendering.COMPILED) == rendering.KEEP_SALTS
    assert list(rendering.COMPILED)[-1] == "garam-5" and again.compiled is caches[5].compiled
    assert "garam-0" not in rendering.COMPILED


def test_a_build_in_a_new_process_compiles_no_template_the_last_one_kept(big):
    """Each one-off build is a new process: it takes the compiled templates from the state
    folder, where the last build left them under a key that is the same in every process
    (nothing is added to that folder while the templates are unchanged), also when that
    build took them from its own process's memory (a test run before this test)."""
    from conftest import ROOT

    from rendering import TEMPLATES, incremental

    kept = incremental.state_dir(big.output) / TEMPLATES
    before = sorted(p.name for p in kept.iterdir())
    assert len(before) > 10
    code = ("import sys; from pathlib import Path; from content import build; "
            "sys.exit(build.build(sys.argv[1], Path(sys.argv[2]), PATH=sys.argv[3], CARI_ENABLED=False))")
    for _ in range(2):
        CHANGES["edit news body"](big)
        result = subprocess.run([sys.executable, "-c", code, str(CONF), str(big.output), str(big.content)],
                                env={**os.environ, "PYTHONPATH": runtime_only(ROOT / "plugins")}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in kept.iterdir()) == before


def test_sites_built_in_one_process_share_compiled_templates_but_not_their_settings(tmp_path, monkeypatch):
    """A process that builds many sites (a test run, a host of several sites) compiles a
    theme's templates once: the second site's first build compiles none. What Jinja folds
    in when compiling (a filter made from the settings, called on a constant) is not
    shared: a site with another address shows its own."""
    import jinja2

    from conftest import ROOT, Site

    theme = tmp_path / "tema"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</body>", '<p id="alamat-peta">{{ "/peta-situs/"|absolut }}</p></body>', 1), encoding="utf-8")
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, name=None, *a, **k: compiled.append(name) or real(self, source, name, *a, **k))
    first = Site(tmp_path / "a")
    assert first.build(THEME=str(theme), SITEURL="https://a.sukamajukab.go.id") == 0
    assert "base.html" in compiled
    compiled.clear()
    second = Site(tmp_path / "b")
    assert second.build(THEME=str(theme), SITEURL="https://a.sukamajukab.go.id") == 0
    assert compiled == []
    other = Site(tmp_path / "c")
    assert other.build(THEME=str(theme), SITEURL="https://c.sukamajukab.go.id") == 0
    for site, host in ((first, "a"), (second, "a"), (other, "c")):
        assert f'<p id="alamat-peta">https://{host}.sukamajukab.go.id/peta-situs/</p>' in site.read("index.html")


def test_a_page_showing_an_opd_field_follows_the_registry(big):
    """A site's own template shows the OPD's address on its news pages: after the address
    changes in opd.toml (the news files do not), a one-off build shows the new one on
    that OPD's news, as a clean build does. The news items are kept objects, digested by
    what reading made: their OPD's registry entry is part of that."""
    from conftest import ROOT

    theme = big.root / "tema"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    shown = '{% if article.opd %}<span class="berita__opd">'
    assert shown in article.read_text(encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8").replace(
        shown, '{% if article.opd %}<span class="alamat-opd">{{ article.opd.alamat }}</span>' + shown[len("{% if article.opd %}"):], 1),
        encoding="utf-8")
    registry = big.content / "opd.toml"
    text = registry.read_text(encoding="utf-8")
    slug = re.findall(r"^\[(.+)\]$", text, flags=re.M)[0]
    registry.write_text(text.replace(f"[{slug}]\n", f'[{slug}]\nalamat = "Jalan Lama 1"\n', 1), encoding="utf-8")
    assert big.build(THEME=str(theme)) == 0
    news = next(p for p in sorted(big.content.glob(f"berita/{slug}/*/*.md")))
    page = big.output / page_of(big, news)
    assert '<span class="alamat-opd">Jalan Lama 1</span>' in page.read_text(encoding="utf-8")
    registry.write_text(registry.read_text(encoding="utf-8").replace("Jalan Lama 1", "Jalan Baru 2"), encoding="utf-8")
    assert big.build(THEME=str(theme)) == 0
    assert '<span class="alamat-opd">Jalan Baru 2</span>' in page.read_text(encoding="utf-8")
    clean = big.root / "bersih"
    assert kbuild.build(CONF, clean, PATH=str(big.content), CARI_ENABLED=False, THEME=str(theme)) == 0
    assert digest(big.output) == digest(clean)


def test_a_refused_build_leaves_the_memory_of_the_last_one(big):
    """A one-off build's memory (what the next one reuses) is written by a forked process
    while the links are checked, and put in place after the swap: a build refused by the
    link check leaves the last build's memory as it was, and nothing half-written."""
    from rendering.incremental import MEMORY, state_dir, wait_for_writer

    state = state_dir(big.output)
    memory = state / MEMORY
    wait_for_writer(state)  # the last build's memory is put in place by its detached writer
    before = (memory.stat().st_ino, memory.read_bytes())
    big.news(7).open("a", encoding="utf-8").write("\nLihat [halaman ini](/halaman-yang-tidak-ada/).\n")
    assert big.build() != 0
    wait_for_writer(state)  # the refused build's writer removes its file on its own, as the next build waits
    assert (memory.stat().st_ino, memory.read_bytes()) == before
    assert sorted(p.name for p in state.iterdir() if p.name.startswith(MEMORY)) == [MEMORY]
    big.edit(big.news(7), "[halaman ini](/halaman-yang-tidak-ada/)", "halaman ini")
    assert big.build() == 0
    wait_for_writer(state)  # put in place by its detached writer, after the build returned
    assert memory.stat().st_ino != before[0]
    assert sorted(p.name for p in state.iterdir() if p.name.startswith(MEMORY)) == [MEMORY]


def test_unchanged_pages_are_not_rewritten(big):
    before = inodes(big.output)
    edited, other = big.news(7), big.news(30)
    edited.open("a", encoding="utf-8").write("\nKalimat tambahan.\n")
    assert big.build() == 0
    after = inodes(big.output)
    assert after[page_of(big, other)] == before[page_of(big, other)]
    assert after[page_of(big, edited)] != before[page_of(big, edited)]
    assert "Kalimat tambahan." in (big.output / page_of(big, edited)).read_text(encoding="utf-8")


def test_nothing_changed_keeps_the_output_as_it_is(big, capsys):
    before = inodes(big.output)
    stamp = big.output.stat().st_ino
    assert big.build(out=None) == 0
    assert big.output.stat().st_ino == stamp
    assert inodes(big.output) == before


def test_refused_incremental_build_leaves_previous_output_untouched(big):
    before, before_inodes = digest(big.output), inodes(big.output)
    big.news(1).open("a", encoding="utf-8").write("\nKalimat baru.\n")
    big.edit(big.news(2), "OPD: ", "OPD: tidak-ada-")
    assert big.build() == 1
    assert digest(big.output) == before
    assert inodes(big.output) == before_inodes
    # Repaired, the next incremental build equals a clean one.
    big.edit(big.news(2), "OPD: tidak-ada-", "OPD: ")
    assert big.build() == 0
    assert digest(big.output) == big.clean()


def test_a_build_refused_while_the_linking_process_makes_folders_leaves_no_staging_folder(big, monkeypatch, tmp_path):
    """The linking process starts before validation and makes the last build's folders
    in the staging folder (rendering.writer.start_linker); a build refused meanwhile
    stops it, so it cannot make them again after the staging folder was removed."""
    from rendering import writer

    slow = tmp_path / "lambat.py"  # the real linking process, a second late
    slow.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(Path(writer.__file__).parent)!r})\n"
        "time.sleep(1)\n"
        "import linker\n"
        "linker.main(*sys.argv[1:3])\n")
    monkeypatch.setattr(writer.Linker, "COMMAND", [sys.executable, "-S", str(slow)])
    before = digest(big.output)
    big.edit(big.news(2), "OPD: ", "OPD: tidak-ada-")
    assert big.build() == 1
    time.sleep(2)
    assert not any(big.root.glob(".output.staging*"))
    assert digest(big.output) == before


def test_crash_while_rendering_leaves_previous_output_untouched(big):
    before, before_inodes = digest(big.output), inodes(big.output)
    big.news(1).open("a", encoding="utf-8").write("\nKalimat baru.\n")

    def broken(value):
        raise ValueError("rusak")

    with pytest.raises(Exception):
        big.build(JINJA_FILTERS={"tanggal_jam": broken})
    assert digest(big.output) == before
    assert inodes(big.output) == before_inodes
    assert not any(big.root.glob(".output.staging"))
    assert big.build() == 0
    assert digest(big.output) == big.clean()


def test_preview_in_place_moves_only_changed_files_and_equals_a_clean_build(big):
    """The preview's update (``in_place``): unchanged pages keep their files (same inodes),
    edited, added and deleted items are reflected, and the result equals a clean build."""
    before = inodes(big.output)
    big.news(1).open("a", encoding="utf-8").write("\nKalimat baru.\n")
    big.news(3).unlink()
    assert big.build(in_place=True) == 0
    after = inodes(big.output)
    assert digest(big.output) == big.clean()
    assert set(before) - set(after)  # the deleted item's page is gone
    kept = [k for k in before if k in after and before[k] == after[k]]
    assert len(kept) > len(before) // 2  # most pages were not touched at all
    assert not any(big.root.glob(".output.staging"))


def test_refused_in_place_build_leaves_previous_output_untouched(big):
    before, before_inodes = digest(big.output), inodes(big.output)
    big.news(1).open("a", encoding="utf-8").write("\nKalimat baru.\n")
    # A link to a page that exists only among the pages this build does not rewrite is fine;
    # a link to nothing is refused.
    big.news(2).open("a", encoding="utf-8").write("\n[lihat](/berita/tidak-ada-sama-sekali/)\n")
    assert big.build(in_place=True) == 1
    assert digest(big.output) == before
    assert inodes(big.output) == before_inodes
    big.edit(big.news(2), "[lihat](/berita/tidak-ada-sama-sekali/)", "")
    assert big.build(in_place=True) == 0
    assert digest(big.output) == big.clean()


def test_in_place_update_ended_half_way_is_repaired_by_the_next_build(big, monkeypatch):
    """A preview build process killed while it moves files in (a code change ends it at
    once) leaves a mix; the next build does not trust its manifest and renders again."""
    big.news(1).open("a", encoding="utf-8").write("\nKalimat baru.\n")
    big.news(4).unlink()
    real = kbuild.os.replace
    moved = []

    def dies_after_three(src, dest):
        if len(moved) == 3:
            raise KeyboardInterrupt
        moved.append(dest)
        return real(src, dest)

    monkeypatch.setattr(kbuild.os, "replace", dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        big.build(in_place=True)
    monkeypatch.setattr(kbuild.os, "replace", real)
    assert gc.isenabled()  # the preview's process builds again: its collector is back on
    assert big.build(in_place=True) == 0
    assert digest(big.output) == big.clean()


def test_serial_and_parallel_rendering_give_the_same_site(big, tmp_path):
    one = tmp_path / "satu"
    assert kbuild.build(CONF, one, PATH=str(big.content), CEPAT_WORKERS=1, CARI_ENABLED=False) == 0
    assert digest(one) == digest(big.output)


def test_without_cepat_the_site_is_the_same(big, tmp_path):
    plain = tmp_path / "polos"
    plugins = [p for p in load_settings(CONF)["PLUGINS"] if p != "rendering"]
    assert kbuild.build(CONF, plain, PATH=str(big.content), PLUGINS=plugins, CARI_ENABLED=False) == 0
    assert digest(plain) == digest(big.output)
    assert not (tmp_path / ".cache" / "cepat-polos").exists()


def test_cache_survives_a_fresh_clone_that_resets_modification_times(big):
    for p in big.content.rglob("*.md"):
        os.utime(p, (1_000_000_000, 1_000_000_000))
    assert big.build() == 0
    assert digest(big.output) == big.clean()


def test_previous_output_is_removed_after_the_swap(big):
    """The old output is removed by a detached process, which leaves beside the new one
    only the folders of its pages, empty, made for the next build (``.output.kerangka-*``,
    rendering.linker.skeleton_later), and the next build starts from them."""
    with big.news(7).open("a", encoding="utf-8") as fh:
        fh.write("\nKalimat tambahan.\n")
    assert big.build() == 0
    names = lambda: sorted(p.name for p in big.root.iterdir() if p.name.startswith(".output"))  # noqa: E731
    for _ in range(300):  # removed and made by detached processes; wait for them
        if len(names()) == 1 and ".tmp-" not in names()[0] and ".hapus-" not in names()[0]:
            break
        __import__("time").sleep(0.1)
    (made,) = names()
    assert made.startswith(".output.kerangka-")
    folders = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())  # noqa: E731
    assert not [p for p in (big.root / made).rglob("*") if not p.is_dir()]
    pages = {p.parent.relative_to(big.output).as_posix() for p in big.output.glob("berita/**/index.html")}
    assert pages <= set(folders(big.root / made)) <= set(folders(big.output))
    assert digest(big.output) == big.clean()
    taken = (big.root / made).stat().st_ino
    big.news(7).open("a", encoding="utf-8").write("\nKalimat tambahan lagi.\n")
    assert big.build() == 0
    assert big.output.stat().st_ino == taken  # the staging folder it built in, then swapped in
    assert digest(big.output) == big.clean()



@pytest.mark.parametrize("failure", ["some links fail", "the linking process dies", "no process can start"])
def test_kept_pages_that_cannot_be_linked_are_rendered_without_touching_the_old_site(big, monkeypatch, tmp_path, failure):
    """Unchanged pages are hard-linked by a separate process while the digests go on
    (rendering.writer.Linker). A page whose link fails is rendered into a new file; a
    linked file is never written through, so the site being served stays as it was."""
    from content import build as build_module
    from rendering import writer

    def served(folder):  # bytes and modification time: a write through a link changes the latter
        return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}

    if failure == "some links fail":  # pages gone from the previous output: nothing to link from
        for page in sorted(big.output.glob("berita/*/*/*/index.html"))[::3]:
            page.unlink()
    else:  # it links three pages, then dies while names are still being sent to it
        monkeypatch.setattr(writer.Linker, "BATCH", 4)
        script = tmp_path / "mati.py"
        script.write_text(
            "import os, sys\n"
            f"sys.path.insert(0, {str(Path(writer.__file__).parent)!r})\n"
            "from linker import link, records\n"
            "names, made = records(sys.stdin.buffer.raw), set()\n"
            "for raw in names:  # the folders to make ahead: not made\n"
            "    if not raw:\n"
            "        break\n"
            "for _, raw in zip(range(3), names):\n"
            "    link(os.path.join(sys.argv[1], raw.decode()), os.path.join(sys.argv[2], raw.decode()), made)\n"
            "sys.exit(3)\n")
        monkeypatch.setattr(writer.Linker, "COMMAND", [sys.executable, "-S", str(script)])
    if failure == "no process can start":  # the links are made in the build's own process
        monkeypatch.setattr(writer.Linker, "COMMAND", [str(tmp_path / "tidak-ada")])
    before = served(big.output)
    monkeypatch.setattr(build_module, "remove_later", lambda folder: None)  # keep the old site to look at
    with big.news(7).open("a", encoding="utf-8") as fh:
        fh.write("\nKalimat tambahan.\n")
    assert big.build() == 0
    assert digest(big.output) == big.clean()
    assert served(big.root / ".output.old") == before


def test_a_process_forked_while_pages_are_linked_does_not_keep_the_build_waiting(tmp_path):
    """A process the build forks while the linking process runs (e.g. the DIP workbooks',
    from derive to the exports) and that is still running when the build has sent the
    last page to link: the linking process ends and the build gets its answer. (The forked
    process held the linking process's input open: the linking process waited for more
    names, the build for its answer, and the forked process, whose answer was then sent
    through a pipe too small for it, for the build to read it: an edit of the 10 000-item
    site never ended.)"""
    from rendering.writer import Linker

    previous, output = tmp_path / "lama", tmp_path / "baru"
    (previous / "berita").mkdir(parents=True)
    (previous / "berita" / "index.html").write_text("halaman")
    output.mkdir()
    linker = Linker(str(previous), str(output), 2, {"berita"})
    go, told = os.pipe()
    pid = os.fork()
    if pid == 0:  # the forked process: runs until the test lets it end
        os.read(go, 1)
        os._exit(0)
    answer = {}
    finishing = threading.Thread(target=lambda: answer.setdefault("failed", linker.finish()), daemon=True)
    try:
        linker.add("berita/index.html")
        finishing.start()
        finishing.join(15)
        assert not finishing.is_alive(), "the build waits for the linking process"
    finally:
        os.write(told, b"1")
        os.waitpid(pid, 0)
        finishing.join(15)
        os.close(go), os.close(told)
    assert answer["failed"] == set()
    assert (output / "berita" / "index.html").read_text() == "halaman"


def test_the_build_sends_every_page_to_link_while_the_linking_process_still_makes_folders(tmp_path, monkeypatch):
    """The linking process makes the last build's folders first (seconds for 16 000 on a
    slow disk) and takes the page names meanwhile: the build digests its pages and sends
    each unchanged one (``add``) without waiting for the folders, then every page is
    linked. Here the folders wait for a gate the test opens only once the build has sent
    names enough to fill a pipe many times over."""
    from rendering import writer

    gate = tmp_path / "buka"
    gated = tmp_path / "lambat.py"  # the real linking process, whose folders wait for the gate
    gated.write_text(
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(Path(writer.__file__).parent)!r})\n"
        "import linker\n"
        "real = os.makedirs\n"
        "def makedirs(*args, **kwargs):\n"
        f"    while not os.path.exists({str(gate)!r}):\n"
        "        time.sleep(0.02)\n"
        "    return real(*args, **kwargs)\n"
        "linker.os.makedirs = makedirs\n"
        "linker.main(*sys.argv[1:3])\n")
    monkeypatch.setattr(writer.Linker, "COMMAND", [sys.executable, "-S", str(gated)])
    previous, output = tmp_path / "lama", tmp_path / "baru"
    names = [f"berita/{'halaman-yang-cukup-panjang-' * 3}{n:05d}/index.html" for n in range(6000)]  # ~0.6 MB
    for name in names[:3]:
        (previous / name).parent.mkdir(parents=True)
        (previous / name).write_text(name)
    output.mkdir()
    linker = writer.Linker(str(previous), str(output), 2, writer.folders_of(names[:3]))
    sending = threading.Thread(target=lambda: [linker.add(name) for name in names], daemon=True)
    try:
        sending.start()
        sending.join(30)
        assert not sending.is_alive(), "the build waits for the linking process's folders"
        assert not (output / "berita").exists()
    finally:
        gate.touch()
        sending.join(30)
    assert linker.finish() == set(names[3:])  # no page there to link: rendered instead
    assert [(output / name).read_text() for name in names[:3]] == names[:3]


def test_a_forked_process_ends_when_its_work_is_done_not_when_its_answer_is_taken():
    """A process forked for a share of the build's work (the typo vocabulary's, the DIP
    workbooks', ...) whose answer is larger than a pipe holds ends as soon as its work is
    done, before the build takes the answer: alive, it made the build copy every memory
    page it wrote meanwhile (about 3 s of an edit of the 10 000-item site). The answer
    comes back whole, and a process that fails or dies says so."""
    from common.forked import fork_start

    answer = "kata " * 1_000_000  # 5 MB: far more than a pipe holds
    wait = fork_start(lambda: answer)
    state = "?"
    for _ in range(300):
        with open(f"/proc/{wait.pid}/stat", encoding="ascii") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
        if state == "Z":  # ended, waiting only to be reaped
            break
        time.sleep(0.05)
    assert state == "Z", "the forked process waits for its answer to be taken"
    assert wait() == (True, answer)
    ok, (text, _) = fork_start(lambda: 1 / 0)()
    assert not ok and "ZeroDivisionError" in text
    assert fork_start(lambda: os._exit(3))() == (False, ("worker died", None))


# --- the per-file validation cache (content): what an unchanged file depends on ----------


def test_unchanged_news_is_checked_again_when_its_photo_disappears(big, capsys):
    photo = big.content / "images" / "foto.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    __import__("PIL.Image").Image.new("RGB", (640, 480), "steelblue").save(photo, "JPEG")
    big.edit(big.news(6), "OPD: ", "Image: images/foto.jpg\nImage-Alt: Foto kegiatan\nOPD: ")
    assert big.build() == 0
    out = __import__("sys").stdout
    photo.unlink()  # news 6 itself does not change
    assert big.build(out=out) == 1
    assert 'Image: berkas "images/foto.jpg" tidak ditemukan' in capsys.readouterr().out
    photo.write_bytes(b"bukan gambar")
    assert big.build(out=out) == 1
    assert "Image: \"images/foto.jpg\" tidak dapat dibaca sebagai gambar" in capsys.readouterr().out


def test_validation_reads_an_unchanged_file_or_photo_only_once(big, monkeypatch, capsys):
    """The validation cache knows each file's md5 by its size, modification time and
    inode: a later build reads neither an unchanged news file nor the photo it refers to,
    and still checks a replaced photo again."""
    from PIL import Image

    photo = big.content / "images" / "foto.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (640, 480), "steelblue").save(photo, "JPEG")
    big.edit(big.news(6), "OPD: ", "Image: images/foto.jpg\nImage-Alt: Foto kegiatan\nOPD: ")
    assert big.build() == 0
    from common import stamps

    reads = []
    real = stamps.md5_hex
    monkeypatch.setattr(stamps, "md5_hex", lambda path: reads.append(Path(path).name) or real(path))
    with big.news(7).open("a", encoding="utf-8") as fh:
        fh.write("\nKalimat tambahan.\n")
    assert big.build() == 0
    assert big.news(7).name in reads
    assert big.news(6).name not in reads and "foto.jpg" not in reads
    reads.clear()
    photo.write_bytes(b"bukan gambar")  # news 6 itself does not change
    assert big.build(out=__import__("sys").stdout) == 1
    assert "foto.jpg" in reads
    assert "Image: \"images/foto.jpg\" tidak dapat dibaca sebagai gambar" in capsys.readouterr().out


def test_a_refused_build_keeps_what_it_validated_for_the_next_build(big, monkeypatch):
    """A one-off build's validation results are written after it (common.store's deferred
    snapshots), also when it is refused: after the fix, a news item added in the refused
    build is not checked again."""
    from content.validate import Checker

    added = big.content / "berita/diskominfo/baru.md"
    added.write_text(CHANGES_NEW_NEWS, encoding="utf-8")
    big.edit(big.news(2), "OPD: ", "OPD: tidak-ada-")
    assert big.build() == 1
    checked = []
    real = Checker.check_file
    monkeypatch.setattr(Checker, "check_file", lambda self, path, *rest: checked.append(Path(path).name) or real(self, path, *rest))
    big.edit(big.news(2), "OPD: tidak-ada-", "OPD: ")
    assert big.build() == 0
    assert checked == [big.news(2).name]
    assert digest(big.output) == big.clean()


def test_unchanged_news_is_checked_again_when_its_opd_leaves_the_registry(big, capsys):
    opd = header(big.news(8), "OPD")
    registry = big.content / "opd.toml"
    text = registry.read_text(encoding="utf-8")
    start = text.index(f"[{opd}]")
    end = text.find("\n[", start + 1)
    registry.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")
    assert big.build(out=__import__("sys").stdout) == 1
    assert "tidak terdaftar" in capsys.readouterr().out


def test_markdown_read_ahead_in_processes_gives_the_same_site(big, tmp_path, monkeypatch):
    from rendering import reader

    monkeypatch.setattr(reader, "PREWARM_MIN", 1)  # the sample is below the real threshold
    caches = []  # the run's Markdown cache, as it is saved at the end of the run
    save = reader.ReaderCache.save
    monkeypatch.setattr(reader.ReaderCache, "save", lambda self: (caches.append(self), save(self)))
    ahead = tmp_path / "dulu"
    assert kbuild.build(CONF, ahead, PATH=str(big.content), CEPAT_WORKERS=2, CARI_ENABLED=False) == 0
    (cache,) = caches
    assert cache.old.keys() >= cache.new.keys() and cache.stored == set()
    assert digest(ahead) == digest(big.output)


# --- the preview's path: one long-lived build process, random sequences of changes --------


class PreviewWorker:
    """The preview's build process (preview.worker), driven as `invoke serve` drives it."""

    def __init__(self, site: Bigger, **settings):
        from conftest import ROOT

        env = {**os.environ, "PYTHONPATH": runtime_only(ROOT / "plugins")}
        overrides = json.dumps({"PATH": str(site.content), "CARI_ENABLED": False, **settings})
        self.output = site.output
        self.proc = subprocess.Popen([sys.executable, "-m", "preview.worker", str(CONF), str(site.output), str(ROOT), overrides],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))

        self.quick: list[tuple[list, dict]] = []  # per quick answer: its pages, and their files then

    def build(self, changed=()) -> dict:
        """A build after saving ``changed`` (its quick pages, read when they are announced,
        go to ``quick``)."""
        from preview.worker import MARK

        self.proc.stdin.write(json.dumps({"build": True, "changed": [str(p) for p in changed]}) + "\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            assert line, "the build process ended"
            if line.startswith(MARK):
                answer = json.loads(line[len(MARK):])
                if answer.get("phase") == "sekilas":
                    self.quick.append((answer["pages"], {n: (self.output / n).read_text(encoding="utf-8") for n in answer["pages"]}))
                elif answer.get("phase") != "halaman":
                    return answer

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def random_change(site: Bigger, rng, n: int, kind: str | None = None) -> str:
    """One change an author might make (``kind``, or chosen by ``rng``); returns what it did."""
    news = sorted(site.content.glob("berita/*/*/*.md"))
    entries = sorted(site.content.glob("dip/*/*.md"))
    kind = kind or rng.choice(["body", "title", "tags", "add-news", "delete-news", "rename-news", "add-entry", "edit-entry",
                       "delete-entry", "rename-entry", "opd-name"])
    if kind == "body":
        rng.choice(news).open("a", encoding="utf-8").write(f"\nKalimat acak {n}.\n")
    elif kind == "title":
        victim = rng.choice(news)
        site.edit(victim, f"Title: {header(victim, 'Title')}", f"Title: Judul Acak Nomor {n}")
    elif kind == "tags":
        victim = rng.choice(news)
        site.edit(victim, f"Tags: {header(victim, 'Tags')}", f"Tags: {rng.choice(bench_site.TAGS)}, acak-{n % 3}")
    elif kind == "add-news":
        folder = rng.choice(sorted(site.content.glob("berita/*/*")))
        _, text = bench_site.news_text(rng, 50_000 + n, datetime(2026, rng.randint(1, 11), rng.randint(1, 28), 9))
        text = re.sub(r"^OPD: .*$", f"OPD: {folder.parent.name}", text, count=1, flags=re.M)
        (folder / f"acak-{n}.md").write_text(text, encoding="utf-8")
    elif kind == "delete-news" and len(news) > 5:
        rng.choice(news).unlink()
    elif kind == "rename-news":
        victim = rng.choice(news)
        victim.rename(victim.with_name(f"berganti-{n}.md"))
    elif kind == "add-entry":
        opd = rng.choice(sorted(p.name for p in site.content.glob("dip/*")))
        (site.content / "dip" / opd / f"acak-{n}.md").write_text(
            bench_site.dip_text(rng, 60_000 + n, opd, datetime(2026, rng.randint(1, 10), 3, 9)), encoding="utf-8")
    elif kind == "edit-entry":
        rng.choice(entries).open("a", encoding="utf-8").write(f"\nKeterangan acak {n}.\n")
    elif kind == "delete-entry" and len(entries) > 5:
        rng.choice(entries).unlink()
    elif kind == "rename-entry":
        victim = rng.choice(entries)
        victim.rename(victim.with_name(f"berganti-{n}.md"))
    elif kind == "opd-name":  # every page of that OPD shows (and is searched by) its new name
        registry = site.content / "opd.toml"
        text = registry.read_text(encoding="utf-8")
        names = re.findall(r'^singkatan = "(.*)"$', text, flags=re.M)
        victim = rng.choice(names)
        registry.write_text(text.replace(f'singkatan = "{victim}"', f'singkatan = "{victim}{n % 10}"', 1),
                            encoding="utf-8")
    return kind


def sources(site: Bigger) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(site.content.rglob("*")) if p.is_file()}


def saved(site: Bigger, before: dict[str, bytes]) -> list[str]:
    """The files changed, added or removed since ``before`` (what the preview's watcher reports)."""
    now = sources(site)
    return sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))


@pytest.mark.parametrize("seed", [19, 2026])
def test_random_sequences_in_the_preview_build_process_equal_clean_builds(tmp_path, seed):
    site = Bigger(tmp_path)
    rng = random.Random(seed)
    worker = PreviewWorker(site)
    kept = 0
    try:
        assert worker.build()["ok"]
        for step in range(5):
            before = sources(site)
            done = [random_change(site, rng, step * 10 + k) for k in range(rng.randint(1, 3))]
            answer = worker.build(saved(site, before))
            assert answer["ok"], (done, answer)
            assert digest(site.output) == site.clean(), (seed, step, done)
            # The objects not read again came back from memory, each with its URLs (a change of
            # the site's tag spellings or of the OPD registry makes every file be read again).
            assert answer["objek"]["urls"] == answer["objek"]["kept"], answer["objek"]
            kept += answer["objek"]["kept"]
        assert kept > 0
    finally:
        worker.close()


def test_random_sequences_with_the_search_index_equal_clean_builds(tmp_path):
    """As above with the search index on, in shards of ten pages: the preview writes the
    pages first and the index after (``defer_search``), re-indexing only the shards whose
    pages changed; once its answer is in, the index equals a clean build's, file for file."""
    site = Bigger(tmp_path)
    rng = random.Random(41)
    search = {"CARI_ENABLED": True, "CARI_SHARD_PAGES": 10}
    worker = PreviewWorker(site, **search)
    try:
        assert worker.build()["ok"]
        assert any(n.startswith("pagefind/") for n in digest(site.output))
        for step in range(4):
            before = sources(site)
            done = [random_change(site, rng, step * 10 + k) for k in range(rng.randint(1, 3))]
            answer = worker.build(saved(site, before))
            assert answer["ok"], (done, answer)
            assert digest(site.output) == site.clean(**search), (step, done)
    finally:
        worker.close()


def test_quick_page_shows_an_edit_before_its_build_which_still_equals_a_clean_build(tmp_path):
    """The preview writes the page of an edited file ahead of its build (preview.quick),
    and only when that page can be made from the file alone: not for a new file, an
    invalid edit or a new address. A quick page that no successful build followed is
    rendered again by the next build, even when the file is back as that build last saw it."""
    site = Bigger(tmp_path)
    worker = PreviewWorker(site)
    news, entry = site.news(7), site.entry(3)
    try:
        assert worker.build()["ok"]
        assert not list(site.root.glob(".output.kerangka-*"))  # its next builds update in place
        page = page_of(site, news)
        for n, path in enumerate((news, entry, news)):
            with path.open("a", encoding="utf-8") as fh:
                fh.write(f"\nKalimat sekilas nomor {n}.\n")
            assert worker.build([path])["ok"]
            pages, shown = worker.quick[-1]
            assert len(worker.quick) == n + 1 and len(pages) == 1
            assert f"Kalimat sekilas nomor {n}." in shown[pages[0]]
            assert digest(site.output) == site.clean()
        assert pages == [page]
        # A new file gets one too, the page its build writes (its neighbours included).
        added = news.with_name("sekilas-baru.md")
        added.write_text(news.read_text(encoding="utf-8").replace("Title: ", "Title: Baru "), encoding="utf-8")
        assert worker.build([added])["ok"]
        pages, shown = worker.quick[-1]
        assert len(worker.quick) == 4 and shown[pages[0]] == (site.output / pages[0]).read_text(encoding="utf-8")
        assert "Baru " in shown[pages[0]]
        quick = len(worker.quick)
        # None for a new file at a page's address, a new address (the date is in it), an edit
        # the schema refuses, or after a refused build.
        twin = news.with_name("sekilas-kembar.md")
        twin.write_text(added.read_text(encoding="utf-8") + "\nKalimat kembar.\n", encoding="utf-8")
        assert not worker.build([twin])["ok"]  # two files, one address
        assert len(worker.quick) == quick
        twin.unlink()
        assert worker.build([twin])["ok"]
        site.edit(news, f"Date: {header(news, 'Date')}", "Date: 2024-02-03 09:00")
        assert worker.build([news])["ok"]
        assert len(worker.quick) == quick and digest(site.output) == site.clean()
        # Nor for two new files saved together at one address.
        pair = [news.with_name(f"sekilas-ganda-{n}.md") for n in (1, 2)]
        for n, path in enumerate(pair):
            path.write_text(news.read_text(encoding="utf-8").replace("Title: ", "Title: Ganda ") + f"\nSalinan {n}.\n",
                            encoding="utf-8")
        assert not worker.build(pair)["ok"]
        assert len(worker.quick) == quick
        for path in pair:
            path.unlink()
        with news.open("a", encoding="utf-8") as fh:  # a build that runs: the model is back
            fh.write("\nKalimat sesudah berkas ganda.\n")
        assert worker.build(pair + [news])["ok"]
        assert len(worker.quick) == quick
        site.edit(news, "Date: 2024-02-03 09:00", "Date: kemarin")
        assert not worker.build([news])["ok"]
        site.edit(news, "Date: kemarin", "Date: 2024-02-04 09:00")
        assert worker.build([news])["ok"]
        with news.open("a", encoding="utf-8") as fh:
            fh.write("\nKalimat sesudah tanggal baru.\n")
        assert worker.build([news])["ok"]
        assert len(worker.quick) == quick + 1 and digest(site.output) == site.clean()
        # Saved unchanged (a second Ctrl+S): nothing to show, the site is up to date, and the
        # next edit still gets its quick page.
        news.write_bytes(news.read_bytes())
        assert worker.build([news])["ok"]
        assert len(worker.quick) == quick + 1
        with news.open("a", encoding="utf-8") as fh:
            fh.write("\nKalimat sesudah simpan ulang.\n")
        assert worker.build([news])["ok"]
        assert len(worker.quick) == quick + 2 and digest(site.output) == site.clean()
        quick += 2
        # None while another build of the same output holds its lock (that build waits for it).
        lock = site.output.parent / ".cache" / f"konten-{site.output.name}" / "build.kunci"
        with open(lock, "a+b") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            threading.Timer(3.0, fcntl.flock, (held, fcntl.LOCK_UN)).start()
            with news.open("a", encoding="utf-8") as fh:
                fh.write("\nKalimat saat build lain berjalan.\n")
            assert worker.build([news])["ok"]
        assert len(worker.quick) == quick and digest(site.output) == site.clean()
        # An edit shown quickly, then a build refused for another file; the edit is undone.
        kept = news.read_text(encoding="utf-8")
        broken = site.content / "berita" / "rusak.md"
        broken.write_text("Title: Rusak\n\nTanpa tanggal.\n", encoding="utf-8")
        with news.open("a", encoding="utf-8") as fh:
            fh.write("\nKalimat yang dibatalkan.\n")
        assert not worker.build([news])["ok"]
        assert "Kalimat yang dibatalkan." in (site.output / worker.quick[-1][0][0]).read_text(encoding="utf-8")
        news.write_text(kept, encoding="utf-8")
        broken.unlink()
        assert worker.build([news, broken])["ok"]
        assert digest(site.output) == site.clean()
    finally:
        worker.close()


def test_no_quick_page_while_relative_urls_are_on(tmp_path):
    """With RELATIVE_URLS a page's links depend on where Pelican rendered last, so the
    preview shows an edit or a new file only with its build."""
    site = Bigger(tmp_path)
    worker = PreviewWorker(site, RELATIVE_URLS=True)
    news = site.news(7)
    try:
        assert worker.build()["ok"]
        with news.open("a", encoding="utf-8") as fh:
            fh.write("\nKalimat dengan alamat relatif.\n")
        added = news.with_name("relatif-baru.md")
        added.write_text(news.read_text(encoding="utf-8").replace("Title: ", "Title: Relatif "), encoding="utf-8")
        assert worker.build([news])["ok"] and worker.build([added])["ok"]
        assert worker.quick == []
        assert "Kalimat dengan alamat relatif." in (site.output / page_of(site, news)).read_text(encoding="utf-8")
    finally:
        worker.close()


# Edits of a field or of the text that derive turns into what a page shows: (file, old, new).
FIELD_EDITS = [
    ("agenda/dinkes/webinar-pencegahan-dbd-sekolah.md", "Selesai: 2026-05-06 11:30", "Selesai: 2026-05-06 12:30"),
    ("agenda/dinkes/webinar-pencegahan-dbd-sekolah.md", "Tempat: Daring", "Tempat: Aula Dinas Kesehatan"),
    ("dip/dinkes/kewaspadaan-kejadian-luar-biasa-dbd.md", "Retensi: 2 tahun", "Retensi: 3 tahun"),
    ("regulasi/2021-perbup-2.md", "Bidang-Hukum: Kebencanaan", "Bidang-Hukum: Kebencanaan Daerah"),
    ("berita/diskominfo/cek-kesehatan-gratis-ulang-tahun.md", "Kementerian Kesehatan menyelenggarakan",
     "Kementerian Kesehatan RI menyelenggarakan"),  # the summary: JSON-LD and search data
    ("berita/diskominfo/cek-kesehatan-gratis-ulang-tahun.md", "https://kemkes.go.id/id/cek", "https://kemkes.go.id/cek"),
    ("berita/diskominfo/cek-kesehatan-gratis-ulang-tahun.md", "Redaktur: Rina Anggraeni", "Redaktur: Budi Santoso"),
    ("halaman/tanya-jawab-ppid.md", "## Apa itu PPID?", "## Apa itu PPID Daerah?"),
    ("halaman/tata-cara-permohonan.md", "Title: Tata Cara Permohonan Informasi Publik", "Title: Tata Cara Permohonan Informasi"),
]


# New files, each a copy of a file of its kind: (copied, new file, old, new).
NEW_FILES = [
    ("dip/dinkes/kewaspadaan-kejadian-luar-biasa-dbd.md", "dip/dinkes/entri-baru.md", "Title: Kewaspadaan", "Title: Entri Baru"),
    ("berita/diskominfo/cek-kesehatan-gratis-ulang-tahun.md", "berita/diskominfo/berita-baru.md", "Title: Cek", "Title: Kabar Baru"),
    ("agenda/dinkes/webinar-pencegahan-dbd-sekolah.md", "agenda/dinkes/acara-baru.md", "Title: Webinar", "Title: Acara Baru"),
    ("regulasi/2021-perbup-2.md", "regulasi/2021-perbup-99.md", "Nomor: 2", "Nomor: 99"),
    ("halaman/tentang.md", "halaman/tentang-lagi.md", "Slug: tentang", "Slug: tentang-lagi"),
]


def test_quick_page_follows_an_edit_of_what_derive_computes_from_the_file(tmp_path):
    """On the sample site, an edit to an event's times or place, a DIP entry's field, a
    regulation's field, a news item's summary, source or editor, a FAQ page's question
    or a PPID page's title shows on the quick page as the build after it shows it: each
    quick page is the page that build writes. A page made no longer a FAQ page (another
    template) gets none. A new file of each kind gets its page too; once they are gone
    again the site equals a clean build."""
    from conftest import ROOT

    site = Bigger.__new__(Bigger)
    site.root, site.content, site.output = tmp_path, tmp_path / "content", tmp_path / "output"
    shutil.copytree(ROOT / "content", site.content)
    share_image_cache(tmp_path)
    worker = PreviewWorker(site)
    try:
        assert worker.build()["ok"]
        for n, (rel, old, new) in enumerate(FIELD_EDITS):
            site.edit(site.content / rel, old, new)
            assert worker.build([site.content / rel])["ok"], rel
            assert len(worker.quick) == n + 1, rel
            pages, shown = worker.quick[-1]
            assert len(pages) == 1, rel
            assert shown[pages[0]] == (site.output / pages[0]).read_text(encoding="utf-8"), rel
        faq = site.content / "halaman/tanya-jawab-ppid.md"
        site.edit(faq, "Tanya-Jawab: ya\n", "")
        assert worker.build([faq])["ok"]
        assert len(worker.quick) == len(FIELD_EDITS)
        # A new file of each kind: its page as its build writes it, with its place among the
        # others (a DIP entry's number, a news item's neighbours, a regulation's status).
        added = []
        for n, (rel, new_rel, old, new) in enumerate(NEW_FILES, start=len(FIELD_EDITS) + 1):
            text = (site.content / rel).read_text(encoding="utf-8")
            assert old in text
            added.append(site.content / new_rel)
            added[-1].write_text(text.replace(old, new, 1), encoding="utf-8")
            before = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html")}
            assert worker.build([added[-1]])["ok"], new_rel
            assert len(worker.quick) == n, new_rel
            pages, shown = worker.quick[-1]
            assert len(pages) == 1 and pages[0] not in before, new_rel
            assert shown[pages[0]] == (site.output / pages[0]).read_text(encoding="utf-8"), new_rel
        for path in added:
            path.unlink()
        assert worker.build(added)["ok"]
        assert digest(site.output) == site.clean()
    finally:
        worker.close()


def test_preview_build_process_reuses_search_data_only_while_its_inputs_hold(tmp_path):
    """The preview keeps each page's search data between builds (Run.memory); an edit, a
    renamed OPD (its short name is in every page's search data) and a reverted edit each
    give what a clean build gives."""
    site = Bigger(tmp_path)
    worker = PreviewWorker(site)
    rng = random.Random(7)
    try:
        assert worker.build()["ok"]
        for n, kind in enumerate(["body", "opd-name", "title", "opd-name"]):
            registry = (site.content / "opd.toml").read_text(encoding="utf-8")
            random_change(site, rng, n, kind)
            assert (registry != (site.content / "opd.toml").read_text(encoding="utf-8")) == (kind == "opd-name")
            assert worker.build()["ok"], kind
            assert digest(site.output) == site.clean(), kind
    finally:
        worker.close()


def test_kept_content_objects_are_read_again_when_what_they_were_read_from_changes(tmp_path):
    """The preview's build process keeps each content object as read (rendering.kept) and
    reads a file again only when it, its image or its tags' shown spelling changed; after
    each change the site equals a clean build."""
    from PIL import Image

    site = Bigger(tmp_path)
    photo = site.content / "images" / "berita" / "foto-rapat.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 500), (200, 30, 30)).save(photo)
    site.edit(site.news(4), "\n\n", "\nImage: images/berita/foto-rapat.jpg\nImage-Alt: Rapat koordinasi\n\n")
    for i in (5, 6):
        site.edit(site.news(i), f"Tags: {header(site.news(i), 'Tags')}", "Tags: Gizi Anak")
    memory, stats = {}, []

    def build():
        stats.append({})
        assert kbuild.build(CONF, site.output, PATH=str(site.content), CARI_ENABLED=False, memory=memory,
                            in_place=True, stats=stats[-1]) == 0
        assert digest(site.output) == site.clean()
        return stats[-1]["objek"]

    files = len(list(site.content.rglob("*.md")))
    assert build() == {"kept": 0, "read": files, "urls": 0}
    site.news(7).open("a", encoding="utf-8").write("\nKalimat tambahan.\n")
    # Each kept object also has its URLs back, as the last build computed them.
    assert build() == {"kept": files - 1, "read": 1, "urls": files - 1}
    # A new date moves the news item (its address has the year and month): read again, new URLs.
    moved = site.news(7)
    before = page_of(site, moved)
    site.edit(moved, f"Date: {header(moved, 'Date')}", "Date: 2024-02-03 09:00")
    assert build() == {"kept": files - 1, "read": 1, "urls": files - 1}
    assert page_of(site, moved) != before and (site.output / page_of(site, moved)).is_file()
    assert not (site.output / before).exists()
    # The kept files' Markdown stays in the Markdown cache (a build keeps only what it used).
    from rendering.incremental import state_dir, state_store

    assert len(state_store(state_dir(site.output)).load("reader.pickle")) == files
    Image.new("RGB", (640, 480), (20, 120, 40)).save(photo)  # the photo of news 4, its file unchanged
    assert build() == {"kept": files - 1, "read": 1, "urls": files - 1}
    # Three more items spell the tag "gizi anak": the spelling shown on news 5 and 6 changes.
    shown = (site.output / page_of(site, site.news(5))).read_text(encoding="utf-8")
    assert ">Gizi Anak<" in shown and ">gizi anak<" not in shown
    for i in (8, 9, 10):
        site.edit(site.news(i), f"Tags: {header(site.news(i), 'Tags')}", "Tags: gizi anak")
    assert build() == {"kept": 0, "read": files, "urls": 0}  # the site's tag names are in every key
    assert ">gizi anak<" in (site.output / page_of(site, site.news(5))).read_text(encoding="utf-8")


@pytest.mark.parametrize("pickling", ["fine", "fails"])
def test_one_off_builds_keep_content_objects_between_them(tmp_path, monkeypatch, pickling):
    """A one-off build keeps each content object as read in its state folder: the next one
    reads only the changed file, and pages that do not show it stay as they are (a DIP
    entry whose author's slug was not asked for yet is the same entry). The objects are
    pickled by a forked process on a large site (here on every site); when that process
    fails, nothing is kept and nothing is lost."""
    from rendering import kept

    monkeypatch.setattr(kept, "FORK_MIN", 1)
    if pickling == "fails":
        monkeypatch.setattr(kept.KeptObjects, "_blobs", lambda self, pending: 1 / 0)
    site = Bigger(tmp_path)
    stats = []

    def build():
        stats.append({})
        assert site.build(stats=stats[-1]) == 0
        return stats[-1]["objek"]

    files = len(list(site.content.rglob("*.md")))
    assert build()["read"] == files
    before = inodes(site.output)
    site.news(7).open("a", encoding="utf-8").write("\nKalimat tambahan.\n")
    if pickling == "fails":
        assert build() == {"kept": 0, "read": files, "urls": 0}
    else:
        assert build() == {"kept": files - 1, "read": 1, "urls": files - 1}
        after = inodes(site.output)
        entries = [k for k in before if k.startswith("dip/") and k.count("/") == 3]
        assert len(entries) >= 16 and all(after[k] == before[k] for k in entries)
        assert stats[-1]["cepat"]["rendered"] < stats[-1]["cepat"]["kept"] / 4
    assert digest(site.output) == site.clean()


def test_a_cold_build_reads_half_of_its_files_in_a_second_process(tmp_path, monkeypatch):
    """A cold build reads about half of its files in a forked process (rendering.kept's
    ``read_ahead``) and makes those objects again from what it sent, URLs included: the
    site is the one a build reading every file itself makes, and the next build keeps
    them all (it reads only the edited file); the progress line counts every file read."""
    from content import kemajuan
    from rendering import kept

    site = Bigger(tmp_path)
    monkeypatch.setattr(kept, "AHEAD_MIN", 10**9)
    alone = site.clean()
    monkeypatch.setattr(kept, "AHEAD_MIN", 1)  # the sample is below the real threshold
    files = len(list(site.content.rglob("*.md")))
    reading = []  # the progress line's count of files read
    stage = kemajuan.stage
    monkeypatch.setattr(kemajuan, "stage", lambda label, *counts: (
        reading.append(counts) if label == "Membaca konten" else None, stage(label, *counts)))
    stats = {}
    assert site.build(stats=stats) == 0
    assert reading[-1] == (files, files)  # those the other process read count too
    objek = stats["objek"]
    assert files / 4 < objek["ahead"] < files * 3 / 4 and objek["ahead"] + objek["read"] == files, objek
    assert objek["urls"] == objek["ahead"] and objek["kept"] == 0
    assert digest(site.output) == alone
    site.news(7).open("a", encoding="utf-8").write("\nKalimat tambahan.\n")
    stats = {}
    assert site.build(stats=stats) == 0
    assert stats["objek"] == {"kept": files - 1, "read": 1, "urls": files - 1}
    assert digest(site.output) == site.clean()


def test_a_file_read_ahead_whose_reading_says_something_is_read_again_by_the_build(tmp_path, monkeypatch, capfd):
    """What reading a file says (a warning of a read hook, Pelican's own messages) is said
    once, by the build's process: the process reading ahead shows nothing, and hands such
    a file back to be read there."""
    import logging

    from content import html_policy
    from rendering import kept

    monkeypatch.setattr(kept, "AHEAD_MIN", 1)
    site = Bigger(tmp_path)
    marked = next(p for p in (site.news(i) for i in range(1, 40)) if kept._elsewhere(os.path.abspath(p)))
    marked.open("a", encoding="utf-8").write("\nKalimat penanda.\n")
    harden = html_policy.harden

    def saying(body, *args):
        if "Kalimat penanda" in body:
            logging.getLogger("content").warning("peringatan-penanda untuk satu berita")
        return harden(body, *args)

    monkeypatch.setattr(html_policy, "harden", saying)
    stats = {}
    assert site.build(stats=stats) == 0
    shown = capfd.readouterr()
    assert (shown.out + shown.err).count("peringatan-penanda untuk satu berita") == 1
    assert stats["objek"]["ahead"] > 0 and stats["objek"]["ahead"] + stats["objek"]["read"] == len(list(site.content.rglob("*.md")))


def test_a_cold_build_reads_what_the_process_reading_ahead_did_not_send(tmp_path, monkeypatch):
    """The process reading ahead ends after three files (killed, say): the build reads the
    others itself, and the site is complete."""
    from rendering import kept

    monkeypatch.setattr(kept, "AHEAD_MIN", 1)
    blob = kept.KeptObjects._blob
    sent = []

    def ending(self, *args):
        if self.send is not None:  # in the process reading ahead
            if len(sent) == 3:
                os._exit(0)
            sent.append(args)
        return blob(self, *args)

    monkeypatch.setattr(kept.KeptObjects, "_blob", ending)
    site = Bigger(tmp_path)
    stats = {}
    assert site.build(stats=stats) == 0
    files = len(list(site.content.rglob("*.md")))
    assert stats["objek"]["ahead"] == 3 and stats["objek"]["read"] == files - 3
    monkeypatch.setattr(kept, "AHEAD_MIN", 10**9)
    assert digest(site.output) == site.clean()


def test_what_reading_made_is_not_changed_in_place_by_later_steps(tmp_path, monkeypatch):
    """A kept object's digest (rendering.digest) stands for the attributes reading made by
    the md5 of their pickle, so no later step may change those in place. Checked at the end
    of rendering on the sample site: in the build that reads every file (pickled by a
    forked process) and in the next, which makes them again from what the first kept.
    The summary kept with an object (rendering.kept) is the one Pelican makes."""
    from common.store import value_key
    from conftest import ROOT
    from pelican.contents import Content
    from rendering import kept
    from rendering.digest import Digester

    monkeypatch.setattr(kept, "FORK_MIN", 1)
    checked = []
    keep_urls = kept.KeptObjects.keep_urls

    def check_then_keep_urls(self):
        digester = Digester()
        assert self.new and len(self.read_states) == len(self.new)
        for full, (key, blob, _, _) in self.new.items():
            obj = self.made[full]
            _, state, shared = kept._loads(blob, obj.settings)  # a copy of what reading made
            _, _, read = self.read_states[id(obj)]
            held = [name for name, value in read.items() if vars(obj).get(name) is value]
            assert len(held) > len(read) / 2 and "fields" in shared, full
            for name in held:  # (an attribute replaced since is digested anew)
                if name in shared:  # the report's or the registry's own, in the key and the salt
                    continue
                assert digester.value(state[name]) == digester.value(vars(obj)[name]), (full, name)
            item = self.run.report.item_for(full)
            # The fields in its key were digested by the check (validate.Item.values_key):
            # nothing changed them since.
            assert value_key(obj.fields) == key[-1] and key[-3:-1] == (item.slug, item.published), full
            assert obj.fields is item.values, full
            if "opd" in shared:
                assert value_key(obj.opd) == self.opd_keys[item.values["opd"]], full
        keep_urls(self)
        # A summary kept with an object (made again in the next build instead of Pelican
        # cutting the body again) is the one Pelican makes; none for a body with links to
        # other content (they become those objects' URLs).
        summaries = 0
        for full, (_, _, _, known) in self.new.items():
            obj = self.made[full]
            linked = bool(obj._get_intrasite_link_regex().search(obj._content or ""))
            if "summary" in known:
                siteurl, summary = known["summary"]
                assert not linked and summary == Content.get_summary.func(obj, siteurl), full
                summaries += 1
        checked.append((len(self.new), summaries))

    monkeypatch.setattr(kept.KeptObjects, "keep_urls", check_then_keep_urls)
    site = Bigger.__new__(Bigger)
    site.root, site.content, site.output = tmp_path, tmp_path / "content", tmp_path / "output"
    shutil.copytree(ROOT / "content", site.content)
    share_image_cache(tmp_path)
    files = len(list(site.content.rglob("*.md")))
    stats = [{}, {}]
    assert site.build(stats=stats[0]) == 0
    site.content.joinpath("berita/diskominfo/cek-kesehatan-gratis-ulang-tahun.md").open("a", encoding="utf-8").write("\nTambahan.\n")
    assert site.build(stats=stats[1]) == 0
    assert stats[1]["objek"]["kept"] == files - 1
    assert checked[0] == checked[1] and checked[0][0] == files and checked[0][1] > files / 2


def test_an_object_holding_another_content_object_is_not_kept():
    """Its pickle would hold a copy of the other object as it was then: refused, the file
    is read again by the next build (and digested as a whole)."""
    from pelican.contents import Article
    from rendering import kept

    other = Article.__new__(Article)
    with pytest.raises(kept.HoldsContent):
        kept._dumps((Article, {"title": "A", "related": [1, {"x": other}]}, []))
    assert kept._loads(kept._dumps((Article, {"title": "A", "related": [1, {"x": 2}]}, [])), {})[1]["related"] == [1, {"x": 2}]


def test_nothing_is_kept_when_pelican_holds_future_items_back_by_the_clock(big):
    """With ``WITH_FUTURE_DATES = False`` an object depends on the time of day: every file
    is read again, and the site still equals a clean build."""
    memory, stats = {}, {}
    for n in range(2):
        big.news(7).open("a", encoding="utf-8").write(f"\nKalimat {n}.\n")
        stats = {}
        assert kbuild.build(CONF, big.output, PATH=str(big.content), CARI_ENABLED=False, memory=memory,
                            in_place=True, stats=stats, WITH_FUTURE_DATES=False) == 0
    assert stats["objek"] == {"kept": 0, "read": 0, "urls": 0}  # not counted: the readers are not wrapped
    out = big.root / "bersih-masa-depan"
    assert kbuild.build(CONF, out, PATH=str(big.content), CARI_ENABLED=False, WITH_FUTURE_DATES=False) == 0
    assert digest(big.output) == digest(out)


def test_in_place_only_when_nothing_but_the_kit_reads_the_finished_folder(big):
    """A site's own post-build step may read every page of the folder it is given: the
    preview then swaps a complete folder, as a build does."""
    seen = []

    def count_pages(output, settings):
        seen.append(len(list(Path(output).rglob("*.html"))))

    steps = [*load_settings(CONF)["POST_BUILD_STEPS"], count_pages]
    assert big.build(POST_BUILD_STEPS=steps) == 0  # the same settings as the edit's build
    big.news(1).open("a", encoding="utf-8").write("\nKalimat baru.\n")
    assert big.build(in_place=True, POST_BUILD_STEPS=steps) == 0
    assert len(seen) == 2 and seen[-1] == len(list(big.output.rglob("*.html")))
    assert digest(big.output) == big.clean()


def _article(text: str, title: str, tag: str, **extra):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Tag
    from zoneinfo import ZoneInfo

    settings = dict(DEFAULT_CONFIG)
    article = Article(text, metadata={"title": title, "date": datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Asia/Jakarta")),
                                      "tags": [Tag(tag, settings)]}, settings=settings, source_path="berita/a.md")
    for key, value in extra.items():
        setattr(article, key, value)
    return article


def test_a_list_page_s_digest_is_that_of_its_own_items():
    """A list page's structural digest (its number, address and items) is made once for
    the three times Pelican makes page n (as the page, and as its neighbours' next and
    previous), yet a page holding other items, or of another list, differs."""
    from pelican.paginator import Page as PagingPage
    from pelican.paginator import PaginationRule, Paginator
    from pelican.settings import DEFAULT_CONFIG

    from rendering.digest import Digester

    settings = dict(DEFAULT_CONFIG)
    settings["PAGINATION_PATTERNS"] = [PaginationRule(*rule) for rule in settings["PAGINATION_PATTERNS"]]
    items = [_article(f"<p>{i}</p>", f"Judul {i}", "banjir") for i in range(7)]
    for i, item in enumerate(items):
        item.source_path = f"berita/{i}.md"
    paginator = Paginator("berita/index.html", "berita/", items, settings, per_page=3)
    other = Paginator("tag/banjir/index.html", "tag/banjir/", items, settings, per_page=3)
    class Counted(Digester):
        looked = 0

        def identity(self, obj):
            self.looked += 1
            return super().identity(obj)

    digester = Counted()
    second = digester.paging(paginator.page(2))
    looked = digester.looked
    assert digester.paging(paginator.page(2)) == second  # the same page made again: not digested again
    assert digester.looked == looked == 3
    assert len({second, digester.paging(paginator.page(1)), digester.paging(paginator.page(3)),
                digester.paging(other.page(2))}) == 4
    # A page made by hand with the same list and number but other items: its own digest.
    hand = PagingPage("berita/index.html", "berita/", items[4:7], 2, paginator, settings)
    assert digester.paging(hand) != second
    assert digester.paging(hand) == Digester().paging(hand)


@pytest.mark.parametrize("extra", [{}, {"helper": lambda: 1}], ids=["one-pass", "function-held"])
def test_page_input_digests_follow_every_value_a_content_object_holds(extra):
    """A page is kept when the digest of what its template read is equal: a change in
    the text, a tag's name, a date's time zone or a related item's title must change the
    digest, also for an object holding a value only code makes (a function: not
    picklable, digested attribute by attribute); equal values held by other objects
    must not."""
    from zoneinfo import ZoneInfo
    from rendering.digest import FULL, Digester

    def full(text="<p>isi</p>", tag="banjir", related_title="Berita lain", zone=None, **more):
        article = _article(text, "Judul", tag, related=[_article("<p>lain</p>", related_title, "jalan")], **extra, **more)
        if zone:
            article.date = article.date.replace(tzinfo=ZoneInfo(zone))
        return Digester().value(article, FULL)

    base = full()
    assert base == full()
    assert base != full(text="<p>isi baru</p>")
    assert base != full(tag="longsor")
    assert base != full(related_title="Judul lain")
    assert base != full(zone="Asia/Makassar")
    assert base != full(pilihan=("a", "b"))


def test_a_macro_rendered_once_per_build_still_counts_as_read_by_every_page_that_shows_it(tmp_path, monkeypatch):
    """CEPAT_MAKRO_SEKALI: the news card of an item is rendered once per build for the
    same arguments, not once per page that shows it; every such page records the names
    the card read, as if it had rendered the card itself (its digest follows them); a
    page that passes other arguments gets its own card; outside a build's render step
    every call renders."""
    from jinja2 import DictLoader, Environment
    from types import SimpleNamespace
    from rendering import writer
    from rendering.digest import Digester

    made = []
    env = Environment(autoescape=True, loader=DictLoader({
        "_item.html": "{% macro news_card(article, level=2) %}<h{{ level }}>{{ article.title }}</h{{ level }}>"
                      "{{ catat(article.title) }}{{ CATATAN }}{% endmacro %}",
        "satu.html": '{% from "_item.html" import news_card %}{{ news_card(item) }}',
        "daftar.html": '{% from "_item.html" import news_card %}{% for x in items %}{{ news_card(x) }}{{ news_card(x, 3) }}{% endfor %}',
    }))
    env.globals.update(CATATAN="!", catat=lambda title: made.append(title) or "")
    writer.track_environment(SimpleNamespace(env=env))
    one, two = _article("<p>a</p>", "Satu", "banjir"), _article("<p>b</p>", "Dua", "jalan")
    jobs = [
        writer.Job("satu/index.html", env.get_template("satu.html"), {"item": one}),
        writer.Job("daftar/index.html", env.get_template("daftar.html"), {"items": [one, two]}),
        writer.Job("lagi/index.html", env.get_template("satu.html"), {"item": two}),  # its card: only kept
    ]
    monkeypatch.setattr(writer, "_macros", {})
    monkeypatch.setattr(writer, "_macros_once", frozenset({"news_card"}))
    results = [writer.render(job, str(tmp_path), Digester()) for job in jobs]
    assert sorted(made) == ["Dua", "Dua", "Satu", "Satu"]  # (item, level) once each, not once per page
    assert (tmp_path / "daftar/index.html").read_text() == "<h2>Satu</h2>!<h3>Satu</h3>!<h2>Dua</h2>!<h3>Dua</h3>!"
    assert (tmp_path / "satu/index.html").read_text() == "<h2>Satu</h2>!"
    assert (tmp_path / "lagi/index.html").read_text() == "<h2>Dua</h2>!"
    for names, _digest, _stamp in results:  # the kept card's reads count for every page
        assert {"CATATAN", "catat"} <= set(names)
    monkeypatch.setattr(writer, "_macros", None)
    made.clear()
    writer.render(jobs[0], str(tmp_path), Digester())
    writer.render(jobs[0], str(tmp_path), Digester())
    assert made == ["Satu", "Satu"]


@pytest.mark.parametrize("value", ["news_card", ("news_card", 3), ("news card",)])
def test_a_macro_list_that_is_not_one_stops_the_build_and_keeps_the_output(big, capsys, value):
    before = digest(big.output)
    with big.news(7).open("a", encoding="utf-8") as fh:
        fh.write("\nKalimat tambahan.\n")  # a build to do
    assert big.build(CEPAT_MAKRO_SEKALI=value) == 1
    err = capsys.readouterr()
    assert "pelicanconf.py: CEPAT_MAKRO_SEKALI: harus berupa daftar nama makro templat" in err.out + err.err
    assert digest(big.output) == before


def test_the_next_build_waits_for_the_memory_a_one_off_build_left_being_written(tmp_path, monkeypatch, capsys):
    """A one-off build hands what it read to the next (memory.pickle), written by a process
    that outlives it: the build does not wait for it, the next build does (and reads only
    the changed file); a build refused after the writing began leaves the last memory."""
    import time

    from common.store import Store
    from rendering import incremental

    real = Store.save

    def slow(self, name, value, later=False):  # inherited by the forked writer
        if name == incremental.MEMORY + ".new":
            time.sleep(2)
        return real(self, name, value, later)

    monkeypatch.setattr(Store, "save", slow)
    monkeypatch.delenv("CI", raising=False)
    site = Bigger(tmp_path)
    state = incremental.state_dir(site.output)
    assert site.build() == 0
    assert not (state / incremental.MEMORY).exists()  # still being written: not waited for
    site.news(7).open("a", encoding="utf-8").write("\nKalimat tambahan.\n")
    stats: dict = {}
    assert site.build(stats=stats) == 0
    assert stats["objek"]["read"] == 1 and stats["objek"]["kept"] > 50
    incremental.wait_for_writer(state)
    before = (state / incremental.MEMORY).read_bytes()
    site.news(8).open("a", encoding="utf-8").write("\nLihat [jadwal](/jadwal-yang-tidak-ada/).\n")
    assert site.build() == 1
    assert "jadwal-yang-tidak-ada" in capsys.readouterr().err  # refused by the link check, after the writing began
    incremental.wait_for_writer(state)
    assert (state / incremental.MEMORY).read_bytes() == before
    assert not (state / (incremental.MEMORY + ".new")).exists()
    # In CI the job's cache is saved right after its last step: there the build waits.
    monkeypatch.setenv("CI", "true")
    site.news(8).write_text(site.news(8).read_text(encoding="utf-8").replace("/jadwal-yang-tidak-ada/", "/berita/"),
                            encoding="utf-8")
    assert site.build() == 0
    assert (state / incremental.MEMORY).read_bytes() != before
    assert not (state / (incremental.MEMORY + ".new")).exists()


def test_the_fingerprint_notices_a_file_saved_again_with_the_same_bytes(site):
    """What a build reads may differ from what its fingerprint saw even when the files end
    as they were (saved, then restored): ``moved`` goes by the files' stamps too."""
    from rendering import incremental

    settings = load_settings(CONF, **site.settings())
    fingerprint = incremental.Fingerprint(site.output.parent / "keadaan")
    fingerprint.compute(CONF, settings, {})
    assert not fingerprint.moved()
    item = site.content / "berita/dinkes/posyandu.md"
    text = item.read_bytes()
    item.write_bytes(text + b"\nTambahan.\n")
    item.write_bytes(text)
    os.utime(item, ns=(time.time_ns() + 10**9,) * 2)  # a save on a file system with coarse times
    assert fingerprint.moved()
    fingerprint.compute(CONF, settings, {})
    assert not fingerprint.moved()


def test_the_fingerprint_sees_folder_links_and_enters_only_those_inside_content(site, tmp_path):
    """A folder linked inside content/ is a change (Pelican reads through it); its text
    counts, and it is walked only when it stays inside: a link to a large folder outside
    (a NAS, /) is never walked before validation refuses it. Editors' lock files count not."""
    from rendering import incremental

    settings = load_settings(CONF, **site.settings())

    def key():
        return incremental.Fingerprint(tmp_path / "keadaan").compute(CONF, settings, {})[1]

    before = key()
    os.symlink("staf@komputer.1:1", site.content / "berita/dinkes/.#posyandu.md")
    assert key() == before
    os.symlink("../dinkes", site.content / "berita/salinan")
    inside = key()
    assert inside != before
    (site.content / "berita/dinkes/posyandu.md").write_text("Title: Lain\n", encoding="utf-8")
    assert key() != inside  # walked through the link too
    outside = tmp_path / "luar"
    (outside / "data").mkdir(parents=True)
    (outside / "data/berkas.txt").write_text("satu", encoding="utf-8")
    os.symlink(outside, site.content / "arsip")
    linked = key()
    (outside / "data/berkas.txt").write_text("dua", encoding="utf-8")
    assert key() == linked  # not entered


def build_with_a_save_during_it(site, monkeypatch, rel: str, text: str, published: Path, before_check: bool):
    """A build started by an edit of a news item, with ``rel`` saved after its first walk
    of the folders (before it reads them) and, if ``before_check``, deleted again before its
    check that nothing was saved meanwhile (``Fingerprint.moved``); it publishes ``published``."""
    from rendering import incremental

    compute, moved = incremental.Fingerprint.compute, incremental.Fingerprint.moved
    added = site.content / rel

    def compute_then_saved(self, *args, **kwargs):
        key = compute(self, *args, **kwargs)
        if not added.exists() and not published.exists():
            site.write(rel, text)  # after the first walk, before reading
        return key

    def deleted_then_moved(self, *args):
        added.unlink()  # deleted once read, before the check
        return moved(self, *args)

    monkeypatch.setattr(incremental.Fingerprint, "compute", compute_then_saved)
    if before_check:
        monkeypatch.setattr(incremental.Fingerprint, "moved", deleted_then_moved)
    edited = site.content / "berita/dinkes/posyandu.md"  # the save that starts the build
    edited.write_text(edited.read_text(encoding="utf-8") + "\nKader menimbang 120 balita.\n", encoding="utf-8")
    try:
        assert site.build() == 0
    finally:
        monkeypatch.setattr(incremental.Fingerprint, "compute", compute)
        monkeypatch.setattr(incremental.Fingerprint, "moved", moved)
    assert published.is_file()
    added.unlink(missing_ok=True)


@pytest.mark.parametrize("deleted", ["before the next build", "before the check"])
def test_a_file_saved_during_a_build_and_removed_again_is_not_left_by_the_next_build(site, monkeypatch, tmp_path, deleted):
    """A build takes the site's fingerprint before it reads the files: a news item saved
    in between is read and published, though the fingerprint is that of a site without it.
    Deleted again before the next build, that fingerprint would say the output is up to
    date, with the item's page still in it. The build checks the files' stamps and the
    content folders' times when it is adopted (incremental.Fingerprint.moved): a file
    deleted before that check is in neither, but was read; its folder's modification time
    changed. Either
    way it records no fingerprint: the next build runs, removes the page, and the output
    equals a clean build."""
    assert site.build() == 0
    page = site.output / "berita/2026/11/posbindu-lansia-digelar-di-wanadadi/index.html"
    build_with_a_save_during_it(
        site, monkeypatch, "berita/dinkes/posbindu.md",
        "Title: Posbindu Lansia Digelar di Wanadadi\nDate: 2026-11-21 09:00\nOPD: dinkes\n"
        "Author: Humas Dinkes\nCategory: Berita\n\nPemeriksaan kesehatan lansia di balai desa.\n",
        page, before_check=deleted == "before the check")
    assert site.build() == 0
    assert not page.exists()
    clean = type(site)(tmp_path / "bersih")
    clean.write("berita/dinkes/posyandu.md", (site.content / "berita/dinkes/posyandu.md").read_text(encoding="utf-8"))
    assert clean.build() == 0
    assert site.digest() == clean.digest()


def test_a_data_file_added_and_removed_while_a_build_reads_is_not_left_by_the_next_build(site, monkeypatch):
    """Not every file a build reads is a content item Pelican or the validation lists: a
    year's request register (a CSV the services package reads) added after the first walk
    and deleted before the second is seen by neither walk, yet its report was published.
    The folder it was added to and deleted from changed (its modification time): the
    build records no fingerprint, and the next one removes the report."""
    from test_services import REGISTER_2025

    assert site.build() == 0
    report = site.output / "data/laporan-layanan-2025.json"
    build_with_a_save_during_it(site, monkeypatch, "layanan/register/2025.csv", REGISTER_2025, report, before_check=True)
    assert site.build() == 0
    assert not report.exists()


def test_a_site_s_own_security_txt_is_fingerprinted_and_nothing_else_is_found_moved(site, capsys):
    """A site's own ``content/.well-known/security.txt`` lies in a hidden folder, which the
    fingerprint once left out: a change to it was not published until another file
    changed. And the check after the build, folders' times included, must find no change where
    there is none (every build would run in full): a second build with nothing saved
    finds the output up to date, also after a fetch into the content folder's own
    repository (``.git/``, which no build reads)."""
    security = "Contact: mailto:ppid@sukamajukab.go.id\nExpires: 2027-11-30T00:00:00Z\n"
    site.write(".well-known/security.txt", security)
    site.write(".git/HEAD", "ref: refs/heads/main\n")
    assert site.build() == 0
    capsys.readouterr()
    assert site.build() == 0
    assert "Tidak ada perubahan" in capsys.readouterr().err
    site.write(".git/FETCH_HEAD", "1f0c3a9e\t\tbranch 'main' of https://git.sukamajukab.go.id/situs\n")
    assert site.build() == 0
    assert "Tidak ada perubahan" in capsys.readouterr().err
    site.write(".well-known/security.txt", security.replace("ppid@", "csirt@"))
    assert site.build() == 0
    assert "mailto:csirt@sukamajukab.go.id" in site.read(".well-known/security.txt")


def test_a_page_s_digest_covers_what_it_read_on_the_items_it_shows(tmp_path):
    """A page showing other content objects (a list's items, an item's neighbours) is
    rendered again when an attribute it read on them changes, not when another one
    does; it covers every attribute of its own object, of one whose method it called,
    and of items it handed to a filter or function (what code reads is not recorded)."""
    from jinja2 import DictLoader, Environment
    from types import SimpleNamespace
    from rendering import writer
    from rendering.digest import Digester

    env = Environment(autoescape=True, loader=DictLoader({
        "daftar.html": "{% for x in items %}{{ x.title }}{% endfor %}{{ items|length }}",
        "sendiri.html": "{{ item.title }}{% for x in items %}{{ x.title }}{% endfor %}",
        "saring.html": "{% for x in items|urut %}{{ x.title }}{% endfor %}",
        "metode.html": "{% for x in items %}{{ x.get_relative_source_path() }}{% endfor %}",
        "baris.html": "{{ items|batch(1)|list|pertama }}",
    }))
    env.filters["urut"] = lambda items: sorted(items, key=lambda a: a.date)
    env.filters["pertama"] = lambda rows: rows[0][0].title
    writer.track_environment(SimpleNamespace(env=env))
    writer.track_filters(env)

    def items(text="<p>isi</p>", title="Satu"):
        return [_article(text, title, "banjir"), _article("<p>b</p>", "Dua", "jalan")]

    def kept(template: str, **change) -> bool:
        """Would the page be kept after ``change`` to the first item (new objects, as in the next build)?"""
        before = items()
        job = writer.Job("p/index.html", env.get_template(template), {"items": before, "item": before[0]})
        names, digest, _ = writer.render(job, str(tmp_path), Digester())
        after = items(**change)
        return Digester().names({"items": after, "item": after[0]}, names) == digest

    assert kept("daftar.html", text="<p>isi baru</p>")  # the list read titles only
    assert not kept("daftar.html", title="Satu Lagi")
    assert not kept("sendiri.html", text="<p>isi baru</p>")  # the page's own item: whole
    assert not kept("saring.html", text="<p>isi baru</p>")  # handed to a filter
    assert not kept("metode.html", text="<p>isi baru</p>")  # a method called on it
    assert not kept("baris.html", text="<p>isi baru</p>")  # in the rows handed to a filter
    for template in ("daftar.html", "sendiri.html", "saring.html", "metode.html", "baris.html"):
        assert kept(template)


def test_a_cold_build_leaves_its_manifest_to_a_process_after_it(tmp_path, monkeypatch):
    """A one-off build that renders every page of a large site (``CEPAT_DIGEST_NANTI``
    pages or more; here every cold build) leaves the digests of its pages' inputs, which
    only the next build compares, to a process that makes the manifest after it: the
    manifest equals the one the render workers make, and the next build renders only
    what an edit changed, as after any other build, and equals a clean build."""
    from rendering import incremental, writer

    started = []

    class Counted(incremental.ManifestWrite):
        def __init__(self, *args):
            started.append(os.getpid())
            super().__init__(*args)

    monkeypatch.setattr(writer, "ManifestWrite", Counted)
    monkeypatch.delenv("CI", raising=False)
    site = Bigger(tmp_path)
    state = incremental.state_dir(site.output)
    manifests = {}
    for least in (None, 0):  # the render workers digest; a process after the build does
        shutil.rmtree(site.output, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
        stats: dict = {}
        assert site.build(CEPAT_DIGEST_NANTI=least, stats=stats) == 0
        assert stats["cepat"]["rendered"] > 100
        assert len(started) == (0 if least is None else 1)
        incremental.wait_for_writer(state)
        manifests[least] = incremental.state_store(state).load(incremental.MANIFEST)[1]
        assert not (state / (incremental.MANIFEST + ".new")).exists()
    assert len(manifests[0]) > 100
    assert manifests[0] == manifests[None]
    edited = site.news(7)
    edited.open("a", encoding="utf-8").write("\nKalimat tambahan.\n")
    stats = {}
    assert site.build(CEPAT_DIGEST_NANTI=0, stats=stats) == 0
    assert 0 < stats["cepat"]["rendered"] < 10
    assert "Kalimat tambahan." in (site.output / page_of(site, edited)).read_text(encoding="utf-8")
    assert len(started) == 1  # an edit's build digests as it renders
    assert digest(site.output) == site.clean()
    # In CI the job's cache is saved right after its last step: the workers digest.
    monkeypatch.setenv("CI", "true")
    shutil.rmtree(site.output)
    assert site.build(CEPAT_DIGEST_NANTI=0) == 0
    assert len(started) == 1
    assert (state / incremental.MANIFEST).exists()  # the build's own, in place as it returns


@pytest.mark.parametrize("value", ["2000", -1, True, 2.5])
def test_a_digest_threshold_that_is_not_a_page_count_stops_the_build(big, capsys, value):
    before = digest(big.output)
    with big.news(7).open("a", encoding="utf-8") as fh:
        fh.write("\nKalimat tambahan.\n")
    assert big.build(CEPAT_DIGEST_NANTI=value) == 1
    err = capsys.readouterr()
    assert "pelicanconf.py: CEPAT_DIGEST_NANTI: harus berupa bilangan bulat 0 atau lebih" in err.out + err.err
    assert digest(big.output) == before


def test_a_build_refused_after_its_pages_were_rendered_leaves_no_manifest(tmp_path, monkeypatch, capsys):
    """The manifest a cold build leaves to a process after it is digested only once the
    build succeeded: a cold build refused by the link check leaves none (the last
    build's is gone too: it described another output), and the next build, finding
    none, renders every page."""
    from rendering import incremental

    monkeypatch.delenv("CI", raising=False)
    site = Bigger(tmp_path)
    state = incremental.state_dir(site.output)
    assert site.build() == 0
    assert (state / incremental.MANIFEST).exists()
    site.news(8).open("a", encoding="utf-8").write("\nLihat [jadwal](/jadwal-yang-tidak-ada/).\n")
    assert site.build(CEPAT_DIGEST_NANTI=0, CEPAT_MAKRO_SEKALI=[]) == 1  # other settings: a cold build
    assert "jadwal-yang-tidak-ada" in capsys.readouterr().err
    incremental.wait_for_writer(state)
    assert not [p.name for p in state.iterdir() if p.name.startswith(incremental.MANIFEST)]
    site.edit(site.news(8), "[jadwal](/jadwal-yang-tidak-ada/)", "jadwal")
    stats: dict = {}
    assert site.build(stats=stats) == 0
    assert stats["cepat"]["rendered"] > 100 and stats["cepat"]["kept"] == 0
    assert digest(site.output) == site.clean()


def test_a_build_waiting_for_the_last_ones_writer_says_so(tmp_path):
    """While the process writing the last build's manifest (or memory) holds its lock,
    the next build waits, and its progress line says why."""
    import threading

    from content import kemajuan
    from rendering import incremental

    state = tmp_path / "status"
    state.mkdir()
    fd = os.open(incremental.state_store(state).path(incremental.MANIFEST_LOCK), os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a writer at work
    kemajuan.stage("Menyiapkan")
    waiting = threading.Thread(target=incremental.wait_for_writer, args=(state,))
    waiting.start()
    try:
        waiting.join(1.0)
        assert waiting.is_alive()
        assert kemajuan.PROGRESS.label == "Menunggu build sebelumnya selesai menulis catatannya"
    finally:
        os.close(fd)  # the writer done
    waiting.join(5.0)
    assert not waiting.is_alive()


def test_a_build_ended_after_its_render_step_leaves_no_writer_waiting(tmp_path, monkeypatch):
    """A one-off build that fails after its pages were rendered (here: the swap) tells
    the processes writing its manifest and memory, which would otherwise wait for its
    verdict for as long as the calling process lives (the preview, the tests): the next
    build finds no lock held, no manifest, and renders every page."""
    import threading

    from content import build as kbuild_module
    from rendering import incremental

    monkeypatch.delenv("CI", raising=False)
    site = Bigger(tmp_path)
    state = incremental.state_dir(site.output)

    def broken(staging, output):
        raise OSError("disk penuh")

    real = kbuild_module.swap_in
    monkeypatch.setattr(kbuild_module, "swap_in", broken)
    with pytest.raises(OSError, match="disk penuh"):
        site.build(CEPAT_DIGEST_NANTI=0)
    monkeypatch.setattr(kbuild_module, "swap_in", real)
    waiting = threading.Thread(target=incremental.wait_for_writer, args=(state,), daemon=True)
    waiting.start()
    waiting.join(30)
    assert not waiting.is_alive(), "a writer still waits for the failed build's verdict"
    assert not [p.name for p in state.iterdir() if p.name.startswith(incremental.MANIFEST)]
    stats: dict = {}
    assert site.build(stats=stats) == 0
    assert stats["cepat"]["kept"] == 0
    assert digest(site.output) == site.clean()


def test_the_render_step_keeps_nothing_of_the_site_in_module_globals(big):
    """A process that builds again (the preview) keeps no class or macro output of the
    last site in the writer's per-step memos once its render step is over."""
    from rendering import writer

    with big.news(7).open("a", encoding="utf-8") as fh:
        fh.write("\nKalimat tambahan.\n")
    assert big.build(CEPAT_WORKERS=1) == 0
    assert writer._KINDS == {} and writer._macros is None
