"""The build order is written once (plugins/pipeline.py) and nothing of a run survives it."""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import blinker
from pelican import signals

import pipeline
from conftest import CONF, NEWS, ROOT
from content import build as kbuild
from content.build import load_settings

sys.path.insert(0, str(ROOT / "tools"))
from sama_persis import differences  # noqa: E402


def fresh_process_build(site, output: Path, **extra) -> None:
    """The same build in a new interpreter: nothing from an earlier run can leak in."""
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        "from content import build\n"
        f"sys.exit(build.build({str(CONF)!r}, {str(output)!r}, **json.loads(sys.argv[1])))\n"
    )
    settings = {**site.settings(**extra)}
    settings.pop("OUTPUT_PATH")
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(settings)], capture_output=True, text=True,
                          env={**os.environ, "SITUS_KEMAJUAN": "0"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def receivers() -> dict[str, int]:
    """How many receivers each of Pelican's signals has."""
    return {name: len(sig.receivers) for name, sig in vars(signals).items() if isinstance(sig, blinker.Signal)}


def test_a_reused_process_builds_what_a_fresh_one_builds(site, tmp_path):
    """As Pelican's --autoreload and the preview do: several builds in one process, with
    different packages switched on, each equal to the same build in a fresh process."""
    without_ppid = [p for p in load_settings(CONF)["PLUGINS"] if p != "ppid"]
    other_site = dict(PLUGINS=without_ppid, SITEURL="https://contoh.go.id", MENU=[["beranda", "Beranda", ""]],
                      MENU_LAYANAN=[], MENU_PPID=[], MENU_KAKI=[])
    before = receivers()
    first = tmp_path / "penuh-1"
    assert kbuild.build(CONF, first, **site.settings()) == 0
    assert receivers() == before  # the run's hooks are gone with the run
    other = tmp_path / "tanpa-ppid"
    assert kbuild.build(CONF, other, **site.settings(**other_site)) == 0
    again = tmp_path / "penuh-2"
    assert kbuild.build(CONF, again, **site.settings()) == 0

    assert differences(first, again) == []
    fresh = tmp_path / "tanpa-ppid-baru"
    fresh_process_build(site, fresh, **other_site)
    assert differences(other, fresh) == []
    # The second build really was another site: no PPID page, absolute addresses.
    assert (first / "ppid/index.html").is_file() and not (other / "ppid/index.html").exists()
    assert "https://contoh.go.id/" in (other / "index.html").read_text(encoding="utf-8")


def test_a_process_that_builds_again_keeps_no_content_object_of_an_earlier_build(site, tmp_path):
    """The preview's build process builds for hours: once a build ends, its site model is
    gone (Pelican's class-wide memo of contents and summaries held every object before)."""
    import gc

    from pelican.contents import Content

    for n in range(3):
        site.write(f"berita/dinkes/tambahan-{n}.md", (site.content / "berita/dinkes/posyandu.md").read_text(encoding="utf-8")
                   .replace("Title: ", f"Title: Tambahan {n} ", 1))
        assert kbuild.build(CONF, tmp_path / "keluaran", memory={}, **site.settings()) == 0
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, Content)]
        assert alive == [], f"build {n}: {len(alive)} content objects still alive"


def test_the_order_of_plugins_does_not_matter(site, tmp_path):
    plugins = list(load_settings(CONF)["PLUGINS"])
    listed, reversed_ = tmp_path / "urut", tmp_path / "terbalik"
    assert kbuild.build(CONF, listed, **site.settings()) == 0
    assert kbuild.build(CONF, reversed_, **site.settings(PLUGINS=plugins[::-1])) == 0
    assert differences(listed, reversed_) == []


def test_a_site_plugin_that_cannot_be_imported_stops_the_build(site, tmp_path):
    """Pelican logs such a plugin and builds on without it; a site would then lack pages.
    A name that no plugin folder holds is said against the settings; a plugin that imports
    something missing raises Python's own error (its file and line are the point)."""
    import pytest

    said = io.StringIO()
    code = kbuild.build(CONF, tmp_path / "out", out=said, **site.settings(PLUGINS=[*load_settings(CONF)["PLUGINS"], "plugin_situs_tak_ada"]))
    assert code == 1 and "pelicanconf.py: PLUGINS: plugin 'plugin_situs_tak_ada' tidak ditemukan" in said.getvalue(), said.getvalue()
    assert not (tmp_path / "out").exists()
    plugin = tmp_path / "situs_plugin"
    plugin.mkdir()
    (plugin / "__init__.py").write_text("import paket_yang_tak_terpasang\n\ndef register():\n    pass\n", encoding="utf-8")
    paths = [*load_settings(CONF)["PLUGIN_PATHS"], str(tmp_path)]
    with pytest.raises(ModuleNotFoundError):
        kbuild.build(CONF, tmp_path / "out", **site.settings(PLUGINS=[*load_settings(CONF)["PLUGINS"], "situs_plugin"], PLUGIN_PATHS=paths))
    assert not (tmp_path / "out").exists()


