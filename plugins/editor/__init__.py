"""editor: the web editor for OPD staff under ``admin/`` (Decap CMS).

A post-build step (``POST_BUILD_STEPS``: ``"editor:tulis"``, after the
precompression step, which it does for its own files: the bundle's copies are made once
in the cache) writes into the finished output:

- ``admin/index.html``: the editor page (no inline script), carrying the editor's
  Content-Security-Policy (``publish.csp.editor_meta``) as a meta, for hosts that send no
  header; nginx sends the same policy for ``/admin/`` (``$redaksi_csp``);
- ``admin/decap-cms-<version>/``: the pinned editor bundle (paket.py);
- ``admin/config.yml``: the configuration generated from the schema (konfigurasi.py);
- ``admin/skema.js``: key order and list keys of each type for the ``Key: Value``
  format, and the site's stylesheet for the preview; loaded first, it holds Decap's
  automatic start (``CMS_MANUAL_INIT``);
- ``admin/alamat.json``: the address of each published item by its file (``derive``),
  read at the save of an item the site publishes;
- ``admin/situs-cms.js``: the format, the Indonesian interface and the preview, then
  the start (``CMS.init``): the configuration is read only once they are registered,
  however slowly the scripts arrive.

Running after the site is written, it never reaches the sitemap or the search index,
and changes nothing else in the output.
"""

from __future__ import annotations

import json
import os
import shutil
from html import escape
from pathlib import Path

from common.files import CacheLock
from common.urls import OPD_FOLDERS, reserved_slugs
from common.store import Store, code_version, value_key
from content import registry as kregistry
from content import berkas, safety
from content.schema import ALAMAT_LAMA, HALAMAN, PLACEHOLDER_RE
from content.validate import ContentError, Problem
from publish import csp

from . import konfigurasi, paket

HERE = Path(__file__).resolve().parent
ADMIN = "admin"
LOCK = ".sedang-dipakai.lock"  # a CacheLock in the editor's cache folder


PROJECT = HERE.parent.parent


def cache_path(settings) -> Path:
    """The bundle does not depend on the content: by default one cache for every site
    built with this kit, ``cache/redaksi`` in the kit's folder (git-ignored); a site made
    by situs-baru sets its own ``cache/redaksi``, which its CI keeps (its ``kit/`` is
    cloned afresh on every run)."""
    return Path(settings.get("REDAKSI_CACHE_PATH") or PROJECT / "cache" / "redaksi")


def stylesheet(output: Path) -> str:
    """The site's stylesheet as written (fingerprinted when ASSET_FINGERPRINT is on)."""
    css = output / "theme" / "css"
    found = sorted(p.name for p in css.glob("situs.*.css")) if css.is_dir() else []
    name = next((n for n in found if n.count(".") == 2), "situs.css")
    return f"../theme/css/{name}"


