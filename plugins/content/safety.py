"""Checks that protect readers and the people written about: script in raw HTML,
embeds from unknown hosts, NIK-like numbers, and image files that are broken or
too large to decode safely."""

from __future__ import annotations

import posixpath
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import lxml.html
import markdown
from PIL import Image

from common.paths import as_under_content, folder_or_content, strip_link_prefix
from common.urls import normal_host, own_hosts

from . import berkas, html_policy, source

if TYPE_CHECKING:  # (validate imports this module)
    from .validate import Noted

DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_EMBED_HOSTS = ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")
# What python-markdown (with the extensions the kit uses) needs in a text to write
# anything but plain elements: raw HTML or an entity (``<``, ``&``), an attribute list or
# a Pelican link (``{``), an image (``![``), an inline link (``](``) or a reference
# definition, footnote or abbreviation (``]:``). A text without any of them renders to
# plain paragraphs, lists, tables and emphasis only.
MARKUP = ("<", "&", "{", "![", "](", "]:")
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "MPO"})
CONTENT_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mdown"})

# Indonesian province codes (first two digits of a NIK).
PROVINCES = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
             61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
DIGITS = b"0123456789"  # deleted from an ASCII text's bytes to count its digits (one pass in C)
# Digits a reader still reads as one number: groups joined by up to three separators
# (spaces of any kind, dots, dashes, slashes, underscores).
DIGIT_CHAIN = re.compile(r"\d+(?:[\s.\-\u2010-\u2015\u2212/_]{1,3}\d+)*")
# A date written day first (31.03.2024, 1-4-2024, 31/03/2024): never part of a NIK, whose
# groups are 2-2-2-6-4 or 4-4-4-4 when split; two of them in a range ("31.03.2024 -
# 01.04.2024") held 16 digits with a province code and a birth date.
DAY_FIRST_DATE = re.compile(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?!\d)")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BIDI_OVERRIDE = re.compile("[\u202d\u202e]")  # left-to-right and right-to-left override


readable = html_policy.readable  # one reading of text for the NIK check and the link rules


ESCAPED = re.compile(r"%(?!20)[0-9A-Fa-f]{2}")  # a percent-escape but a space's


def hidden(rel: str) -> str | None:
    """What an author is told about a file under content/ (``rel``, from there) in a hidden
    folder or with a hidden name (``.catatan.txt``): the server answers 404 for it
    (deploy/nginx.conf: every name beginning with a dot but ``.well-known``), and such a
    file is most often a private note or a tool's secret; None for any other."""
    part = next((p for p in rel.split("/") if p.startswith(".") and p not in (".", "..", ".well-known")), None)
    if part is None:
        return None
    return (f"berkas tersembunyi ({part}: namanya diawali titik): server situs tidak menyajikannya, dan berkas seperti "
            "itu biasanya catatan pribadi atau rahasia; bila memang untuk umum, ganti namanya tanpa titik di depan")


def looks_like_nik(text: str) -> str | None:
    """The first NIK-like number in text, however it is written (dots, spaces, dashes,
    groups, entities, full-width digits): 16 digits, in one group or several consecutive
    groups, with a real province code and a plausible birth date (day 01-31, or 41-71
    for women; month 01-12)."""
    if text.isascii() and (len(text) < 16 or len(text) - len(text.encode().translate(None, DIGITS)) < 16):
        return None  # fast: most texts (a field's value, a body) hold fewer digits than one NIK
    text = DAY_FIRST_DATE.sub(" tanggal ", readable(text))
    for m in DIGIT_CHAIN.finditer(text):
        groups = re.findall(r"\d+", m.group(0))
        for i in range(len(groups)):
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j])
                if total > 16:
                    break
                if total == 16 and _valid_nik("".join(groups[i:j + 1])):
                    return "".join(groups[i:j + 1])
    return None


def _valid_nik(digits: str) -> bool:
    province, day, month = int(digits[:2]), int(digits[6:8]), int(digits[8:10])
    return province in PROVINCES and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


