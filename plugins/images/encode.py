"""Planning and encoding of image derivatives, free of Pelican.

`plan()` reads only the header of a source image (size, EXIF orientation) and the
bytes for the content hash, and says which files will exist: a few widths in WebP
and JPEG, never wider than the source, and a 1200×630 social card. `encode()` writes
those files into a cache folder; it runs in worker processes and never raises: a
failure comes back as a message for a content error.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from common.store import Store, content_key
from content.nama import published_path

# Bump when the encoding code changes in a way that changes the output files. It stands
# for the code version in the cache's salt (``fingerprint``): the keys name published
# files, so a digest of the package's code would rename every image on any edit.
# tests/test_images.py records the bytes made of one fixed picture per version and
# fails when they change while the version stays.
ENCODER_VERSION = 1
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
ORIENTATION_TAG = 0x0112
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 75
    jpeg_quality: int = 80
    og_size: tuple[int, int] = (1200, 630)
    max_pixels: int = 40_000_000

    def fingerprint(self) -> str:
        data = {**asdict(self), "version": ENCODER_VERSION, "pillow": Image.__version__}
        data.pop("max_pixels")
        return json.dumps(data, sort_keys=True)


@dataclass
class Plan:
    """What one source image becomes. ``files`` maps a cache file name to its size."""

    source: str  # absolute path of the source file
    rel: str  # path under content/, e.g. images/berita/rakor.jpg
    key: str  # content hash of source bytes + settings
    width: int  # oriented size of the source
    height: int
    widths: list[int] = field(default_factory=list)
    sizes: dict[int, tuple[int, int]] = field(default_factory=dict)
    og: tuple[int, int] | None = None
    keep_format: str | None = None  # branding assets: same format and size, metadata removed

    def cache_files(self) -> list[str]:
        if self.keep_format:
            return ["asset"]
        names = [f"{w}.{ext}" for w in self.widths for ext in ("webp", "jpg")]
        return names + (["og.jpg"] if self.og else [])

    def output_name(self, cache_name: str) -> str:
        """Where a cache file is published, beside the source: rakor-960.1a2b3c4d.webp."""
        if self.keep_format:
            return self.rel
        # Published under a slugged name (content.nama): "Foto Rapat 01.JPG" has spaces,
        # and a space separates the candidates of srcset.
        published = Path(published_path(self.rel))
        stem, folder = published.stem, str(published.parent)
        label, ext = cache_name.split(".")
        name = f"{stem}-{label}.{self.key[:10]}.{ext}"
        return name if folder == "." else f"{folder}/{name}"


class ImageProblem(Exception):
    """A source image that cannot be published; the message is for the author."""


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_image(path: Path, max_pixels: int):
    """Image.open with the pixel limit; raises ImageProblem with an Indonesian message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path)
            width, height = im.size
    except Image.DecompressionBombError:
        raise ImageProblem(f"terlalu besar untuk dibuka dengan aman (batas {max_pixels // 1_000_000} megapiksel)") from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for bad files
        raise ImageProblem("tidak dapat dibaca sebagai gambar (berkas rusak, terpotong, atau bukan JPEG/PNG/WebP)") from None
    if width * height > max_pixels:
        im.close()
        raise ImageProblem(
            f"terlalu besar ({width}×{height} piksel; batas {max_pixels // 1_000_000} megapiksel); perkecil dulu fotonya"
        )
    return im


def plan(path: Path, rel: str, settings: Settings, keep_format: bool = False, hasher=None) -> Plan:
    """Read the header and hash of ``path`` (``hasher``: what gives its ``file_hash``, e.g.
    a memo); raises ImageProblem for a bad file."""
    with open_image(path, settings.max_pixels) as im:
        width, height = im.size
        try:
            orientation = im.getexif().get(ORIENTATION_TAG, 1)
        except Exception:  # noqa: BLE001 - a broken EXIF block: no rotation
            orientation = 1
        fmt = im.format
    if orientation in ROTATED:
        width, height = height, width
    key = content_key((hasher or file_hash)(path), settings.fingerprint(), str(keep_format))
    p = Plan(source=str(path), rel=rel, key=key, width=width, height=height)
    if keep_format:
        p.keep_format = fmt if fmt in ("PNG", "JPEG", "WEBP", "GIF") else "PNG"
        p.widths, p.sizes = [width], {width: (width, height)}
        return p
    widths = sorted({w for w in settings.widths if w < width} | {min(width, max(settings.widths))})
    p.widths = widths
    p.sizes = {w: (w, max(1, round(height * w / width))) for w in widths}
    p.og = og_size(width, height, settings.og_size)
    return p


def og_size(width: int, height: int, target: tuple[int, int]) -> tuple[int, int]:
    """Social card size: the target ratio, never larger than the source allows."""
    tw, th = target
    crop_w, crop_h = og_crop(width, height, target)[2:]
    if crop_w >= tw:
        return tw, th
    return max(1, math.floor(crop_w)), max(1, round(crop_w * th / tw))


def og_crop(width: int, height: int, target: tuple[int, int]) -> tuple[float, float, float, float]:
    """(left, top, crop width, crop height) of the centred crop at the target ratio."""
    ratio = target[0] / target[1]
    if width / height > ratio:
        cw, ch = height * ratio, float(height)
    else:
        cw, ch = float(width), width / ratio
    return (width - cw) / 2, (height - ch) / 2, cw, ch


