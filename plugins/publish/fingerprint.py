"""Content-hashed names for theme assets.

``{{ aset('css/situs.css') }}`` returns ``<SITEURL>/theme/css/situs.<hash8>.css``
(hash8: the first 8 hex digits of the file's SHA-256) and records the file; when
Pelican has finished, each recorded file is written under that name beside the plain
copy Pelican makes. The name changes exactly when the bytes change, so the server
may cache these files for a year (``immutable``). With ``ASSET_FINGERPRINT = False``
``aset`` returns the plain URL.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import pass_context

logger = logging.getLogger(__name__)


@dataclass
class AssetManifest:
    """Theme static files (``css/situs.css``) → fingerprinted names, for one run."""

    sources: list[Path]  # the theme's static folders, searched in order
    static_dir: str  # where Pelican copies them in the output (THEME_STATIC_DIR)
    enabled: bool = True
    names: dict[str, str] = field(default_factory=dict)  # rel → fingerprinted rel

    def find(self, rel: str) -> Path | None:
        for folder in self.sources:
            path = folder / rel
            if path.is_file():
                return path
        return None

    def name(self, rel: str) -> str:
        """The output path (below the static dir) of asset ``rel``."""
        rel = rel.lstrip("/")
        if not self.enabled:
            return rel
        if rel not in self.names:
            path = self.find(rel)
            if path is None:
                logger.warning("aset: berkas tema %r tidak ditemukan di %s", rel, ", ".join(map(str, self.sources)))
                return rel
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
            stem, dot, ext = rel.rpartition(".")
            self.names[rel] = f"{stem}.{digest}.{ext}" if dot else f"{rel}.{digest}"
        return self.names[rel]

    def scan(self):
        """Name every theme asset up front: templates may be rendered in worker
        processes, so the names cannot be collected while rendering."""
        for folder in reversed(self.sources):
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        self.name(path.relative_to(folder).as_posix())
        return self

    def write(self, output_path: str | os.PathLike):
        out = Path(output_path) / self.static_dir
        for rel, hashed in sorted(self.names.items()):
            target = out / hashed
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.find(rel), target)


def install(settings) -> AssetManifest:
    """A fresh manifest for this run; templates get ``aset``."""
    theme = Path(settings["THEME"])
    sources = [theme / p for p in settings.get("THEME_STATIC_PATHS", ["static"])]
    manifest = AssetManifest(sources, settings.get("THEME_STATIC_DIR", "theme"), bool(settings["ASSET_FINGERPRINT"])).scan()

    @pass_context
    def aset(ctx, rel: str) -> str:
        siteurl = ctx.get("SITEURL", settings.get("SITEURL", ""))
        return f"{siteurl}/{manifest.static_dir}/{manifest.name(rel)}"

    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "aset": aset}
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "aset": aset}
    return manifest