def test_readme_lists_the_steps_of_the_code_in_their_order():
    """README "How a build runs" names each step of pipeline.build, in order, and for
    each step the packages whose functions the pipeline calls there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How a build runs", 1)[1].split("\n## ", 1)[0]
    body = inspect.getsource(pipeline.build).split('"""')[-1]
    code_steps = [n for n in re.findall(r"(\w+)\(run\b", body) if n not in ("start_pelican", "hooks", "_call")]
    assert code_steps == ["configure", "validate", "read", "derive", "render", "finish", "post_build"]
    rows = re.findall(r"^\| \d+ \| `(\w+)` \| (.+?) \|", section, re.M)
    assert [step for step, _ in rows] == code_steps
    tables = {
        "configure": pipeline.CONFIGURE, "validate": pipeline.BEFORE_VALIDATE + pipeline.VALIDATE,
        "read": pipeline.BEFORE_READ + pipeline.GENERATORS + pipeline.AFTER_READ,
        "derive": pipeline.DERIVE, "render": pipeline.AFTER_RENDER, "finish": pipeline.FINISH,
        "post_build": pipeline.POST_BUILD,
    }
    for step, text in rows:
        named = set(re.findall(r"`(\w+)`", text))
        packages = {f.__module__.split(".")[0] for f in tables[step]} - {"pipeline"}
        if step == "validate":
            packages |= {f.__module__.split(".")[0] for f in pipeline.CHECKS}
        assert packages <= named, f"{step}: README does not name {sorted(packages - named)}"


def test_a_site_listing_the_former_package_names_builds_the_same(site, tmp_path):
    """A pelicanconf.py written before 1.1 names the packages in Indonesian (PLUGINS,
    POST_BUILD_STEPS): those names still mean the same packages."""
    former = {new: old for old, new in pipeline.FORMER_NAMES.items()}
    settings = load_settings(CONF)
    old_plugins = [former.get(p, p) for p in settings["PLUGINS"]]
    old_steps = [former.get(s.split(".")[0].split(":")[0], s.split(".")[0].split(":")[0])
                 + s[len(s.split(".")[0].split(":")[0]):] for s in settings["POST_BUILD_STEPS"]]
    assert "cepat" in old_plugins and any(s.startswith("terbit.") for s in old_steps)
    today, before = tmp_path / "kini", tmp_path / "lama"
    assert kbuild.build(CONF, today, **site.settings(PRECOMPRESS=True)) == 0
    assert kbuild.build(CONF, before, **site.settings(PRECOMPRESS=True, PLUGINS=old_plugins,
                                                      POST_BUILD_STEPS=old_steps)) == 0
    assert differences(today, before) == []
    assert (before / "index.html.gz").is_file()


def test_the_preview_updates_in_place_only_when_nothing_else_reads_the_finished_folder():
    settings = load_settings(CONF)
    assert pipeline.in_place_possible(settings)
    assert pipeline.in_place_possible({**settings, "POST_BUILD_STEPS": ["terbit.compress:precompress"]})  # former name
    for change in ({"PRECOMPRESS": True}, {"CARI_PREVIEW": True}, {"PLUGINS": [*settings["PLUGINS"], "plugin_situs"]},
                   {"POST_BUILD_STEPS": [*settings["POST_BUILD_STEPS"], "situs.langkah:tulis"]},
                   {"POST_BUILD_STEPS": [lambda output, settings: None]}):
        assert not pipeline.in_place_possible({**settings, **change}), change


def test_a_site_plugin_may_still_change_an_address_after_the_kits_derive_step(site, tmp_path):
    """URLs are computed once per object from derive to the end of render, except across
    ``all_generators_finalized``: a site plugin listening there may still move a page."""
    folder = tmp_path / "plugin_situs"
    folder.mkdir()
    (folder / "geser_alamat.py").write_text(
        "from pelican import signals\n\n\n"
        "def geser(generators):\n"
        "    for g in generators:\n"
        "        for a in getattr(g, 'articles', None) or ():\n"
        "            a.slug = a.slug + '-baru'\n\n\n"
        "def register():\n"
        "    signals.all_generators_finalized.connect(geser)\n",
        encoding="utf-8",
    )
    settings = load_settings(CONF)
    try:
        code = site.build(PLUGINS=[*settings["PLUGINS"], "geser_alamat"],
                          PLUGIN_PATHS=[*settings["PLUGIN_PATHS"], str(folder)])
    finally:
        module = sys.modules.get("geser_alamat")
        if module is not None:
            signals.all_generators_finalized.disconnect(module.geser)
    assert code == 0
    pages = [p.relative_to(site.output).as_posix() for p in site.output.glob("berita/**/index.html")]
    moved = [p for p in pages if "posyandu" in p]
    assert moved and all("-baru/" in p for p in moved), moved
    assert "-baru/" in (site.output / "berita" / "index.html").read_text(encoding="utf-8")