# --- Encoding (worker processes) ---------------------------------------------------


def to_srgb(im: Image.Image) -> Image.Image:
    """Colours converted to sRGB through the embedded ICC profile when there is one;
    palette, grey and CMYK images become RGB, or RGBA when they carry transparency."""
    has_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info
    target = "RGBA" if has_alpha else "RGB"
    if im.mode == "P" or im.mode == "PA":
        im = im.convert("RGBA" if has_alpha else "RGB")
    elif im.mode in ("1", "I", "I;16", "I;16B", "I;16L", "F"):
        im = im.convert("L")
    if im.mode == "LA":
        im = im.convert("RGBA")
    icc = im.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = target if im.mode != "CMYK" else "RGB"
            converted = ImageCms.profileToProfile(im, source, SRGB, outputMode=mode)
            if converted is not None:
                return converted
        except Exception:  # noqa: BLE001 - a broken profile: fall back to a plain conversion
            pass
    return im if im.mode == target else im.convert(target)


def flatten(im: Image.Image) -> Image.Image:
    """JPEG has no alpha: composite on white."""
    if im.mode != "RGBA":
        return im.convert("RGB") if im.mode != "RGB" else im
    white = Image.new("RGB", im.size, (255, 255, 255))
    white.paste(im, mask=im.getchannel("A"))
    return white


def _save(im: Image.Image, path: Path, fmt: str, settings: Settings):
    im.info = {}  # never carry EXIF, XMP, IPTC or ICC into a published file
    if fmt == "WEBP":
        im.save(path, "WEBP", quality=settings.webp_quality, method=4)
    elif fmt == "JPEG":
        flatten(im).save(path, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
    elif fmt == "PNG":
        im.save(path, "PNG", optimize=True)
    elif fmt == "GIF":
        im.save(path, "GIF")
    else:
        raise ValueError(fmt)


def _load(p: Plan, settings: Settings) -> Image.Image:
    with open_image(Path(p.source), settings.max_pixels) as im:
        if not p.keep_format and im.format == "JPEG":
            # Decode at a reduced scale when the largest output allows it (DCT scaling).
            scale = max(p.widths) / p.width
            if p.og:
                scale = max(scale, p.og[0] / og_crop(p.width, p.height, settings.og_size)[2])
            if scale < 1:
                raw_w, raw_h = im.size
                im.draft(None, (math.ceil(raw_w * scale), math.ceil(raw_h * scale)))
        im.load()
        oriented = ImageOps.exif_transpose(im)
        return to_srgb(oriented)


def store(cache_dir) -> Store:
    """The derivative cache: one folder entry per key, ``<key[:2]>/<key>/``, last use on
    its ``meta.json``. (The salt is already in the keys ``plan`` made.)"""
    cache_dir = Path(cache_dir)
    return Store(cache_dir.parent, cache_dir.name, fanout=2, marker="meta.json")


def encode(p: Plan, settings: Settings, cache_dir: str) -> tuple[str, str | None]:
    """Write every file of ``p`` into ``cache_dir/<key>/``. Returns (key, problem)."""

    def fill(work: Path):
        im = _load(p, settings)
        if p.keep_format:
            _save(im, work / "asset", p.keep_format, settings)
        else:
            # Largest first, each width resized from the one before: same look, a fraction of the work.
            made, previous = {}, im
            for w in sorted(p.widths, reverse=True):
                size = p.sizes[w]
                small = previous if previous.size == size else previous.resize(size, Image.Resampling.LANCZOS)
                made[w] = previous = small
                _save(small.copy(), work / f"{w}.webp", "WEBP", settings)
                _save(small.copy(), work / f"{w}.jpg", "JPEG", settings)
            if p.og:
                left, top, cw, ch = og_crop(p.width, p.height, settings.og_size)
                base = min((made[w] for w in made if cw * w / p.width >= p.og[0]), key=lambda i: i.width, default=im)
                fx, fy = base.width / p.width, base.height / p.height
                box = (left * fx, top * fy, (left + cw) * fx, (top + ch) * fy)
                card = base.resize(p.og, Image.Resampling.LANCZOS, box=box)
                _save(card, work / "og.jpg", "JPEG", settings)
        (work / "meta.json").write_text(json.dumps({"source": p.rel, "files": p.cache_files()}))

    try:
        store(cache_dir).put_folder(p.key, fill)
    except ImageProblem as exc:
        return p.key, str(exc)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a content error
        return p.key, f"gagal diolah ({type(exc).__name__}: {exc}); simpan ulang fotonya sebagai JPEG atau PNG"
    return p.key, None


def cached(p: Plan, cache_dir: str) -> Path | None:
    return store(cache_dir).folder(p.key)


def prune(cache_dir, used: set[str], days: float) -> int:
    """Mark the entries of ``used`` keys as used now and delete the entries no build has
    used for ``days`` days (and unfinished ``.tmp-`` folders as old); returns how many
    were deleted. Age, not this build's set alone, decides: ``publish`` with other
    encoding settings, or another branch in CI, shares the cache."""
    return store(cache_dir).prune(used, days)
