"""Private Pelican, Jinja and feedgenerator APIs are touched in one module only
(plugins/pelican_internals.py), which refuses to run on versions it was not written for."""

from __future__ import annotations

import ast
from importlib import metadata

import pytest

from conftest import ROOT

PLUGINS = ROOT / "plugins"
INTERNALS = PLUGINS / "pelican_internals.py"

# Private attributes of Pelican's objects (content, generators, writers, readers, caches).
PRIVATE_ATTRS = {
    "_content", "_context", "_written_files", "_overridden_files", "_open_w",
    "_add_failed_source_path", "_parse_metadata", "_md", "_source_path",
    "_cache", "_cache_data_policy", "_update_content", "_get_content",
}
# Methods that only the module's patches replace or hook.
PATCHED_NAMES = {
    "get_relative_source_path", "get_url_setting", "cache_data", "get_cached_data", "generate_output",
    "latest_post_date", "init_plugins", "context_class", "resolve_or_missing",
}
PRIVATE_MODULES = ("jinja2.runtime", "pelican.plugins._utils", "pelican.cache", "feedgenerator.django")
PRIVATE_IMPORTS = {"DUPLICATES_DEFINITIONS_ALLOWED", "FileStampDataCacher", "SyndicationFeed"}
UPSTREAM = ("pelican", "jinja2", "feedgenerator", "markdown")


def own_names(tree, upstream_names: set[str]) -> dict[ast.AST, set[str]]:
    """Class node -> the names it defines itself (methods, class attributes, ``self.x =``).
    A class derived from an upstream class (``class X(MarkdownReader)``) defines none:
    its private names are the upstream class's."""
    out = {}
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef):
            roots = {b.id if isinstance(b, ast.Name) else getattr(b.value, "id", None) for b in cls.bases}
            names = set()
            if not roots & upstream_names:
                for node in ast.walk(cls):
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        names.add(node.name)
                    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        names.add(node.id)
                    elif (
                        isinstance(node, ast.Attribute)
                        and isinstance(node.ctx, ast.Store)
                        and isinstance(node.value, ast.Name)
                        and node.value.id == "self"
                    ):
                        names.add(node.attr)
            out[cls] = names
    return out