def bidi_control(text: str) -> bool:
    """True when text holds a bidirectional control character (it can make a title or a
    file name read differently from what it is)."""
    return not text.isascii() and BIDI.search(text) is not None


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
                if im.format not in IMAGE_FORMATS:
                    return f"berformat {im.format}, bukan JPEG, PNG, WebP atau GIF; simpan ulang sebagai JPEG atau PNG"
                width, height = im.size
                if width * height > limit:
                    return f"terlalu besar ({width}×{height} piksel; batas {limit // 1_000_000} megapiksel); perkecil dulu fotonya"
                im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                im.load()
    except Image.DecompressionBombError:
        return f"terlalu besar untuk dibuka dengan aman (batas {limit // 1_000_000} megapiksel); perkecil dulu fotonya"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for bad files
        return unreadable_image(path)
    return None


# HEIF brands (the ISO box ``ftyp`` at byte 4): an iPhone's photos by default, and AVIF.
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"mif1", b"msf1", b"avif")


def unreadable_image(path: Path) -> str:
    """Why an image file cannot be read, with what to do: an iPhone's HEIC photo and a
    document given as an image are named as what they are."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        head = b""
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        kind = "AVIF" if head[8:12] == b"avif" else "HEIC (format foto bawaan iPhone)"
        return (f"berformat {kind}, yang belum dapat dibaca situs dan banyak peramban; simpan sebagai JPEG: "
                "di iPhone, Pengaturan > Kamera > Format > Paling Kompatibel untuk foto berikutnya; untuk foto ini, "
                "kirim lewat surel atau WhatsApp lalu unduh ulang, atau ekspor sebagai JPEG dari aplikasi foto")
    found = berkas.binary_format(head)
    if found and found not in ("JPEG", "PNG", "WebP"):  # a photo's own format: damaged, said below
        return f"isinya berkas {found}, bukan gambar; simpan gambarnya sebagai JPEG atau PNG"
    return "tidak dapat dibaca sebagai gambar (berkas rusak, terpotong, atau bukan JPEG/PNG/WebP)"


def read_elsewhere(item, href: str, rel: str) -> bool:
    """Whether a relative link (no leading ``/``, no Pelican prefix) to the file ``rel``
    under content/, resolved from the item's folder, leads a browser elsewhere from the
    item's page (``item.url``): ``../dokumen/a.pdf`` in ``halaman/a.md`` published at
    ``/a/`` leads to ``/dokumen/a.pdf`` either way (and works once something publishes it)."""
    path = unquote(urlsplit(href).path)
    url = getattr(item, "url", "")
    if path.startswith("/") or not url:
        return False
    return posixpath.normpath(posixpath.join("/" + url, path)) != "/" + rel


class BodyChecker:
    def __init__(self, settings: dict, content: Path):
        self.settings = settings
        self.content = content
        self.hosts = tuple(h.lower() for h in settings.get("EMBED_ALLOWED_HOSTS", DEFAULT_EMBED_HOSTS))
        self._md_settings = settings.get("MARKDOWN") or {}
        self._md = None
        self._policy = None
        self.deps: Noted | None = None  # files a body refers to, noted for the validation cache
        # The files chosen for body images written relative (``folder_or_content``): part of
        # the item's key, so that a kept object is made again when the choice changes.
        self.chosen: set[str] | None = None
        self.formatted_fields = tuple(f.lower() for f in settings.get("FORMATTED_FIELDS", ("summary",)))
        self.own_hosts = own_hosts(settings)  # https://<the site's domain>/… is a page of the site too

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
        """Yield (key, message, line) for the item's body and metadata: a body's problem
        with the line it is on (0: none to name), a header key's with None (its key's
        line, looked up when the problem is shown)."""
        if item.values.get("izinkan-nik") != "ya":
            yield from self.nik_problems(item, src)
        for name, raw in src.meta.items():
            if bidi_control(raw):
                yield src.keys.get(name, name), "berisi karakter pengatur arah teks (bidi) yang tersembunyi; ketik ulang nilainya tanpa menyalin dari sumber lain", None
        # The HTML Markdown produces, after every extension, is what a browser will see.
        if src.body.strip() and self.needs_render(src.body):
            yield from self.html_problems(item, self.render(src.body))
        if not src.body.isascii() and BIDI_OVERRIDE.search(src.body):
            line = source.line_where(item.path, lambda text: BIDI_OVERRIDE.search(text) is not None, body=True)
            yield "isi", ("berisi karakter pembalik arah teks (U+202D/U+202E) yang membuat teks terbaca lain dari "
                          "isinya, mis. nama berkas .exe tampak .pdf; ketik ulang kalimat itu tanpa menyalin dari sumber lain"), line
        # Formatted fields (the summary) are rendered as Markdown too (feeds carry them as
        # HTML), from their lines as Pelican joins them.
        for name in self.formatted_fields:
            text = src.formatted(name)
            if text.strip() and self.needs_render(text):
                key = src.keys.get(name, name.capitalize())
                yield from ((key, m, None) for _, m, _ in self.html_problems(item, self.render(text), lines=False))
        for name, raw in src.meta.items():
            if name not in self.formatted_fields and "<" in raw:
                for message in html_policy.text_problems(raw, self.policy):
                    yield src.keys.get(name, name), message, None

    @staticmethod
    def needs_render(text: str) -> bool:
        """False only for Markdown that cannot produce anything outside the allowlist: no
        raw HTML or entity, attribute list, Pelican link, image, link or reference
        definition (``MARKUP``). Every link is checked on the HTML Markdown made of it,
        never on its source: a definition inside a quote or a list, an address broken
        over two lines, read from the source, were missed."""
        return any(token in text for token in MARKUP)

    @property
    def policy(self) -> html_policy.Policy:
        if self._policy is None:
            self._policy = html_policy.Policy.from_settings(self.settings)
        return self._policy

    def nik_problems(self, item, src):
        hint = "hapus atau samarkan nomor itu; bila memang bukan NIK, tambahkan Izinkan-NIK: ya"
        for name, raw in src.meta.items():
            found = looks_like_nik(raw)
            if found:
                yield src.keys.get(name, name), f"berisi nomor mirip NIK ({mask(found)}); {hint}", None
        for key, doc in item.ctype.documents(item.values):
            found = looks_like_nik(Path(doc).name)
            if found:
                yield key, f"nama berkas {Path(doc).name} berisi nomor mirip NIK; ganti nama berkasnya", None
            else:
                found = looks_like_nik(berkas.text_of(self.content / doc))
                if found:
                    yield key, f"berkas {doc} berisi nomor mirip NIK ({mask(found)}); hapus data pribadi dari berkas itu", None
        found = looks_like_nik(src.body)
        if found:
            # The line that holds it (none when its digits run over two lines).
            line = source.line_where(item.path, looks_like_nik, body=True)
            yield "isi", f"teks berisi nomor mirip NIK ({mask(found)}); {hint}", line

    def html_problems(self, item, html: str, lines: bool = True):
        """(key, message, line) for the HTML ``html`` Markdown made of the item's body: each
        problem with the body's line that shows it (0: none does); ``lines=False`` for
        HTML made of something else (the summary), which looks up no line."""
        if not html.strip():
            return

        def at(text, html_token=False) -> int:
            # The HTML as the author may have typed it (any case, on one line only), or
            # the address a problem is about, as written; looked up only for a problem.
            return source.line_with(item.path, text, body=True, html=html_token) if lines and text else 0

        for message, token in html_policy.located(html, self.policy):
            yield "isi", message + "; tulis dengan Markdown biasa atau hapus kode HTML itu (lihat panduan penulis: HTML dan dokumen yang diizinkan)", at(token, True)
        if "<" not in html:
            return
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for el in root.iter("iframe"):
            message = html_policy.embed_problem(el.get("src") or "", self.hosts)
            if message:
                yield "isi", message, at(el.get("src"))
        for el in root.iter("img"):
            for key, message in self.body_image(item, el):
                yield key, message, at(el.get("src"))
        for el in root.iter("a"):
            message = html_policy.link_problem(el.get("href") or "", el.text_content(), self.own_hosts)
            if message:
                yield "isi", message, at(el.get("href"))
            for key, message in self.body_link(item, el.get("href") or ""):
                yield key, message, at(el.get("href"))

    def local_target(self, item, url: str):
        """(the file under content/ a body URL names, whether it was written with one of
        Pelican's prefixes: ``{static}``…); None for a remote URL, a fragment or a page of
        the site."""
        parts = urlsplit(url)
        if parts.scheme or url.startswith(("//", "#")) or not parts.path:
            return None
        path, prefixed = strip_link_prefix(unquote(parts.path))
        # As Pelican resolves them: from content/ with a leading "/" ({static}/images/…,
        # /dokumen/…), else from the item's folder ({filename}profil-ppid.md, foto.jpg).
        base = self.content if path.startswith("/") else item.path.parent
        candidate = base / path.lstrip("/")
        if not prefixed and not candidate.suffix:
            return None  # a page of the site (/berita/...), not a file
        return candidate, prefixed

    def outside(self, candidate: Path) -> bool:
        try:
            return not candidate.resolve().is_relative_to(self.content)
        except (OSError, ValueError, RuntimeError):
            return True

    def depend_on(self, candidate: Path) -> Path:
        """The file a body refers to, resolved; recorded as what its check depends on."""
        target = candidate.resolve()
        if self.deps is not None:
            self.deps.add(target)
        return target

    def written_from_the_repository(self, href: str) -> str | None:
        """``content/dokumen/laporan.pdf`` (``{static}content/…``, ``/content/…``): a path
        copied as the repository names it, of a file that is there under content/
        (``common.paths.as_under_content``, as for a field); the link to write instead
        (``{filename}`` for a content file, else ``{static}``)."""
        rest = as_under_content(strip_link_prefix(unquote(urlsplit(href).path))[0], self.content)
        if rest is None:
            return None
        prefix = "{filename}" if Path(rest).suffix.lower() in CONTENT_SUFFIXES else "{static}"
        return f"{prefix}/{rest}"

    def body_link(self, item, href: str):
        path = urlsplit(href).path
        if path.startswith(("{static}", "{attach}")) and ESCAPED.search(path):
            # Pelican copies such a file by its name as written, reading only %20 as a space:
            # "foto%2Ejpg" named a file that does not exist, in a message about no page.
            yield "isi", (f"tautan {href[:80]}: tulis nama berkasnya apa adanya, tanpa kode persen (%…) selain %20 untuk "
                          f"spasi, mis. {unquote(path)[:80]}")
            return
        found = self.local_target(item, href)
        if found is None:
            parts = urlsplit(href)
            own = not (parts.scheme or parts.netloc) or (
                parts.scheme.lower() in ("http", "https", "") and normal_host(parts.netloc, parts.scheme.lower() or "https") in self.own_hosts)
            if hasattr(item, "pages_linked") and parts.path.startswith("/") and own:
                item.pages_linked += (href,)  # a page of the site by its address: validate.check_page_links
            return
        candidate, prefixed = found
        if self.outside(candidate):
            yield "isi", f"tautan {href[:80]} menunjuk ke luar folder content/ (juga lewat symlink); hanya berkas di dalam content/ yang boleh diterbitkan"
            return
        target = self.depend_on(candidate)
        meant = self.written_from_the_repository(href) if not target.exists() else None
        if meant:
            yield "isi", (f"tautan {href[:80]}: alamat di isi ditulis dari folder content/, dengan garis miring /, tanpa content/ di depannya; "
                          f"tulis {meant} (mis. [teks]({meant}))")
            return
        if not target.exists() and prefixed:
            # {static}/{attach}/{filename} name a file under content/ (never one a plugin
            # writes): missing, `check` says so before any build.
            yield "isi", f"tautan {href[:80]} menuju berkas yang tidak ada di dalam content/; periksa ejaan dan huruf besar-kecilnya"
            return
        if prefixed and target.is_dir():
            yield "isi", f"tautan {href[:80]} menuju folder, bukan berkas; tautkan berkasnya, mis. {href.rstrip('/')}/nama-berkas.pdf"
            return
        concealed = hidden(target.relative_to(self.content.resolve()).as_posix())
        if concealed:
            yield "isi", f"tautan {href[:80]} menuju {concealed}"
            return
        if not prefixed and target.is_file() and target.suffix.lower() in CONTENT_SUFFIXES:
            # Pelican turns only {filename} links into the page's address: as written, the
            # link leads to a file the site never publishes.
            yield "isi", (f"tautan {href[:80]} menuju berkas konten; tulis {{filename}}{href} (mis. [teks]({{filename}}{href})) "
                          "agar situs menautkan halamannya")
            return
        if not target.is_file() or target.suffix.lower() in CONTENT_SUFFIXES:
            return  # another missing file or a page: the link check reports it
        rel = target.relative_to(self.content.resolve()).as_posix()
        if not prefixed and target.suffix.lower() not in IMAGE_SUFFIXES and read_elsewhere(item, href, rel):
            # ../../dokumen/laporan.pdf, as a file manager or GitHub reads it from the file's
            # folder: the browser reads it from the page's address (berita/2026/11/…/), and
            # the document is not published (images are: the images step resolves them).
            yield "isi", (f"tautan {href[:80]} menuju berkas content/{rel}, tetapi tanpa {{static}} alamatnya dibaca dari "
                          f"alamat halaman, bukan dari folder berkas ini, dan berkasnya tidak diterbitkan; tulis {{static}}/{rel} "
                          f"(mis. [teks]({{static}}/{rel}))")
            return
        if hasattr(item, "linked"):
            item.linked += (rel,)
        yield from self.file_name_nik(item, target)
        if target.suffix.lower() in IMAGE_SUFFIXES:
            message = image_problem(target, self.settings)
            if message:
                yield "isi", f"gambar {href} {message}"
            return
        message = berkas.problem(target)
        if message:
            yield "isi", f"dokumen {href}: {message}"
        elif item.values.get("izinkan-nik") != "ya":
            found = looks_like_nik(berkas.text_of(target))
            if found:
                yield "isi", f"dokumen {href} berisi nomor mirip NIK ({mask(found)}); hapus data pribadi dari berkas itu"

    @staticmethod
    def file_name_nik(item, target: Path):
        """A file the body links or shows whose name holds a NIK-like number (unless the item
        says ``Izinkan-NIK: ya``, as for its header's documents)."""
        found = item.values.get("izinkan-nik") != "ya" and looks_like_nik(target.name)
        if found:
            yield "isi", f"nama berkas {target.name} berisi nomor mirip NIK; ganti nama berkasnya"

    def body_image(self, item, el):
        src = el.get("src") or ""
        if not (el.get("alt") or "").strip():
            yield "isi", f"gambar {src} tidak punya teks alternatif; tulis ![deskripsi gambar]({src})"
        if re.match(r"^(?:[A-Za-z]:[\\/]|file:)", src):
            yield "isi", (f"gambar {src[:80]} menunjuk berkas di komputer Anda, yang tidak ikut terbit; salin fotonya ke "
                          "content/images/ lalu tulis lokasinya, mis. ![Keterangan foto]({static}/images/berita/foto.jpg)")
            return
        if urlsplit(src).scheme or src.startswith("//"):
            yield "isi", f"gambar {src[:80]} dimuat dari situs lain; simpan gambarnya di content/images/ dan tautkan dari sana"
            return
        found = self.local_target(item, src)
        candidate = found[0] if found else self.content / unquote(src).lstrip("/")
        if found and not found[1] and not unquote(urlsplit(src).path).startswith("/"):
            self.depend_on(candidate)  # a file of that name appearing in the item's folder comes first
            candidate = folder_or_content(unquote(urlsplit(src).path), self.content, item.path.parent)
            if self.chosen is not None:
                self.chosen.add(str(candidate))
        if self.outside(candidate):
            yield "isi", f"gambar {src} berada di luar folder content/ (juga lewat symlink)"
            return
        target = self.depend_on(candidate)
        if not target.is_file():
            meant = self.written_from_the_repository(src)
            yield "isi", f"gambar {src} tidak ditemukan di dalam content/" + (
                f"; alamat di isi ditulis dari folder content/, dengan garis miring /, tanpa content/ di depannya: tulis ![{(el.get('alt') or 'deskripsi gambar')[:60]}]({meant})" if meant else "")
            return
        yield from self.file_name_nik(item, target)
        message = image_problem(target, self.settings)
        if message:
            yield "isi", f"gambar {src} {message}"
