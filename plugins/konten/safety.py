"""Checks that protect readers and the people written about: script in raw HTML,
embeds from unknown hosts, NIK-like numbers, and image files that are broken or
too large to decode safely."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import markdown
from PIL import Image

DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_EMBED_HOSTS = ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background")
EMBED_TAGS = ("iframe", "object", "embed", "frame")

# Indonesian province codes (first two digits of a NIK).
PROVINCES = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
             61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
NIK_RE = re.compile(r"(?<![\d])(\d{4})[ .-]?(\d{4})[ .-]?(\d{4})[ .-]?(\d{4})(?![\d])")


def looks_like_nik(text: str) -> str | None:
    """The first NIK-like number in text: 16 digits with a real province code and a
    plausible birth date (day 01-31, or 41-71 for women; month 01-12)."""
    if sum(map(text.count, "0123456789")) < 16:  # fast: most texts hold fewer digits than one NIK
        return None
    for m in NIK_RE.finditer(text):
        digits = "".join(m.groups())
        province, day, month = int(digits[:2]), int(digits[6:8]), int(digits[8:10])
        if province in PROVINCES and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12:
            return m.group(0)
    return None


def mask(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[:4] + "…" + digits[-2:]


def image_problem(path: Path, settings: dict) -> str | None:
    """None when the file is an image Pillow can decode within the pixel limit."""
    limit = int(settings.get("IMAGE_MAX_PIXELS") or DEFAULT_MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
                if width * height > limit:
                    return f"terlalu besar ({width}×{height} piksel; batas {limit // 1_000_000} megapiksel); perkecil dulu fotonya"
                im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                im.load()
    except Image.DecompressionBombError:
        return f"terlalu besar untuk dibuka dengan aman (batas {limit // 1_000_000} megapiksel); perkecil dulu fotonya"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for bad files
        return "tidak dapat dibaca sebagai gambar (berkas rusak, terpotong, atau bukan JPEG/PNG/WebP)"
    return None


class BodyChecker:
    def __init__(self, settings: dict, content: Path):
        self.settings = settings
        self.content = content
        self.hosts = tuple(h.lower() for h in settings.get("EMBED_ALLOWED_HOSTS", DEFAULT_EMBED_HOSTS))
        self._md_settings = settings.get("MARKDOWN") or {}
        self._md = None
        self.deps: set[Path] | None = None  # files a body refers to, noted for the validation cache

    def render(self, text: str) -> str:
        if self._md is None:
            conf = self._md_settings
            self._md = markdown.Markdown(
                extensions=list(conf.get("extension_configs", {})) + list(conf.get("extensions", [])),
                extension_configs=conf.get("extension_configs", {}),
                output_format="html5",
            )
        self._md.reset()
        return self._md.convert(text)

    def problems(self, item, src):
        """Yield (key, message) for the item's body and metadata."""
        if item.values.get("izinkan-nik") != "ya":
            yield from self.nik_problems(item, src)
        body = src.body
        if self.may_hold_html(body) or "![" in body:
            yield from self.html_problems(item, self.render(body))
        # Metadata is shown on pages too (and Summary is rendered as Markdown).
        for name, raw in src.meta.items():
            if self.may_hold_html(raw) or (name == "summary" and "![" in raw):
                key = src.keys.get(name, name)
                html = self.render(raw) if name == "summary" else raw
                yield from ((key, m) for _, m in self.html_problems(item, html))

    @staticmethod
    def may_hold_html(text: str) -> bool:
        return "<" in text or "&" in text or "script" in text.lower()

    def nik_problems(self, item, src):
        hint = "hapus atau samarkan nomor itu; bila memang bukan NIK, tambahkan Izinkan-NIK: ya"
        for name, raw in src.meta.items():
            found = looks_like_nik(raw)
            if found:
                yield src.keys.get(name, name), f"berisi nomor mirip NIK ({mask(found)}); {hint}"
        for doc in item.values.get("dokumen", ()):
            found = looks_like_nik(Path(doc).name)
            if found:
                yield "Dokumen", f"nama berkas {Path(doc).name} berisi nomor mirip NIK; ganti nama berkasnya"
        found = looks_like_nik(src.body)
        if found:
            yield "isi", f"teks berisi nomor mirip NIK ({mask(found)}); {hint}"

    def html_problems(self, item, html: str):
        if not html.strip():
            return
        try:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        except Exception:  # noqa: BLE001 - lxml rejects some inputs outright
            yield "isi", "HTML di dalam teks tidak dapat dibaca; hapus kode HTML dan tulis dengan Markdown"
            return
        for el in root.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            tag = tag.lower()
            if tag == "script":
                yield "isi", "berisi <script>; kode yang berjalan di peramban pembaca tidak diizinkan, hapus tag itu"
                continue
            for attr, value in el.attrib.items():
                attr = attr.lower()
                if attr.startswith("on"):
                    yield "isi", f"tag <{tag}> memakai atribut {attr}=; skrip di atribut tidak diizinkan, hapus atribut itu"
                elif attr in URL_ATTRS and self.is_script_url(value):
                    yield "isi", f"tag <{tag}> berisi tautan javascript:; tautan seperti itu tidak diizinkan"
            if tag in EMBED_TAGS:
                src = el.get("src") or el.get("data") or ""
                host = (urlsplit(src).hostname or "").lower()
                if not host or not any(host == h or host.endswith("." + h) for h in self.hosts):
                    allowed = ", ".join(self.hosts)
                    yield "isi", f"sematan <{tag}> dari \"{host or src or '(kosong)'}\" tidak diizinkan; host yang boleh: {allowed}"
            if tag == "img":
                yield from self.body_image(item, el)

    @staticmethod
    def is_script_url(value: str) -> bool:
        cleaned = re.sub(r"[\x00-\x20]", "", unquote(value)).lower()
        return cleaned.startswith(("javascript:", "vbscript:", "data:text/html"))

    def body_image(self, item, el):
        src = el.get("src") or ""
        if not (el.get("alt") or "").strip():
            yield "isi", f"gambar {src} tidak punya teks alternatif; tulis ![deskripsi gambar]({src})"
        if urlsplit(src).scheme or src.startswith("//"):
            return  # a remote image: nothing on disk to check
        path, from_root = unquote(src), src.startswith("/")
        for prefix in ("{static}", "{attach}"):
            if path.startswith(prefix):
                path, from_root = path[len(prefix):], True
        try:
            target = (self.content / path.lstrip("/") if from_root else item.path.parent / path).resolve()
            outside = not target.is_relative_to(self.content)
            missing = outside or not target.is_file()
        except (OSError, ValueError):
            yield "isi", f"gambar {src[:80]} bukan lokasi berkas yang sah"
            return
        if self.deps is not None and not outside:
            self.deps.add(target)
        if outside:
            yield "isi", f"gambar {src} berada di luar folder content/"
        elif missing:
            yield "isi", f"gambar {src} tidak ditemukan di dalam content/"
        else:
            message = image_problem(target, self.settings)
            if message:
                yield "isi", f"gambar {src} {message}"