def touches(path) -> list[str]:
    """Every place in ``path`` that reaches into a private upstream API."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    upstream_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(PRIVATE_MODULES) or node.module.split(".")[0] in UPSTREAM and (
                {a.name for a in node.names} & PRIVATE_IMPORTS
            ):
                found.append(f"line {node.lineno}: from {node.module} import ...")
            if node.module.split(".")[0] in UPSTREAM:
                upstream_names.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(PRIVATE_MODULES):
                    found.append(f"line {node.lineno}: import {a.name}")
                if a.name.split(".")[0] in UPSTREAM:
                    upstream_names.add((a.asname or a.name).split(".")[0])

    classes = own_names(tree, upstream_names)

    def enclosing_class_defines(node, name):
        return any(name in names and any(n is node for n in ast.walk(cls)) for cls, names in classes.items())

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            on_self = isinstance(node.value, ast.Name) and node.value.id == "self"
            if node.attr in PRIVATE_ATTRS and not (on_self and enclosing_class_defines(node, node.attr)):
                found.append(f"line {node.lineno}: .{node.attr}")
            if node.attr in PATCHED_NAMES and isinstance(node.ctx, ast.Store):
                found.append(f"line {node.lineno}: .{node.attr} = ...")
            if (
                isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in upstream_names
            ):
                found.append(f"line {node.lineno}: {node.value.id}.{node.attr} = ... (patches an upstream class)")
        elif isinstance(node, ast.Constant) and node.value in PRIVATE_ATTRS:
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


def plugin_modules():
    return sorted(p for p in PLUGINS.rglob("*.py") if p != INTERNALS)


def test_only_pelican_internals_touches_private_upstream_apis():
    offenders = {str(p.relative_to(ROOT)): found for p in plugin_modules() if (found := touches(p))}
    assert offenders == {}


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The scan above would notice each kind of private access (so an empty result means something)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from pelican.contents import Content\n"
        "from jinja2.runtime import Context\n"
        "from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED\n"
        "def f(content, writer):\n"
        "    content._content = '<p>'\n"
        "    getattr(writer, '_written_files', ())\n"
        "    Content.get_url_setting = None\n"
        "class Own:\n"
        "    def _content(self):\n"
        "        return self._content\n"
        "class Mine(Content):\n"
        "    def set(self):\n"
        "        self._content = ''\n",
        encoding="utf-8",
    )
    found = touches(sample)
    assert [f.split(":")[0] for f in found].count("line 5") == 1
    assert any("jinja2.runtime" in f for f in found)
    assert any("DUPLICATES_DEFINITIONS_ALLOWED" in f or "pelican.readers" in f for f in found)
    assert any("'_written_files'" in f for f in found)
    assert any("Content.get_url_setting" in f for f in found)
    assert not any(f.startswith("line 10:") for f in found)  # a class's own private name
    assert any(f.startswith("line 13:") for f in found)  # Content's, in a subclass


@pytest.mark.parametrize(
    ("dist", "version", "expected"),
    [
        ("pelican", "4.13.0", "pelican 4.13.0 terpasang, padahal kit ini ditulis untuk 4.12.x"),
        ("jinja2", "3.2.0", "jinja2 3.2.0 terpasang, padahal kit ini ditulis untuk 3.1.x"),
        ("feedgenerator", "3.0", "feedgenerator 3.0 terpasang, padahal kit ini ditulis untuk 2.x"),
    ],
)
def test_check_refuses_a_version_it_was_not_written_for_in_indonesian(monkeypatch, dist, version, expected):
    import pelican_internals

    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda d: version if d == dist else real(d))
    with pytest.raises(pelican_internals.UnsupportedVersion) as refused:
        pelican_internals.check()
    message = str(refused.value)
    assert message.startswith("Build dihentikan: versi pustaka tidak cocok dengan kit ini.")
    assert expected in message
    assert "requirements.lock" in message


def test_check_refuses_a_missing_library_in_indonesian(monkeypatch):
    import pelican_internals

    real = metadata.version

    def version(dist):
        if dist == "feedgenerator":
            raise metadata.PackageNotFoundError(dist)
        return real(dist)

    monkeypatch.setattr(metadata, "version", version)
    with pytest.raises(pelican_internals.UnsupportedVersion, match="feedgenerator tidak terpasang"):
        pelican_internals.check()


def test_memoized_date_formatting_and_slugs_give_what_pelican_gives():
    """The memo keys hold everything the result depends on: the same instant in two
    zones (equal datetimes) formats differently, and so do other slug substitutions."""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    import pelican.contents
    import pelican.utils

    import pelican_internals

    pelican_internals.apply()
    assert pelican.utils.strftime is pelican_internals.strftime
    assert pelican.contents.slugify is pelican_internals.slugify
    jakarta = pelican.utils.SafeDatetime(2026, 11, 29, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    utc = jakarta.astimezone(timezone.utc)
    assert jakarta == utc
    for moment in (jakarta, utc, jakarta):  # the second call of each comes from the memo
        for fmt in ("%Y/%m/%d %H %Z", "%-d %B %Y"):
            assert moment.strftime(fmt) == pelican_internals._upstream_strftime(moment, fmt)
    assert jakarta.strftime("%H %Z") == "09 WIB" and utc.strftime("%H %Z") == "02 UTC"
    subs = [[r"[^\w\s-]", ""], [r"[-\s]+", "-"]]
    assert pelican_internals.slugify("Posyandu & Gizi", subs) == "posyandu-gizi"
    assert pelican_internals.slugify("Posyandu & Gizi", [[r"[-\s]+", "_"]]) == "posyandu_&_gizi"
    assert pelican_internals.slugify("Posyandu & Gizi", subs, preserve_case=True) == "Posyandu-Gizi"


def test_linear_translations_give_what_pelican_gives(caplog):
    """Originals, translations, each item's translations and the warnings Pelican gives,
    for items in two languages, a slug in two variants of one language, a
    translation-only slug and a multi-key translation id."""
    import random
    import types

    import pelican.generators

    import pelican_internals

    def items(run):
        # Pelican logs a repeated warning once: each run names its files differently.
        def item(slug, lang, translation="false", n=0):
            return types.SimpleNamespace(slug=slug, lang=lang, in_default_lang=lang == "id", status="published",
                                         source_path=f"{run}/{slug}-{lang}-{n}.md", metadata={"translation": translation})

        made = [item(f"berita-{i}", "id", n=i) for i in range(30)]
        made += [item("berita-3", "en"), item("berita-5", "en", "true"), item("dua-kali", "id", n=1),
                 item("dua-kali", "id", n=2), item("hanya-terjemahan", "en", "true")]
        random.Random(7).shuffle(made)
        return made

    def shape(result, run):
        index, translations = result
        name = lambda x: x.source_path.removeprefix(f"{run}/")  # noqa: E731
        return ([name(x) for x in index], [name(x) for x in translations],
                {name(x): [name(t) for t in x.translations] for x in index + translations})

    def messages(run):
        return [r.getMessage().replace(f"{run}/", "") for r in caplog.records]

    pelican_internals.apply()
    assert pelican.generators.process_translations is pelican_internals.process_translations
    for key in ("slug", ("slug", "status")):
        caplog.clear()
        ours = shape(pelican_internals.process_translations(items(f"ours{key}"), key), f"ours{key}")
        warned = messages(f"ours{key}")
        caplog.clear()
        upstream = shape(pelican_internals._process_translations(items(f"up{key}"), key), f"up{key}")
        assert ours == upstream and messages(f"up{key}") == warned
        assert len(warned) == 3  # "dua-kali" twice in one language (two warnings), the translation-only slug
    assert pelican_internals.process_translations(items("none"), None)[1] == []


def test_the_content_folders_are_listed_as_upstream_lists_them(tmp_path, caplog):
    """The files a generator reads, with ``IGNORE_FILES`` matched at once, are the files
    upstream's matching gives; with no disabled reader nothing is walked for one, and a
    disabled reader's files are still warned about."""
    import logging

    import pelican.generators
    from pelican.readers import BaseReader, Readers
    from pelican.settings import DEFAULT_CONFIG

    import pelican_internals

    names = ["a.md", ".#a.md", "a.md~", "#a.md#", ".a.md.swp", "a.rst", "a.html", "b.MD", "c.md.txt", "[x].md", "d.markdown"]
    for folder in ("berita", "berita/.git", "halaman"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (tmp_path / folder / name).write_text("x", encoding="utf-8")
    pelican_internals.apply()
    Generator = pelican.generators.Generator
    assert Generator._include_path is pelican_internals.include_path
    for patterns in ([".*", "*~", "#*#", "*.swp"], ["[[]x].md", "*.rst", "*.MD"], []):
        settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path), "IGNORE_FILES": patterns, "READERS": {"html": None}}
        generator = Generator(context={}, settings=settings, path=str(tmp_path), theme="", output_path=str(tmp_path / "o"))
        ours = generator.get_files([""])
        Generator._include_path = pelican_internals._include_path_upstream
        try:
            upstream = generator.get_files([""])
        finally:
            Generator._include_path = pelican_internals.include_path
        assert ours == upstream and any(f.endswith("a.md") for f in ours), (patterns, sorted(ours))
    walked = []
    original = Generator.get_files
    Generator.get_files = lambda self, *a, **k: walked.append(a) or original(self, *a, **k)
    try:
        generator._check_disabled_readers([""], [])
        assert walked == []

        class Dimatikan(BaseReader):
            def disabled_message(self):
                return "pembacanya dimatikan"

        generator.readers = Readers(settings)
        generator.readers.disabled_readers = {"rst": Dimatikan(settings)}
        with caplog.at_level(logging.WARNING):
            generator._check_disabled_readers([""], [])
        said = sorted(r.getMessage() for r in caplog.records if r.getMessage().endswith("dimatikan"))
        assert walked and said == [f"{folder}/a.rst: pembacanya dimatikan" for folder in ("berita/.git", "berita", "halaman")
                                   ], said  # (no IGNORE_FILES in the last settings: .git/ is listed)
    finally:
        Generator.get_files = original
