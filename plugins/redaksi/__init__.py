"""redaksi: the web editor for OPD staff under ``admin/`` (Decap CMS).

A post-build step (``POST_BUILD_STEPS``: ``"redaksi:tulis"``, before the
precompression step) writes into the finished output:

- ``admin/index.html``: the editor page (no inline script, so the CSP of
  deploy/nginx.conf's ``/admin/`` block applies as it is);
- ``admin/decap-cms-<version>/``: the pinned editor bundle (paket.py);
- ``admin/config.yml``: the configuration generated from the schema (konfigurasi.py);
- ``admin/skema.js``: key order and list keys of each type for the ``Key: Value``
  format, and the site's stylesheet for the preview;
- ``admin/situs-cms.js``: the format, the Indonesian interface and the preview.

Running after the site is written, it never reaches the sitemap or the search index,
and changes nothing else in the output.
"""

from __future__ import annotations

import json
import os
import shutil
from html import escape
from pathlib import Path

import yaml

from konten import registry as kregistry
from konten.validate import ContentError, Problem

from . import konfigurasi, paket

HERE = Path(__file__).resolve().parent
ADMIN = "admin"


PROJECT = HERE.parent.parent


def cache_path(settings) -> Path:
    """The bundle does not depend on the content: one cache for every site built with
    this kit, ``cache/redaksi`` beside pelicanconf.py (git-ignored, kept by CI)."""
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
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="{bundle}"></script>
<script src="skema.js"></script>
<script src="situs-cms.js"></script>
</body>
</html>
"""


class _Dumper(yaml.SafeDumper):
    """Plain YAML without anchors and aliases for the shared choice lists."""

    def ignore_aliases(self, data):
        return True


def _link_tree(src: Path, dst: Path):
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and not f.name.startswith("."):
            try:
                os.link(f, dst / f.name)
            except OSError:
                shutil.copy2(f, dst / f.name)


def tulis(output, settings):
    """Write admin/ into the finished output (a POST_BUILD_STEPS step)."""
    if not settings.get("REDAKSI_ENABLED", True):
        return
    output = Path(output)
    try:
        bundle = paket.unpacked(cache_path(settings))
    except paket.PaketError as exc:
        raise ContentError([Problem("pelicanconf.py", "REDAKSI_ENABLED", str(exc))]) from None
    reg, _ = kregistry.load(settings["PATH"])  # problems are reported by validation
    admin = output / ADMIN
    admin.mkdir(exist_ok=True)
    _link_tree(bundle, admin / paket.FOLDER)
    conf = konfigurasi.config(settings, reg)
    (admin / "config.yml").write_text(
        "# Dibuat dari plugins/konten/schema.py oleh plugins/redaksi; jangan disunting.\n"
        + yaml.dump(conf, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8",
    )
    skema = {
        "formats": konfigurasi.format_tables(),
        "collections": [c["name"] for c in conf["collections"]],
        "stylesheet": stylesheet(output),
    }
    (admin / "skema.js").write_text(
        "window.SITUS_SKEMA = " + json.dumps(skema, ensure_ascii=False, indent=1) + ";\n", encoding="utf-8"
    )
    shutil.copyfile(HERE / "static" / "situs-cms.js", admin / "situs-cms.js")
    (admin / "index.html").write_text(page(settings), encoding="utf-8")