def page(settings) -> str:
    title = escape(f"Editor konten · {settings.get('SITENAME', '')}")
    bundle = f"{paket.FOLDER}/decap-cms.js"
    policy = escape(csp.editor_meta(settings))
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="skema.js"></script>
<script src="{bundle}"></script>
<script src="situs-cms.js"></script>
</body>
</html>
"""


def _link_tree(src: Path, dst: Path, compressed: bool):
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if not f.is_file() or f.name.startswith(".") or (not compressed and f.suffix in (".gz", ".br")):
            continue
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)


def _precompress_options(settings):
    from publish import DEFAULTS

    return (
        tuple(settings.get("PRECOMPRESS_EXTENSIONS", DEFAULTS["PRECOMPRESS_EXTENSIONS"])),
        int(settings.get("PRECOMPRESS_MIN_SIZE", DEFAULTS["PRECOMPRESS_MIN_SIZE"])),
        float(settings.get("PRECOMPRESS_MAX_RATIO", DEFAULTS["PRECOMPRESS_MAX_RATIO"])),
        settings.get("PRECOMPRESS_GZIP", DEFAULTS["PRECOMPRESS_GZIP"]),
    )


def _precompress(files, options):
    from publish.compress import compress_file

    exts, min_size, max_ratio, encoder = options
    suffixes = {"." + e.lower().lstrip(".") for e in exts}
    for f in files:
        if f.suffix.lower() in suffixes:
            compress_file(str(f), min_size, max_ratio, encoder)


def _precompressed_bundle(bundle: Path, options) -> None:
    """The bundle's .gz/.br copies, made once in the cache (about a minute of brotli
    for 6 MB of script) and linked into every production build after that."""
    stamp = bundle / ".precompress"
    if stamp.is_file() and stamp.read_text() == repr(options):
        return
    for f in bundle.iterdir():
        if f.suffix in (".gz", ".br"):
            f.unlink()
    _precompress(sorted(f for f in bundle.iterdir() if f.is_file() and not f.name.startswith(".")), options)
    stamp.write_text(repr(options))


_last_yaml: tuple[bytes, str] | None = None  # (key of a config, its YAML)
LAST_YAML = "config-yml"  # the last configuration's YAML in the editor's cache folder


def _dump(conf: dict) -> str:
    # Imported here: a build whose configuration did not change (``_yaml``) does not dump
    # it, and the import alone was 50 ms of each such build.
    import yaml

    class Dumper(yaml.SafeDumper):
        """Plain YAML without anchors and aliases for the shared choice lists."""

        def ignore_aliases(self, data):
            return True

    return yaml.dump(conf, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _yaml(conf: dict, cache: Path | None = None) -> str:
    """The editor's configuration as YAML. Every build writes admin/, almost always with
    the same configuration: dumping it (about 9 500 YAML nodes, pure Python, about 0.2 s
    here) is done again only when it changed. The last YAML is kept in the
    process (the preview builds again in the same one) and in ``cache``, the editor's
    cache folder (a one-off build), under the editor's code version."""
    global _last_yaml
    key = value_key(conf)
    if key is None:
        return _dump(conf)
    if _last_yaml is None or _last_yaml[0] != key:
        store = Store(cache.parent, cache.name, code_version("editor")) if cache is not None else None
        stored = store.load(LAST_YAML) if store is not None else None
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            _last_yaml = stored
        else:
            _last_yaml = (key, _dump(conf))
            if store is not None:
                try:
                    store.save(LAST_YAML, _last_yaml)
                except OSError:  # a cache folder that cannot be written: the next build dumps it again
                    pass
    return _last_yaml[1]


def spelled(char: str) -> str:
    """How python-slugify spells one character of a title (its transliteration backend,
    unidecode or text-unidecode; the quotes it makes dropped, as it drops them)."""
    try:
        import unidecode as backend
    except ImportError:
        import text_unidecode as backend
    return backend.unidecode(char).replace("'", "")


def derive(run, generators):
    """The letters of the site's titles that are no ASCII, each as the build's slug spells
    it (``REDAKSI_HURUF``, written into skema.js by ``tulis``): the form's slug of an item
    made before, saved with its title unchanged, is then the address the build gave it
    ("36°C" is "36degc", not "36-c": an edit no longer moves a page whose link was shared).
    A new item's slug is written at its first save, whatever its letters."""
    if not run.settings.get("REDAKSI_ENABLED", True) or run.report is None:
        return
    letters = {c for item in run.report.items for c in str(item.values.get("title") or "") if not c.isascii()}
    run.settings["REDAKSI_HURUF"] = {c: spelled(c) for c in sorted(letters)}
    # The address each published item has, by its file as the editor names it, for the
    # types that keep former addresses (``REDAKSI_ALAMAT``, written as admin/alamat.json
    # by ``tulis``): a save that moves an item (its date in another month, another OPD)
    # adds the address it had to its Alamat-Lama, and an item made before without a Slug
    # keeps its own (situs-cms.js, ``preSave``).
    content = len(os.path.join(os.path.abspath(run.settings["PATH"]), ""))  # items' paths are absolute, under it
    run.settings["REDAKSI_ALAMAT"] = {
        konfigurasi.CONTENT + "/" + str(item.path)[content:].replace(os.sep, "/"): item.url
        for item in run.report.items if item.published and item.url and ALAMAT_LAMA.name in item.ctype.keys
    }


