"""images: responsive, private, cached images.

Every image a published page uses (the news ``Image`` field, ``<img>`` in Markdown
bodies, the site logo) is published only as re-encoded files: a few widths in WebP
with a JPEG fallback and a 1200×630 social card, EXIF/XMP/IPTC removed after the
orientation is applied, colours in sRGB. The original is never copied. Derivatives
are cached by content hash + encoding settings, so a warm build encodes nothing.

Attributes handed to templates and other plugins:
- ``article.foto``: picture data of the lead photo (see markup.picture_data) and its
  markup (``source``, ``img``: attribute lists, see markup.lead_picture), or None;
- ``article.og_image`` (site-relative path), ``og_image_width``, ``og_image_height``.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pelican.contents import Static

import pelican_internals
from common.paths import display_path
from common.stamps import FileDigests
from content import kemajuan
from content.validate import ContentError, Problem

from . import encode, markup

logger = logging.getLogger(__name__)

MEMORY_KEY = "images.hashes"

DEFAULTS = {
    "GAMBAR_WIDTHS": (480, 960, 1600),
    "GAMBAR_SIZES": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",  # the text column (--lebar-naskah) and its margins
    "GAMBAR_FALLBACK_WIDTH": 960,
    "GAMBAR_WEBP_QUALITY": 75,
    "GAMBAR_JPEG_QUALITY": 80,
    "GAMBAR_OG_SIZE": (1200, 630),
    "GAMBAR_CACHE_PATH": None,  # default: <project>/cache/gambar, beside content/
    "GAMBAR_WORKERS": None,  # default: every core
    "GAMBAR_CACHE_DAYS": 30,  # cache entries no build used for this long are deleted
    "GAMBAR_BRANDING": None,  # default: (SITE_LOGO,)
}


@dataclass
class Stats:
    """Counts of one build, for the log line and for tests."""

    images: int = 0  # source images published
    encoded: int = 0  # encoded in this build (cache misses)
    reused: int = 0  # taken from the cache
    files: int = 0  # files written to the output
    pruned: int = 0  # cache entries deleted, unused for GAMBAR_CACHE_DAYS




@dataclass
class Run:
    settings: dict
    config: encode.Settings
    content: Path
    cache_dir: Path
    plans: dict = field(default_factory=dict)  # rel → Plan
    users: dict = field(default_factory=dict)  # rel → [(display path, key)]
    problems: list = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    # Each source's hash with its stamp, from the last build (Run.memory) and for the
    # next: an unchanged photo is not read in full again.
    hashes: FileDigests = field(default_factory=lambda: FileDigests(digest=encode.file_hash))

    def file_hash(self, path: Path) -> str:
        digest = self.hashes.of(path)
        if digest is None:
            raise FileNotFoundError(2, "berkas tidak ada", str(path))
        return digest

    def plan(self, target: Path, user: str, key: str, keep_format=False) -> encode.Plan | None:
        rel = target.resolve().relative_to(self.content.resolve()).as_posix()
        if rel not in self.plans:
            try:
                self.plans[rel] = encode.plan(target, rel, self.config, keep_format=keep_format,
                                              hasher=self.file_hash)
            except encode.ImageProblem as exc:
                self.plans[rel] = None
                self.problems.append(Problem(user, key, f"gambar {rel} {exc}"))
            except OSError as exc:
                self.plans[rel] = None
                self.problems.append(Problem(user, key, f"gambar {rel} tidak dapat dibaca ({exc.strerror})"))
        self.users.setdefault(rel, []).append((user, key))
        return self.plans[rel]

    def picture(self, p: encode.Plan, alt: str = "") -> dict:
        s = self.settings
        return markup.picture_data(p, s.get("SITEURL", ""), s["GAMBAR_SIZES"], int(s["GAMBAR_FALLBACK_WIDTH"]), alt)


def configure(run):
    settings = run.settings
    content = Path(settings["PATH"])
    cache = settings["GAMBAR_CACHE_PATH"] or content.resolve().parent / "cache" / "gambar"
    config = encode.Settings(
        widths=tuple(int(w) for w in settings["GAMBAR_WIDTHS"]),
        webp_quality=int(settings["GAMBAR_WEBP_QUALITY"]),
        jpeg_quality=int(settings["GAMBAR_JPEG_QUALITY"]),
        og_size=tuple(int(v) for v in settings["GAMBAR_OG_SIZE"]),
        max_pixels=int(settings.get("IMAGE_MAX_PIXELS") or 40_000_000),
    )
    run.images = Run(settings=settings, config=config, content=content, cache_dir=Path(cache))
    if run.memory is not None:
        run.images.hashes = FileDigests(run.memory.get(MEMORY_KEY), digest=encode.file_hash)
        run.memory[MEMORY_KEY] = run.images.hashes.new  # only this build's sources
    run.stats["gambar"] = run.images.stats


def on_content_init(build, content):
    run: Run = build.images
    if isinstance(content, Static) or not getattr(content, "source_path", None):
        return
    if getattr(content, "status", "published") == "draft":
        return
    fields = getattr(content, "fields", None) or {}
    content.foto = None
    if fields.get("image"):
        p = run.plan(run.content / fields["image"], display_path(content.source_path), "Image")
        if p is not None:
            content.foto = markup.lead_picture(run.picture(p, fields.get("image-alt") or ""))
            content.og_image = p.output_name("og.jpg")
            content.og_image_width, content.og_image_height = p.og
    body = pelican_internals.body(content)
    if body:
        # Paths made only for a body with images or links (rewrite_body calls resolve).
        def resolve(src):
            target = markup.local_path(src, run.content, Path(content.source_path).parent)
            if target is None or not target.is_file():
                return None
            p = run.plan(target, display_path(content.source_path), "isi")
            return run.picture(p) if p is not None else None

        try:
            new = markup.rewrite_body(body, resolve)
        except Exception as exc:  # noqa: BLE001 - lxml rejects some inputs; validation reports them
            logger.warning("%s: gambar di isi tidak diolah (%s)", display_path(content.source_path), exc)
            new = None
        if new is not None:
            pelican_internals.set_body(content, new)


def branding(run: Run):
    names = run.settings["GAMBAR_BRANDING"]
    if names is None:
        names = (run.settings["SITE_LOGO"],) if run.settings.get("SITE_LOGO") else ()
    for name in names:
        target = run.content / name
        if target.is_file() and target.suffix.lower() != ".svg":
            run.plan(target, "pelicanconf.py", "SITE_LOGO" if name == run.settings.get("SITE_LOGO") else "GAMBAR_BRANDING", keep_format=True)
        elif target.is_file():
            run.plans.setdefault(name, "svg")


def encode_missing(run: Run, plans: list) -> list:
    """Encode the plans not in the cache, on every core; returns problems."""
    missing = [p for p in plans if encode.cached(p, run.cache_dir) is None]
    run.stats.encoded = len(missing)
    run.stats.reused = len(plans) - len(missing)
    results = []
    workers = int(run.settings["GAMBAR_WORKERS"] or os.cpu_count() or 1)
    if len(missing) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(missing))) as pool:
            futures = [(p, pool.submit(encode.encode, p, run.config, str(run.cache_dir))) for p in missing]
            for i, (p, fut) in enumerate(futures):
                kemajuan.stage("Mengolah gambar", i, len(futures))
                try:
                    results.append(fut.result())
                except Exception as exc:  # noqa: BLE001 - a worker that died (e.g. out of memory)
                    results.append((p.key, f"gagal diolah ({type(exc).__name__}); coba bangun ulang"))
    else:
        results = [encode.encode(p, run.config, str(run.cache_dir)) for p in missing]
    by_key = {p.key: p for p in missing}
    problems = []
    for key, message in results:
        if message:
            p = by_key[key]
            for user, field_key in run.users.get(p.rel, [("?", "Image")]):
                problems.append(Problem(user, field_key, f"gambar {p.rel} {message}"))
    return problems


def publish(src: Path, dest: Path):
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        dest.unlink()
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def derive(build, generators):
    run: Run = build.images
    settings = run.settings
    branding(run)
    if run.problems:
        raise ContentError(sorted(set(run.problems)))
    plans = [p for p in run.plans.values() if isinstance(p, encode.Plan)]
    problems = encode_missing(run, plans)
    if problems:
        raise ContentError(sorted(set(problems)))
    output = Path(settings["OUTPUT_PATH"])
    for p in plans:
        folder = encode.cached(p, run.cache_dir)
        for name in p.cache_files():
            publish(folder / name, output / p.output_name(name))
            run.stats.files += 1
    for rel, p in run.plans.items():
        if p == "svg":  # vector logo: no pixels, no EXIF; published as it is
            (output / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(run.content / rel, output / rel)
            run.stats.files += 1
    run.stats.images = len(plans)
    run.stats.pruned = encode.prune(run.cache_dir, {p.key for p in plans}, float(settings["GAMBAR_CACHE_DAYS"]))
    logger.info(
        "gambar: %d gambar, %d dikodekan, %d dari cache, %d berkas terbit, %d entri cache lama dihapus",
        run.stats.images, run.stats.encoded, run.stats.reused, run.stats.files, run.stats.pruned,
    )


__all__ = ["Stats", "configure", "derive", "on_content_init"]