def test_the_preview_keeps_no_address_a_site_plugin_may_change(site, tmp_path):
    """The preview's build process keeps each object's URLs with it only when nothing but
    the kit listens to Pelican's signals: a site plugin that puts the number of news items
    in every address moves every page when one is added, kept objects included."""
    folder = tmp_path / "plugin_situs"
    folder.mkdir()
    (folder / "hitung_alamat.py").write_text(
        "from pelican import signals\n\n\n"
        "def hitung(generators):\n"
        "    for g in generators:\n"
        "        articles = getattr(g, 'articles', None) or ()\n"
        "        for a in articles:\n"
        "            a.slug = f'{a.slug}-{len(articles)}'\n\n\n"
        "def register():\n"
        "    signals.all_generators_finalized.connect(hitung)\n",
        encoding="utf-8",
    )
    settings = load_settings(CONF)
    extra = {"PLUGINS": [*settings["PLUGINS"], "hitung_alamat"], "PLUGIN_PATHS": [*settings["PLUGIN_PATHS"], str(folder)],
             "CARI_ENABLED": False}
    memory, stats = {}, {}
    try:
        assert kbuild.build(CONF, site.output, memory=memory, **site.settings(**extra)) == 0
        site.write("berita/dinkes/imunisasi.md", NEWS.replace("Posyandu Serentak", "Imunisasi Serentak"))
        assert kbuild.build(CONF, site.output, memory=memory, stats=stats, **site.settings(**extra)) == 0
    finally:
        module = sys.modules.get("hitung_alamat")
        if module is not None:
            signals.all_generators_finalized.disconnect(module.hitung)
    assert stats["objek"]["kept"] > 0 and stats["objek"]["urls"] == 0
    pages = [p.relative_to(site.output).as_posix() for p in site.output.glob("berita/**/index.html")]
    posyandu = [p for p in pages if "posyandu" in p]
    assert posyandu and all(p.endswith("-2/index.html") for p in posyandu), posyandu


def _count_markdown(monkeypatch):
    """Started Markdown processes (rendering.reader) and the conversions this process made itself."""
    from rendering import reader

    monkeypatch.setattr(reader, "PREWARM_MIN", 1)  # the small test site counts as large
    started, converted = [], []
    real_start = reader.fork_start
    monkeypatch.setattr(reader, "fork_start", lambda f: started.append(real_start(f)) or started[-1])

    class Counting(reader.Markdown):
        def convert(self, text):
            converted.append(text)
            return super().convert(text)

    monkeypatch.setattr(reader, "Markdown", Counting)
    return started, converted


def test_a_cold_build_converts_markdown_in_processes_while_it_validates(site, monkeypatch):
    started, converted = _count_markdown(monkeypatch)
    assert site.build() == 0
    assert len(started) == 2
    # Every body came from those processes: this one converted none (formatted fields aside).
    bodies = [p.read_text(encoding="utf-8").split("\n\n", 1)[-1].strip() for p in site.content.rglob("*.md")]
    assert not [text for text in converted if any(body and body in text for body in bodies)]


def test_a_cold_build_refused_by_validation_leaves_no_markdown_process(site, monkeypatch):
    import pytest

    started, _ = _count_markdown(monkeypatch)
    site.write("berita/dinkes/rusak.md", "Title: Rusak\nOPD: dinkes\n\nIsi.\n")
    assert site.build() != 0
    assert started  # the refused build had started converting
    for wait in started:  # each of its processes is gone: neither running nor left unreaped
        with pytest.raises(ChildProcessError):
            os.waitpid(wait.pid, os.WNOHANG)


def test_each_step_records_its_cpu_time_with_the_processes_it_waited_for():
    """`invoke bench` prints each step's CPU time beside its wall time: a step that waits
    for a process (Pagefind, the render workers) counts that process's CPU too."""
    from types import SimpleNamespace

    def busy(run):
        subprocess.run([sys.executable, "-c", "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass"],
                       check=True)

    def idle(run):
        __import__("time").sleep(0.3)

    run = SimpleNamespace(stats={})
    pipeline.timed(busy)(run)
    pipeline.timed(idle)(run)
    assert set(run.stats["steps"]) == set(run.stats["steps_cpu"]) == {"busy", "idle"}
    assert run.stats["steps_cpu"]["busy"] >= 0.35  # the child's CPU, not only this process's
    assert run.stats["steps"]["idle"] >= 0.3 and run.stats["steps_cpu"]["idle"] < 0.1


def test_the_bench_never_shows_a_missed_ratio_as_the_target_itself():
    """BENCHMARKS.md printed 2.1045 as "2.10 × 10k | ≤ 2.10 | tidak": the figure beside a
    mark must say on which side of the target it is."""
    import bench

    for value, limit in ((2.1045, 2.1), (2.0996, 2.1), (1.004, 1.0), (0.9999, 1.0), (1.18, 1.0), (2.1, 2.1)):
        shown = float(bench.ratio_text(value, limit))
        assert (shown <= limit) == (value <= limit), (value, shown)
    assert bench.ratio_text(1.18, 1.0) == "1.18"  # two decimals where they suffice