def tulis(output, settings):
    """Write admin/ into the finished output (a POST_BUILD_STEPS step)."""
    if not settings.get("REDAKSI_ENABLED", True):
        return
    output = Path(output)
    compressed = bool(settings.get("PRECOMPRESS", False))
    options = _precompress_options(settings) if compressed else None
    admin = output / ADMIN
    admin.mkdir(exist_ok=True)
    cache = cache_path(settings)
    cache.mkdir(parents=True, exist_ok=True)
    # One build at a time unpacks, compresses or links the bundle (builds of several sites
    # share the cache): none links a file another is replacing.
    with CacheLock(cache / LOCK, exclusive=True):
        try:
            bundle = paket.unpacked(cache)
        except paket.PaketError as exc:
            raise ContentError([Problem("pelicanconf.py", "REDAKSI_ENABLED", str(exc))]) from None
        if compressed:
            _precompressed_bundle(bundle, options)
        _link_tree(bundle, admin / paket.FOLDER, compressed)
    reg, _ = kregistry.load(settings["PATH"])  # problems are reported by validation
    try:
        conf = konfigurasi.config(settings, reg)
    except konfigurasi.SettingError as exc:
        raise ContentError([Problem("pelicanconf.py", *exc.args)]) from None
    (admin / "config.yml").write_text(
        "# Dibuat dari plugins/content/schema.py oleh plugins/editor; jangan disunting.\n" + _yaml(conf, cache_path(settings)),
        encoding="utf-8",
    )
    skema = {
        "formats": konfigurasi.format_tables(),
        "formatOf": {c["name"]: c["format"] for c in conf["collections"]},  # every collection, its format
        "stylesheet": stylesheet(output),
        "huruf": settings.get("REDAKSI_HURUF") or {},  # see derive
        # What content.safety refuses in any text, for the form to say before a save (a NIK
        # committed to a review branch is already out): its patterns, not a copy of them.
        "nik": {"rantai": safety.DIGIT_CHAIN.pattern, "provinsi": sorted(safety.PROVINCES)},
        "bidi": safety.BIDI.pattern,
        "contoh": PLACEHOLDER_RE.pattern,  # a scaffold's example text (`./run.sh new`), refused unless a draft
        # An uploaded file's format by its name (content.berkas.FORMATS: its name and kind),
        # for the form to read its first bytes before the upload; a photo's pixel limit.
        "format": {ext.lstrip("."): {"nama": name, "jenis": kind} for ext, (name, kind) in berkas.FORMATS.items()},
        "piksel": int(settings.get("IMAGE_MAX_PIXELS") or safety.DEFAULT_MAX_PIXELS),
        # The addresses a static page may not take (the site's own folders; under an OPD's
        # folder, its lists'), as validation refuses them: said before the save.
        "dipakai": {"format": konfigurasi.format_name(HALAMAN), "situs": sorted(reserved_slugs(settings)),
                    "opd": sorted(OPD_FOLDERS)},
    }
    (admin / "skema.js").write_text(
        # Loaded before the bundle: Decap would otherwise start as soon as it has run, and
        # on a slow connection take its configuration before situs-cms.js registered
        # the content format and the Indonesian interface; situs-cms.js starts it.
        "window.CMS_MANUAL_INIT = true;\n"
        "window.SITUS_SKEMA = " + json.dumps(skema, ensure_ascii=False, indent=1) + ";\n", encoding="utf-8"
    )
    (admin / "alamat.json").write_text(
        json.dumps(settings.get("REDAKSI_ALAMAT") or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        encoding="utf-8")
    shutil.copyfile(HERE / "static" / "situs-cms.js", admin / "situs-cms.js")
    (admin / "index.html").write_text(page(settings), encoding="utf-8")
    if compressed:
        _precompress([f for f in admin.iterdir() if f.is_file()], options)
