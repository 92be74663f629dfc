"""Validation of every content file against the schema, reported all at once.

`Checker(content_path, settings).run()` reads the raw files (no Pelican run), so
`invoke check` and the build share one implementation. Each problem is
``path: Key: pesan`` in Indonesian and names the allowed values.

Given a ``cache_path`` (the run's ``validation_cache``, beside the output) the result of
checking one file is kept between builds: it is reused when the file's bytes, the
files it refers to (photos, documents: their bytes, or their absence), the registry,
the settings validation reads, the working folder and the content code are unchanged
(one ``common.store`` snapshot per output, salted by all of these but the files).
Publication ("now") and the checks across files are computed on every run.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import pickle
import re
import stat
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from slugify import slugify

from common.paths import LINK_PREFIXES, as_under_content, display_path, ignored, message_folder, strip_link_prefix
from common.stamps import FileDigests
from common.store import Store, code_version, value_key
from common.urls import OPD_FOLDERS, reserved_slugs

from . import berkas, clock, kemajuan, kinds, regulasi, registry, safety, source, tag
from .nama import published_path
from .schema import (
    CONTENT_TYPES, DIP, HALAMAN, PAST_ALWAYS, PAST_ONLY, REGISTRY_FILE, REGULASI, ContentType, Field, Term, day_of,
    find_placeholder,
)

CONTENT_SUFFIXES = safety.CONTENT_SUFFIXES
# A page's text, as words: images (Markdown and HTML), link addresses and tags left out,
# as a reader sees it. Fewer than TEXT_WORDS words is no text (services.monev counts the
# words of the built page the same way).
IMAGE_OR_TAG = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|https?://\S+|<[^<>]*>")
WORDS = re.compile(r"\w{2,}")
TEXT_WORDS = 20
# Kinds whose value is a file under content/ (kinds.Location and its subclasses).
LOCATION_KINDS = frozenset(k.name for k in kinds.KINDS.values() if isinstance(k, kinds.Location))
# Dates that may lie years ahead (an exemption's end, a plan's year).
FUTURE_ALLOWED = frozenset({"berlaku-hingga", "tahun"})
# Files an author may save as content that are never read as such (Notepad's .txt, a Word file).
# Text and office files, and the formats Pelican reads only with the readers the kit turns
# off (READERS: a Word "Web Page" export, a reStructuredText file): never read as content.
UNREAD_SUFFIXES = frozenset({".txt", ".doc", ".docx", ".odt", ".rtf", ".html", ".htm", ".rst"})
# A field names a file to publish: {filename} (the source of another page) is not one.
FIELD_LINK_PREFIXES = tuple(p for p in LINK_PREFIXES if p != "{filename}")
# Metadata keys Pelican obeys: they change where, how or as what an item is written. Only
# those in a content type's schema reach Pelican; any other is refused.
PELICAN_KEYS = {
    "save_as", "url", "template", "lang", "translation", "translation_of", "status", "slug",
    "title", "date", "modified", "category", "tags", "author", "authors", "summary", "path",
    "override_save_as", "override_url", "page_order", "sortorder", "type", "filename", "static",
    "attach", "image", "og_image", "canonical",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    key: str
    message: str
    # The 1-based line the problem is on, if its finder knows it (0: none to name); None:
    # the line the content file's header writes the key on, looked up when shown.
    line: int | None = field(default=None, compare=False, repr=False)

    def at(self) -> int | None:
        """The line to point at (CI annotations): the problem's own, else the line its key
        is written on in the file as it reads now (a data file's ``key =`` too); None when
        there is none."""
        if self.line is not None:
            return self.line or None
        return source.key_line(self.path, self.key)

    def __str__(self) -> str:
        """``path: Key: pesan``, and ``(baris N)`` when the problem has a line: its own, or
        the line of its key in the content file's header or its TOML table (``[dinkes]
        nama``). (A CSV file's keys name their place themselves: ``baris 4, kolom status``.)"""
        if not self.key:
            return f"{self.path}: {self.message}"
        line = self.at() if self.line is not None or source.is_markdown(self.path) or self.path.endswith(".toml") else None
        return f"{self.path}: {self.key}: {self.message}" + (f" (baris {line})" if line else "")


def about_settings(problems) -> bool:
    """Whether ``problems`` (or their lines) are all the settings' (``pelicanconf.py: KEY: …``)."""
    return bool(problems) and all(str(p).strip().startswith(("pelicanconf.py:", "publishconf.py:")) for p in problems)


class ContentError(Exception):
    """Content problems that stop the build. Pelican's CLI exits with ``exitcode``."""

    exitcode = 1

    def __init__(self, problems):
        # By file, then in the order of the file: "baris 2" before "baris 10" (a register's rows).
        self.problems = sorted(problems, key=lambda p: (p.path, _natural(p.key), p.line or 0, p.message)
                               if isinstance(p, Problem) else (str(p), [], 0, ""))
        super().__init__(self.report())

    def report(self, checking: bool = False) -> str:
        """``checking``: for `check`, which builds nothing."""
        n = len(self.problems)
        where = "pengaturan" if about_settings(self.problems) else "konten"
        head = "Pemeriksaan menemukan" if checking else "Build dihentikan:"
        lines = [f"{head} {n} kesalahan pada {where}. Perbaiki lalu jalankan lagi."]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


# A berkala entry's text this long may be the information itself (a profile, a procedure).
SUBSTANTIAL_WORDS = 80
# A line of the body that may make a first-level heading (python-markdown's ATX heading,
# "#Judul" included, or a setext underline); ``check_headings`` asks Markdown itself.
ATX_H1 = re.compile(r"^ {0,3}#(?!#)")
SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
H1_CANDIDATE = re.compile(r"^ {0,3}(?:#(?!#)|=+\s*$)", re.M)
HASHTAG = re.compile(r"#[^\s#]+")  # "#SukamajuSehat": a tag from social media, not a heading
FENCE = re.compile(r"^ {0,3}(?:```|~~~)")


def _natural(text: str) -> list:
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text or "")]


def scanned_message(doc: str) -> str:
    return (f"{doc} berisi gambar hasil pindai tanpa teks: pembaca layar penyandang disabilitas netra, mesin pencari "
            "dan pemeriksaan NIK tidak dapat membacanya; unggah PDF yang disimpan langsung dari dokumen aslinya "
            "(mis. Word: Simpan Sebagai, pilih PDF) atau PDF hasil OCR")


@dataclass
class Item:
    path: Path
    rel: str
    ctype: ContentType
    values: dict
    body: str
    slug: str = ""
    url: str = ""
    published: bool = True
    placeholders: tuple = ()  # (key, scaffold text, what to do) found in the file (check_placeholders)
    linked: tuple = ()  # files under content/ its body links ({static}/dokumen/…), published with it
    scanned: tuple = ()  # its PDFs (Dokumen and body links) that are scanned pages without text (berkas.scanned)
    mentioned: tuple = ()  # the files its header names (Dokumen, Image, Audio), as written, valid or not
    pages_linked: tuple = ()  # the site's pages its body links by address (/berita/2026/01/…/), as written
    bare: bool = False  # a berkala entry with nothing to read (check_substance): counted by the Monev self-check
    # common.store.value_key of ``values``, made once when the check's result is stored
    # (None: not made, or ``values`` cannot be pickled; not compared: items are equal by
    # what they say); nothing changes ``values`` after the check, so a build keeping
    # objects (rendering.kept) keys each file with it instead of pickling every file's
    # values again.
    values_key: bytes | None = field(default=None, compare=False, repr=False)


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    registry: dict = field(default_factory=dict)
    tag_names: dict = field(default_factory=dict)  # tag key -> the spelling shown (content.tag)
    registry_ok: bool = True  # content/opd.toml read without a problem (else OPD values are not judged)
    # The preview let through what any other build refuses (scaffold text in an item that
    # would publish): its output is never taken as up to date by the next build.
    held: bool = False

    def item_for(self, path) -> Item | None:
        hit = self._by_path.get(str(path))  # Pelican's source paths are already absolute
        return hit if hit is not None else self._by_path.get(str(Path(path).resolve()))

    def index(self):
        self._by_path = {str(i.path): i for i in self.items}
        return self

    def put(self, item: Item):
        """``item`` stands for its file from now on (the preview's quick page)."""
        self._by_path[str(item.path)] = item




def content_files(content: Path, ignore=None, unreadable: list | None = None) -> list[str]:
    """Every entry under ``content`` as ``Path.rglob("*")`` finds it (folders and symbolic
    links included, a linked folder not entered), in the order of sorted paths (by their
    parts), as strings: about 12 000 ``Path`` objects made and compared cost a few tenths
    of a second of every build. ``ignore``: a test of a bare name (``common.paths.ignored``):
    such files, and folders with all they hold, are left out, as Pelican leaves them.
    ``unreadable``: gets the folders that could not be listed (their OSError)."""
    found = []
    for folder, dirs, files in os.walk(content, onerror=unreadable.append if unreadable is not None else None):
        if ignore:
            dirs[:] = [n for n in dirs if not ignore(n)]
            files = [n for n in files if not ignore(n)]
        found += [os.path.join(folder, n) for n in dirs]
        found += [os.path.join(folder, n) for n in files]
    found.sort(key=lambda name: name.split(os.sep))
    return found


# Indonesian words authors write for a key, when no key or label is close to them.
KEY_WORDS = {"gambar": ("image",), "kategori": ("category",), "tanggal": ("date", "mulai"),
             "keterangan-gambar": ("image-caption",), "sumber-berita": ("sumber",), "tempat-acara": ("tempat",),
             "lokasi": ("tempat",), "sampai": ("selesai", "berlaku-hingga"), "jangka-waktu": ("berlaku-hingga",),
             "link": ("tautan", "tautan-siaran", "sumber-url"), "faq": ("tanya-jawab",), "tanya-jawab-ya": ("tanya-jawab",)}


def meant_key(name: str, ctype: ContentType):
    """The field an unknown key most likely meant: a key spelled nearly the same, else one
    whose label is ("Judul", "Penulis", "Ringkasan", "Keterangan foto"), else an Indonesian
    word for it (``KEY_WORDS``); None when nothing is close."""
    known = ctype.keys
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    if close:
        return known[close[0]]
    labels = {"-".join(f.label.lower().split()): f for f in reversed(ctype.fields)}
    close = difflib.get_close_matches(name, list(labels), n=1, cutoff=0.8)
    if close:
        return labels[close[0]]
    longer = [k for k in known if k.startswith(name + "-")]  # Status for Status-Berlaku
    if len(longer) == 1:
        return known[longer[0]]
    return next((known[w] for w in KEY_WORDS.get(name, ()) if w in known), None)


def item_slug(values: dict, path: Path) -> str:
    """The slug of an item's URL: `Slug:` if given, else from the title, else the file name."""
    for candidate in (values.get("slug"), values.get("title"), path.stem):
        slug = slugify(candidate or "", max_length=80, word_boundary=True)
        if slug:
            return slug
    return "tanpa-judul"


class Checker:
    date_example = "2024-03-05"  # the date a message about a wrong one shows

    def __init__(self, content_path, settings: dict, cache_path=None, now=None, stamps: dict | None = None,
                 preview: bool = False):
        """``cache_path``: where each file's result is kept between builds (None: every
        file is checked); ``now``: the run's today (default: the clock, SOURCE_DATE_EPOCH);
        ``stamps``: the content files' stamps and md5s the build's fingerprint took
        (``common.stamps.FileDigests.new``), not taken again; ``preview``: the preview's
        build (``check_placeholders``)."""
        self.preview = preview
        self.content = Path(content_path).resolve()
        self.settings = settings
        self.cache_path = cache_path
        self.tz = ZoneInfo(settings.get("TIMEZONE") or "Asia/Jakarta")
        self.now = now or clock.now(str(self.tz))
        self.stamps = stamps
        self.safety = safety.BodyChecker(settings, self.content)
        self.report = Report()
        self.deps: Noted | None = None  # files the file being checked refers to, with their states (see FileCache)
        categories = settings.get("NEWS_CATEGORIES")
        self.vocab: dict[str, tuple[Term, ...]] = {
            "news_categories": tuple(Term(c, c) for c in categories),
        }
        self.instruments, self.instrument_problems = regulasi.instruments(settings)
        self.vocab["regulasi_jenis"] = tuple(Term(i.slug, i.nama) for i in self.instruments.values())

    # --- entry point ---------------------------------------------------------

    def run(self) -> Report:
        reg, reg_problems = registry.load(self.content)
        rel = display_path(self.content / REGISTRY_FILE)
        self.report.errors += [Problem(rel, k, m) for k, m in reg_problems]
        self.use_registry(reg, ok=not reg_problems)
        self.report.errors += [Problem("pelicanconf.py", "REGULASI_JENIS", m) for m in self.instrument_problems]
        cache = self._cache = FileCache(self.cache_path, self.cache_salt(reg, reg_problems), self.stamps)
        closed: list[OSError] = []
        paths = content_files(self.content, ignored(self.settings), closed)
        for exc in closed:  # the build's reader would leave out all it holds, without a word
            self.error(display_path(Path(exc.filename)), "", f"folder ini tidak dapat dibuka ({exc.strerror}), sehingga build "
                       "melewati seluruh isinya; periksa pemilik dan hak aksesnya (mis. chmod a+rx pada folder itu)")
        unread: list[Path] = []
        for i, name in enumerate(paths):
            if i % 64 == 0:
                kemajuan.stage("Memeriksa konten", i, len(paths))
            try:
                mode = os.lstat(name).st_mode
            except OSError:
                continue
            if (not mode & 0o444 or stat.S_ISDIR(mode) and not mode & 0o111) and not stat.S_ISLNK(mode):
                # No one may read it (chmod 000, a copy from another machine): the build's reader
                # would skip it, or the folder's whole content, without a word.
                folder = stat.S_ISDIR(mode)
                rel = display_path(Path(name))
                self.error(rel, "", f"{'folder' if folder else 'berkas'} ini tidak boleh dibaca atau dibuka siapa pun (izin "
                                    f"{'baca atau masuk' if folder else 'baca'} tidak ada), sehingga build melewatinya; beri izinnya "
                                    f"(mis. chmod a+r{'x' if folder else ''} {rel})")
            elif stat.S_ISLNK(mode):
                self.check_symlink(Path(name))
            elif os.path.splitext(name)[1].lower() in CONTENT_SUFFIXES and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                self.error(display_path(Path(name)), "", "bukan berkas biasa (mis. pipa atau perangkat) dan tidak dapat dibaca; hapus, lalu simpan sebagai berkas teks")
            elif os.path.splitext(name)[1] in CONTENT_SUFFIXES and stat.S_ISREG(mode):
                self.check_cached(Path(name), cache)
            elif os.path.splitext(name)[1].lower() in CONTENT_SUFFIXES and stat.S_ISREG(mode):
                # Pelican reads .md, not .MD: a file saved so by Windows or a phone was left out without a word.
                stem, ext = os.path.splitext(os.path.basename(name))
                self.error(display_path(Path(name)), "", f"akhiran {ext} berhuruf besar tidak dibaca oleh build (hanya "
                                                         f"{ext.lower()}); ganti namanya menjadi {stem}{ext.lower()}")
            elif os.path.splitext(name)[1].lower() in UNREAD_SUFFIXES and stat.S_ISREG(mode):
                unread.append(Path(name))
        cache.save()
        self.check_urls()
        self.check_documents()
        self.check_unread(unread)
        self.check_regulations()
        self.check_placeholders()
        self.check_expired_exemptions()
        self.check_far_future()
        self.check_past_dates()
        self.check_tags()
        return self.report.index()

    def use_registry(self, reg: dict, ok: bool = True):
        self.report.registry = reg
        self.report.registry_ok = ok
        self.vocab["opd"] = tuple(Term(o.slug, o.nama) for o in reg.values())
        # With a broken registry every OPD value would be reported; report the registry alone.
        self.registry_ok = ok

    def check_one(self, path: Path, reg: dict, data: bytes | None = None) -> Report:
        """One file against the schema, with the OPD registry ``reg`` (the preview's quick
        page, preview.quick; ``data``: the file's bytes before it is written, scaffold):
        none of the checks across files."""
        self.use_registry(reg)
        self.check_file(path, data)
        return self.report.index()

    def check_symlink(self, path: Path):
        """A symbolic link under content/ may point only inside content/: the build would
        publish whatever it points to (a CI job's secrets, files outside the project)."""
        try:
            target = path.resolve(strict=True)
            inside = target.is_relative_to(self.content)
        except FileNotFoundError:
            self.error(display_path(path), "", f"tautan simbolik (symlink) ke {os.readlink(path)}, yang tidak ada; hapus tautannya atau ganti dengan berkas aslinya")
            return
        except PermissionError:
            self.error(display_path(path), "", f"tautan simbolik (symlink) ke {os.readlink(path)}, yang tidak boleh dibaca; ganti dengan berkas aslinya")
            return
        except (OSError, RuntimeError):  # a link to itself, or a circle of links
            self.error(display_path(path), "", f"tautan simbolik (symlink) ke {os.readlink(path)} berputar tanpa ujung; hapus tautannya")
            return
        if inside and target.is_dir():
            # Pelican enters a linked folder: its files would be read twice, or (a link to
            # a folder above it) without end.
            self.error(display_path(path), "", f"tautan simbolik (symlink) ke folder {display_path(target)} membuat isinya terbaca dua kali"
                                               f"{' tanpa akhir' if path.parent.resolve().is_relative_to(target) else ''}; hapus tautannya "
                                               "(pindahkan atau salin isinya bila memang perlu di sini)")
            return
        if not inside:
            self.error(display_path(path), "", f"tautan simbolik (symlink) ke {target} berada di luar folder content/ dan tidak diizinkan; ganti dengan berkas aslinya")
        elif path.suffix.lower() in CONTENT_SUFFIXES and target.is_file():
            self.check_cached(path, self._cache)

    def cache_salt(self, reg, reg_problems) -> str:
        """Everything but the file and what it refers to that a file's check depends on."""
        read = {k: self.settings.get(k) for k in ("TIMEZONE", "NEWS_CATEGORIES", "IMAGE_MAX_PIXELS", "EMBED_ALLOWED_HOSTS", "MARKDOWN", "REGULASI_JENIS")}
        parts = (code_version("content"), repr(sorted(read.items())), repr(reg), repr(reg_problems), str(self.content), message_folder())
        return hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()

    def check_cached(self, path: Path, cache: FileCache):
        """`check_file`, or its stored result when nothing it depends on changed."""
        key, data = cache.digests.with_bytes(path)
        if key is None:
            self.check_file(path)
            return
        hit = cache.get(path, key)
        if hit is not None:
            errors, warnings, item = hit
            self.report.errors += errors
            self.report.warnings += warnings
            if item is not None:
                item.path, item.ctype = path, self.content_type(path)
                item.published = self.is_published(item.ctype, item.values)
                self.report.items.append(item)
            return
        errors, warnings, items = len(self.report.errors), len(self.report.warnings), len(self.report.items)
        self.deps = self.safety.deps = Noted(cache.state)
        chosen = self.safety.chosen = set()
        try:
            if data is None:  # the file is unchanged, what it refers to is not: read it now
                try:
                    data = path.read_bytes()
                    key = hashlib.md5(data, usedforsecurity=False).hexdigest()  # what is checked: saved since?
                except OSError:
                    pass
            self.check_file(path, data)
        finally:
            deps, self.deps, self.safety.deps, self.safety.chosen = self.deps, None, None, None
        item = self.report.items[items] if len(self.report.items) > items else None
        if item is not None:
            item.values_key = value_key((item.values, sorted(chosen)) if chosen else item.values)
        stored = replace(item, path=None, ctype=None) if item is not None else None  # both set again on reuse
        cache.put(path, key, deps, (self.report.errors[errors:], self.report.warnings[warnings:], stored))

    # --- one file --------------------------------------------------------------

    def header_written_once(self, rel: str, src: source.Source) -> dict[str, Problem]:
        """A key written twice in the header, or a value going on to the next line (four
        spaces or a tab in front): the build would keep only one of the values or fail to
        read the file at all (a title as a list), while the checks saw the values joined.
        A formatted field (the summary) may go on over several lines."""
        found = {}
        for name, lines in (src.written or {}).items():
            if len(lines) > 1:
                also = [str(n) for n in lines if n != lines[1]]
                found[name] = Problem(rel, src.keys.get(name, name), f"ditulis {len(lines)} kali di kepala berkas (juga di baris "
                                      f"{' dan '.join([', '.join(also[:-1]), also[-1]] if len(also) > 1 else also)}); tulis kunci "
                                      "ini sekali saja: hapus baris yang tidak dipakai, atau gabungkan nilainya dalam satu baris", lines[1])
        cut = src.cut[0] if src.cut else None  # a line a tab puts in front of: said as the header's end (check_file)
        for name, lines in (src.more or {}).items():
            lines = [n for n in lines if cut is None or n < cut]
            if lines and name not in found and name not in self.safety.formatted_fields:
                found[name] = Problem(rel, src.keys.get(name, name), f"nilainya berlanjut ke baris {lines[0]}, yang diawali "
                                      "spasi atau tab; build tidak dapat memakai nilai yang terbagi beberapa baris: tulis "
                                      "seluruh nilainya dalam satu baris, sesudah titik dua", lines[0])
        return found

    def error(self, item_rel: str, key: str, message: str, line: int | None = None):
        self.report.errors.append(Problem(item_rel, key, message, line))

    def warn(self, item_rel: str, key: str, message: str):
        self.report.warnings.append(Problem(item_rel, key, message))

    def content_type(self, path: Path) -> ContentType | None:
        name, base = os.fspath(path), os.path.join(os.fspath(self.content), "")
        top = name[len(base):].split(os.sep, 1)[0] if name.startswith(base) else path.relative_to(self.content).parts[0]
        return CONTENT_TYPES.get(top)

    def check_unread(self, paths: list[Path]):
        """A text or office file among the content files (Notepad's ``berita.md.txt``, a
        Word file) that nothing links or names: never read, never published; said, since
        the author meant it as content."""
        used = self.referenced()
        for path in paths:
            if self.content_type(path) is None or path.relative_to(self.content).as_posix() in used:
                continue
            rel, name = display_path(path), path.name
            stem, ext = os.path.splitext(name)
            if ext.lower() == ".txt" and os.path.splitext(stem)[1].lower() in CONTENT_SUFFIXES:
                self.error(rel, "", f"berkas bernama {name} tidak dibaca (Notepad menambahkan .txt); ganti namanya menjadi {stem}")
            else:
                self.warn(rel, "", f"berkas {ext} tidak dibaca dan tidak diterbitkan: konten ditulis sebagai berkas .md "
                                   f"(salin isinya ke {stem}.md, lihat panduan penulis); dokumen untuk diunduh disimpan di content/dokumen/")

    def referenced(self) -> set[str]:
        """Every file under content/ an item names in its header (valid or refused: a
        refused one is reported as such) or links from its text, as paths under content/."""
        used = {d for i in self.report.items for k in i.ctype.document_keys for d in i.values.get(k) or ()}
        used |= {a for i in self.report.items for a in i.values.get("audio") or ()}
        used |= {d for i in self.report.items for d in i.linked + i.mentioned}
        return used

    def check_file(self, path: Path, data: bytes | None = None):
        rel = display_path(path)
        ctype = self.content_type(path)
        if ctype is None:
            folders = ", ".join(f"{t}/" for t in CONTENT_TYPES)
            top = path.relative_to(self.content).parts
            meant = difflib.get_close_matches(top[0].lower(), list(CONTENT_TYPES), n=1, cutoff=0.8) if len(top) > 1 else []
            if meant:
                self.error(rel, "", f"folder {top[0]}/ tidak dikenal; mungkin maksudnya {meant[0]}/ (huruf kecil, persis): "
                                    f"pindahkan berkasnya ke sana, di sini berkas ini tidak diterbitkan")
            else:
                self.warn(rel, "", f"berkas di luar folder konten yang dikenal ({folders}) dan tidak akan diterbitkan")
            return
        try:
            src = source.read(path) if data is None else source.parse(source.decode(data))
        except source.EncodingProblem as exc:
            self.error(rel, "", str(exc))
            return
        except OSError as exc:
            self.error(rel, "", f"berkas tidak dapat dibaca ({exc.strerror})")
            return
        if not src.meta:  # nothing to check field by field: one message, not one per missing key
            first = next((ln.strip() for ln in src.body.splitlines() if ln.strip()), "")
            new_cmd = f"./run.sh new {ctype.slug} --opd <opd> --judul \"…\"" if ctype.per_opd else f"./run.sh new {ctype.slug}"
            required = ", ".join(f.key for f in ctype.fields if f.required is True)
            self.error(rel, "", "berkas kosong; isi kepalanya (Title: … dan kunci lain, satu per baris) lalu isinya, "
                                f"atau hapus berkasnya; kunci wajibnya: {required}; berkas lengkap dibuat dengan {new_cmd}"
                       if not first else
                       f"berkas tidak diawali kepala (Title: … dan kunci lain, satu per baris, lalu satu baris kosong); "
                       f"baris pertamanya \"{first[:60]}\": tulis Title: di depannya bila itu judulnya, lalu kunci lain "
                       f"({', '.join(f.key for f in ctype.fields if f.required is True)}); contoh berkas lengkap: {new_cmd}", 1)
            return
        refused = False
        below = source.keys_below_cut(src) & set(ctype.keys) if src.cut or src.split else set()
        if src.cut:  # a line that ended the header early (python-markdown's Meta, as the build reads it)
            line, text = src.cut
            message, refused = source.cut_problem(text, lambda name, exact=False: getattr(
                ctype.keys.get(name.lower()) or (None if exact else meant_key(name.lower(), ctype)), "key", None),
                more_keys=bool(below))
            (self.report.errors if refused else self.report.warnings).append(Problem(rel, "", f"baris {line}: {message}", line))
        if src.split:  # a blank line among the keys: the header ended there
            line, text = src.split
            # Keys of the type under the blank line that the header lacks: two of them, or a
            # required one, are the header cut in two; one label ("Sumber: Humas") is the body.
            lost = below - set(src.meta)
            if len(lost) >= 2 or any(ctype.keys[k].required is True for k in lost):
                refused = True
                self.error(rel, "", f"baris {line}: \"{text.strip()[:60]}\" dan baris sesudahnya terbaca sebagai isi, bukan "
                                    f"kepala berkas: kepala berakhir di baris kosong {line - 1}; hapus baris kosong itu "
                                    "(di antara kunci tidak boleh ada baris kosong)", line)
        before, warned = len(self.report.errors), len(self.report.warnings)
        values = self.check_fields(path, rel, ctype, src)
        mixed = self.header_written_once(rel, src)
        if mixed:  # said once, as written: not again for the value the lines run together into
            self.report.errors[before:] = [e for e in self.report.errors[before:] if e.key.lower() not in mixed]
            self.report.warnings[warned:] = [w for w in self.report.warnings[warned:] if w.key.lower() not in mixed]
            self.report.errors += mixed.values()
        mentioned = tuple(strip_link_prefix(p.strip(), FIELD_LINK_PREFIXES)[0].lstrip("/")
                          for f in ctype.fields if f.kind in LOCATION_KINDS for p in re.split(r"[,;]", src.meta.get(f.name, "")) if p.strip())
        if refused:
            # The keys written below that line (or blank line) are not missing: the line above says why they are not read.
            below = source.keys_below_cut(src)
            self.report.errors[before:] = [e for e in self.report.errors[before:]
                                           if not (e.key.lower() in below and e.message.startswith("wajib diisi"))]
        item = Item(path=path, rel=rel, ctype=ctype, values=values, body=src.body, mentioned=mentioned)
        item.slug = regulasi.slug_of(values) if ctype is REGULASI else item_slug(values, path)
        item.published = self.is_published(ctype, values)
        item.url = self.url_of(ctype, values, item.slug)
        title = values.get("title")
        if isinstance(title, str) and title.strip() and not any(c.isalnum() for c in title) and not values.get("slug"):
            # (emoji or marks alone: a screen reader, the search and the address get nothing of it)
            self.warn(rel, "Title", f"judul \"{title.strip()}\" tanpa huruf atau angka: pembaca layar dan pencarian "
                                    f"tidak mendapat apa pun darinya, dan alamat halamannya menjadi /{item.url} (dari "
                                    "nama berkas); tulis judul dengan kata-kata")
        self.check_body(item, src)
        self.check_scanned(item, src)
        self.check_headings(item, src)
        self.check_substance(item, src)
        self.check_spoken(item, src)
        self.check_hours(item, src)
        self.check_folder(item, path)
        item.placeholders = placeholders_in(item)
        self.report.items.append(item)

    def in_wrong_folder(self, rel: str, ctype: ContentType, src: source.Source) -> bool:
        """A file whose header holds two or more keys of one other type alone (a news
        item saved among the DIP entries): one error saying where it belongs, before the
        keys' own messages; its type's missing keys are not listed too."""
        other_keys: dict[str, list[str]] = {}
        for name in src.meta:
            owners = [t for t in CONTENT_TYPES.values() if name in t.keys] if name not in ctype.keys else []
            if len(owners) == 1:
                other_keys.setdefault(owners[0].slug, []).append(src.keys.get(name, name))
        found = max(other_keys.items(), key=lambda kv: len(kv[1]), default=(None, []))
        own = [n for n in src.meta if n in ctype.keys and sum(n in t.keys for t in CONTENT_TYPES.values()) == 1]
        if len(found[1]) < 2 or own:  # an event with an Image carries Mulai: it is an event
            return False
        other = CONTENT_TYPES[found[0]]
        opd = src.meta.get("opd", "").strip()
        where = f"content/{other.slug}/{opd + '/' if other.per_opd and opd else ''}"
        self.error(rel, "", f"berkas ini tampaknya {other.label.lower()} (kunci {', '.join(found[1])}), bukan "
                            f"{ctype.label.lower()}: pindahkan ke {where}")
        return True

    def check_fields(self, path: Path, rel: str, ctype: ContentType, src: source.Source) -> dict:
        known = ctype.keys
        values: dict = {}
        moved = self.in_wrong_folder(rel, ctype, src)
        for name, raw in src.meta.items():
            f = known.get(name)
            meant = meant_key(name, ctype) if f is None else None
            elsewhere = [t for t in CONTENT_TYPES.values() if t is not ctype and name in t.keys] if f is None else []
            if elsewhere and moved:
                continue  # said once, with where the file belongs (in_wrong_folder)
            if elsewhere:
                # Whose key it is; the file may be in the wrong folder only when one other type has it.
                say = self.error if name in PELICAN_KEYS else self.warn
                if meant:
                    hint = f"; mungkin maksudnya {meant.key}?"
                elif name == "date" and ctype.date_key:
                    hint = f"; tanggal {ctype.label.lower()} ditulis di {ctype.date_key}"
                else:
                    hint = ""
                if len(elsewhere) == 1 and not meant:
                    other = elsewhere[0]
                    hint += (f"; hapus baris ini, atau pindahkan berkasnya ke content/{other.slug}/ bila ini memang "
                             f"{other.label.lower()}")
                    whose = f" (kunci {other.label.lower()})"
                else:
                    hint += "; hapus baris ini" if not meant else ""
                    whose = ""
                say(rel, src.keys.get(name, name), f"bukan kunci {ctype.label.lower()}{whose} dan tidak dibaca{hint}")
                continue
            if f is None and name in PELICAN_KEYS:
                allowed = ", ".join(fl.key for fl in ctype.fields)
                self.error(rel, src.keys.get(name, name), f"kunci ini mengatur cara situs menulis halaman dan tidak diizinkan pada {ctype.label.lower()}; hapus baris ini (kunci yang boleh: {allowed})")
                continue
            if f is None:
                hint = f"; mungkin maksudnya {meant.key}?" if meant else ""
                if not meant and len(raw.split()) >= 8:  # "Sukamaju: Demam berdarah …", a lead sentence under the header
                    hint = ("; bila baris ini kalimat pembuka isi, sisipkan satu baris kosong sebelumnya "
                            "(kepala berkas diakhiri baris kosong)")
                self.warn(rel, src.keys.get(name, name), f"kunci tidak dikenal dan diabaikan (tidak sampai ke halaman){hint}")
                continue
            if raw.strip(" -–—.…/_?") == "":
                continue  # an empty value ("-", "…" as a placeholder too) counts as missing
            if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "\"'" and raw.count(raw[0]) == 2:
                self.warn(rel, f.key, f"nilainya diapit tanda kutip ({raw[:40]}), yang ikut tampil di halaman; kepala berkas "
                                      "tidak memakai tanda kutip: hapus tanda kutip di awal dan akhir")
            value, message = self.parse(f, raw, path)
            scaffolded = find_placeholder(raw) if message else None
            if scaffolded:  # a scaffold's text where a date or a choice belongs: say so, not "not a date"
                text = scaffolded.group(0)
                if src.meta.get("status", "").strip().lower() == "draft":  # as any placeholder in a draft: a warning
                    self.warn(rel, f.key, f"masih berisi teks contoh '{text}' (draf, belum terbit); ganti dengan "
                                          f"{text[5:-1].strip()} sebelum terbit")
                    continue
                message = f"masih berisi teks contoh '{text}'; ganti dengan {text[5:-1].strip()}"
            if message:
                self.error(rel, f.key, message)
            else:
                values[f.name] = value
        for f in ctype.fields:
            present = f.name in src.meta and src.meta[f.name].strip(" -–—.…/_?") != ""
            if not present and f.is_required(values) and not moved:  # a file in another type's folder lacks them all
                self.error(rel, f.key, self.missing_message(f))
            if present and f.is_forbidden(values):
                self.error(rel, f.key, f"tidak boleh diisi {f.forbidden.describe()}; {f.forbidden_hint}")
        for rule in ctype.rules:
            message = rule.check(values)
            if message:
                self.error(rel, ctype.field(rule.key).key, message)
        return values

    def missing_message(self, f: Field) -> str:
        what = f.help.rstrip(".")
        allowed = self.allowed(f)
        form = kinds.of(f).form
        extra = f"; pilihan: {allowed}" if allowed else (f"; bentuknya {form}" if "YYYY" in form else "")
        return f"wajib diisi ({what}){extra}"

    def allowed(self, f: Field) -> str:
        terms = self.terms(f)
        return ", ".join(t.slug for t in terms) if terms else ""

    def terms(self, f: Field) -> tuple[Term, ...]:
        return self.vocab.get(f.choices, ()) if isinstance(f.choices, str) else f.choices

    # --- values ----------------------------------------------------------------

    def parse(self, f: Field, raw: str, path: Path):
        """Return (value, None) or (None, message): the field's kind parses it."""
        return kinds.of(f).parse(self, f, raw, path)

    def parse_path(self, f: Field, raw: str, path: Path):
        if raw.rstrip().endswith(";") and ";" not in raw.rstrip()[:-1]:
            return None, f"\"{raw[:80]}\": hapus titik koma di akhir baris"
        if ";" in raw:
            return None, f"\"{raw[:80]}\": pisahkan beberapa berkas dengan koma, bukan titik koma"
        value, prefixed = strip_link_prefix(raw.strip(), FIELD_LINK_PREFIXES)
        if prefixed:
            value = value.lstrip("/")
        if re.match(r"^[a-z]+://", value, re.I):
            return None, (f"\"{raw[:80]}\" adalah alamat web, bukan berkas di dalam content/: unduh berkasnya, simpan "
                          "di content/ (foto di images/, dokumen di dokumen/) lalu tulis lokasinya; alamat web ditulis di "
                          "kolom Tautan bila jenis konten ini punya")
        example = {"image": "images/2024/foto.jpg", "audio": "audio/nama-berkas.mp3"}.get(f.kind, "dokumen/nama-opd/nama-berkas.pdf")
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", value):
            return None, (f"\"{raw}\" adalah lokasi di komputer atau di luar situs; salin berkasnya ke dalam folder content/ "
                          f"lalu tulis lokasinya dari folder itu, mis. {example}")
        try:
            target = (self.content / value).resolve()
            outside = not target.is_relative_to(self.content)
            if self.deps is not None and not outside:
                self.deps.add(target)  # its state before it is looked at (``Noted``)
            missing = outside or not target.is_file()
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a symbolic link that points at itself
            return None, f"\"{raw[:80]}\" bukan lokasi berkas yang sah; tulis mis. {example}"
        if outside:
            return None, f"\"{raw}\" berada di luar folder content/; simpan berkasnya di dalam content/"
        if missing:
            return None, f"berkas \"{raw}\" tidak ditemukan di dalam content/; " + self.nearest_file(value)
        rel = target.relative_to(self.content).as_posix()
        concealed = safety.hidden(rel)
        if concealed:
            return None, f"\"{raw}\" adalah {concealed}"
        message = kinds.of(f).file_problem(target, self.settings)
        if message:
            return None, f"\"{raw}\" {message}"
        return rel, None

    def nearest_file(self, value: str) -> str:
        """What to write for a file path that names no file: without ``content/`` in front,
        with ``/`` for ``\\``, or the name of the file there spelt with other capitals."""
        said = "periksa ejaan dan huruf besar-kecilnya"
        meant = as_under_content(value, self.content)
        if meant:
            return f"tulis {meant} (lokasi dihitung dari folder content/, dengan garis miring /)"
        candidate = self.content / value.replace("\\", "/").removeprefix("content/")
        try:
            folder, name = candidate.parent, candidate.name.casefold()
            same = [p.name for p in folder.iterdir() if p.name.casefold() == name] if folder.is_dir() else []
        except OSError:
            same = []
        if same:
            rel = (folder / same[0]).relative_to(self.content).as_posix()
            return f"{said}: yang ada {rel} (huruf besar-kecil harus sama persis)"
        return said

    # --- body, folder, publication ---------------------------------------------

    def check_body(self, item: Item, src: source.Source):
        for key, message, line in self.safety.problems(item, src):
            self.error(item.rel, key, message, line)
        for key, rule in item.ctype.body_rules:
            for message in rule(item.values, item.body):
                self.error(item.rel, key, message)

    def check_scanned(self, item: Item, src: source.Source):
        """A PDF it publishes that is scanned pages without text: a warning (the site
        publishes it; citizens using a screen reader cannot read it)."""
        docs = [(src.keys.get(key.lower(), key), d) for key, d in item.ctype.documents(item.values)]
        docs += [("isi", d) for d in item.linked]
        for key, doc in dict.fromkeys(docs):
            if berkas.scanned(self.content / doc):
                item.scanned += (doc,)
                self.warn(item.rel, key, scanned_message(doc))

    def check_headings(self, item: Item, src: source.Source):
        """A heading of the first level in the text (``# Judul``, or a line underlined with
        ``===``): the page's title already is its one first-level heading, and a second one
        misleads those who move through a page by its headings (screen readers). A tag
        copied from social media at a line's start (``#SukamajuSehat``) is one too for
        python-markdown (no space needed after ``#``): said as such. A warning: the page is
        published, its text as written (the kit renders Markdown as python-markdown does)."""
        if not H1_CANDIDATE.search(src.body) or "<h1" not in self.safety.render(src.body):
            return
        lines, fenced, first = src.body.split("\n"), False, None
        for i, ln in enumerate(lines):
            if FENCE.match(ln):
                fenced = not fenced  # a "# comment" in a code block is no heading
            elif not fenced and (ATX_H1.match(ln) or i + 1 < len(lines) and ln.strip() and SETEXT_H1.match(lines[i + 1])):
                first = i
                break
        written = lines[first].strip() if first is not None else ""
        line = source.line_where(item.path, lambda text: text.strip() == written, body=True) if written else 0
        tag = HASHTAG.match(written)
        self.report.warnings.append(Problem(item.rel, "isi", (
            f"baris \"{written[:60]}\" tampil sebagai judul besar, bukan tagar: tanda pagar di awal baris membuat judul; "
            f"tulis \\{tag.group(0)} (garis miring terbalik di depan tanda pagar), atau pindahkan tagarnya ke Tags") if tag else (
            f"judul \"{written.lstrip('#').strip()[:60]}\" di isi setingkat judul halaman (judul 1): halaman sudah punya satu "
            "judul utama, yaitu Title, dan judul utama kedua membingungkan pembaca layar; tulis ## di depannya untuk subjudul"
            + ("" if ATX_H1.match(written) else " (dan hapus garis === di bawahnya)")),
            line))

    def check_substance(self, item: Item, src: source.Source):
        """A published berkala entry with no document, no link and a text of a few lines: the
        berkala index counts its cell current, but a reader (and a Monev verifier) who opens
        it finds no report to read. A warning: the text may be the information itself."""
        values = item.values
        if not (item.ctype is DIP and item.published and values.get("jenis") == "berkala"):
            return
        # A Dokumen or Tautan written (a wrong one is an error already), a document or a page of
        # the site (a regulation's) linked from the text, or a text long enough to be the information.
        if (src.meta.get("dokumen", "").strip() or src.meta.get("tautan", "").strip() or item.linked
                or "{filename}" in src.body or len(src.body.split()) >= SUBSTANTIAL_WORDS):
            return
        opd = values.get("opd") or "<opd>"
        item.bare = True
        self.warn(item.rel, src.keys.get("dokumen", "Dokumen"),
                  f"entri berkala ini tanpa Dokumen atau Tautan dan isinya hanya {len(src.body.split())} kata: pembaca dan "
                  f"verifikator Monev tidak menemukan informasinya, walau selnya di informasi-berkala/ terhitung; "
                  f"simpan berkasnya di content/dokumen/{opd}/ lalu tulis Dokumen: dokumen/{opd}/nama-berkas.pdf, "
                  f"tautkan di Tautan, atau tulis informasinya di isi")

    def check_hours(self, item: Item, src: source.Source):
        """An event's start or end written as a date alone is shown at 00:00 (and written so
        in its calendar file): a warning asks for the hour, or for ``Sepanjang-Hari: ya``
        (an event without hours, shown and written to calendars by its days alone)."""
        if item.ctype.slug != "agenda" or item.values.get("sepanjang-hari") == "ya":
            return
        for f in item.ctype.fields:
            raw = src.meta.get(f.name, "").strip()
            if f.kind == "datetime" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                self.warn(item.rel, src.keys.get(f.name, f.key), f"{raw} tanpa jam tampil sebagai pukul 00:00; "
                                                                  f"tulis jamnya juga, mis. {raw} 09:00, atau tulis "
                                                                  f"Sepanjang-Hari: ya untuk acara tanpa jam")

    def check_spoken(self, item: Item, src: source.Source):
        """A page with a spoken version (``Audio``) holds its transcript, its own text (WCAG
        1.2.1, for citizens who cannot hear it); a maklumat is text, not an image of one
        (KIP.md, service standards). Warnings: the page is published all the same."""
        if not (item.values.get("audio") or item.values.get("layanan") == "maklumat"):
            return
        audio = item.values.get("audio") or ()
        if audio and not any(a.lower().endswith(".mp3") for a in audio):
            self.warn(item.rel, src.keys.get("audio", "Audio"),
                      "versi suara hanya berformat Ogg, yang tidak diputar Safari (iPhone, iPad, Mac); tambahkan salinan "
                      f"MP3 suara yang sama, dipisah koma: Audio: {audio[0]}, {audio[0].rsplit('.', 1)[0]}.mp3")
        words = len(WORDS.findall(IMAGE_OR_TAG.sub(" ", src.body)))
        if words >= TEXT_WORDS:
            return
        if item.values.get("audio"):
            self.warn(item.rel, src.keys.get("audio", "Audio"),
                      "halaman dengan versi suara harus memuat teksnya (transkrip untuk warga tunarungu), tetapi isi "
                      "halaman hampir tanpa teks; tulis teks lengkap yang dibacakan di isi halaman")
        else:
            self.warn(item.rel, src.keys.get("layanan", "Layanan"),
                      f"maklumat pelayanan hampir tanpa teks ({words} kata); maklumat harus berupa teks lengkap, bukan hanya "
                      "gambar (pembaca layar tidak dapat membaca gambar, dan verifikator Monev memeriksanya); tulis teks maklumat "
                      "di isi halaman")

    def check_folder(self, item: Item, path: Path):
        parts = path.relative_to(self.content).parts
        if item.ctype.per_opd and "opd" in item.values and len(parts) > 2 and parts[1] != item.values["opd"]:
            self.warn(item.rel, "OPD", f"berkas ada di folder {parts[0]}/{parts[1]}/ tetapi OPD: {item.values['opd']}; pindahkan ke {parts[0]}/{item.values['opd']}/")

    def is_published(self, ctype: ContentType, values: dict) -> bool:
        if values.get("status", "published") != "published":
            return False
        when = values.get(ctype.date_key.lower()) if ctype.scheduled else None
        if not when:
            return True
        # A future Date publishes on that day of the region's calendar, as the contract and
        # the author guide say: from the first build of the day (the scheduled one just
        # after midnight) whatever its hour, which is no embargo (README, "Rebuild daily").
        if isinstance(when, datetime):
            when = (when.astimezone(self.tz) if when.tzinfo else when).date()
        return when <= self.now.astimezone(self.tz).date()

    def url_of(self, ctype: ContentType, values: dict, slug: str) -> str:
        try:
            fields = {k: v for k, v in values.items() if k.isidentifier()}
            pattern = ctype.opd_url if ctype.opd_url and values.get("opd") else ctype.url
            return pattern.format(**{**fields, "slug": slug})
        except (KeyError, AttributeError, ValueError):
            return ""  # a required field is missing: already reported

    # --- across files ------------------------------------------------------------

    def check_urls(self):
        groups: dict[str, list[Item]] = {}
        reserved = reserved_slugs(self.settings)
        for item in self.report.items:
            if not item.url:
                continue
            if item.ctype is HALAMAN and item.slug in (OPD_FOLDERS if item.values.get("opd") else reserved):
                self.error(item.rel, "Slug", f"alamat /{item.url} dipakai oleh situs sendiri; pilih Slug lain")
                continue
            groups.setdefault(item.url, []).append(item)
        for item, others in _each_with_others(groups):
            if item.ctype is REGULASI and item.values.get("status-berlaku") != regulasi.RANCANGAN:
                group = groups[item.url]
                if len({self.regulation_key(i) for i in group}) == 1:
                    continue  # the same regulation twice: said by check_regulations
                written = {i.values.get("nomor") for i in group}
                self.error(item.rel, "Nomor", f"alamat /{item.url} sama dengan {others}" + (
                    f", walau nomornya ditulis lain ({', '.join(sorted(map(str, written)))}); tulis Nomor persis seperti "
                    "di salinan peraturan itu, tanda bacanya juga" if len(written) > 1 else
                    "; keputusan OPD lain bernomor sama: tulis nomor lengkapnya seperti di salinan keputusan (biasanya "
                    "memuat kode OPD, mis. 440/210/Dinkes/2025)"))
            elif all(o.body == item.body and o.values.get("title") == item.values.get("title")
                     for o in groups[item.url] if o is not item):
                # A copy (a file saved twice, "berita (1).md"): a Slug would publish it twice.
                self.error(item.rel, "Title", f"alamat /{item.url} sama dengan {others}, dan judul serta isinya sama: "
                                              "berkas salinan; hapus salah satunya")
            else:
                self.error(item.rel, "Title",
                           f"alamat /{item.url} sama dengan {others}; salah satu akan tertimpa, beri Slug yang berbeda")
        self.check_old_addresses(groups, reserved)
        self.check_layanan()
        self.check_page_links()

    def check_old_addresses(self, pages: dict, reserved):
        """Each former address (``Alamat-Lama``) of a published item becomes a page leading to
        it: an address of its own type's pattern (never a list or a page of the site's own),
        not one a published item has now, claimed by one item only."""
        claimed: dict[str, list[Item]] = {}
        for item in self.report.items:
            old = item.values.get("alamat-lama") or ()
            if not (old and item.published and item.url):
                continue
            halaman_opd = item.ctype is HALAMAN and item.values.get("opd")
            pattern = _page_pattern(item.ctype.opd_url if halaman_opd else item.ctype.url, self.report.registry)
            example = item.url if item.ctype is HALAMAN else _example_address(item.ctype.url)
            for address in old:
                taken = [o for o in pages.get(address, ()) if o.published]
                if address == item.url:
                    self.error(item.rel, "Alamat-Lama", f"/{address} adalah alamat halaman ini sekarang; hapus dari "
                                                        "Alamat-Lama")
                elif not pattern.fullmatch(address.strip("/")) or item.ctype is HALAMAN and (
                        address.strip("/").rsplit("/", 1)[-1] in OPD_FOLDERS if halaman_opd else address.strip("/") in reserved):
                    self.error(item.rel, "Alamat-Lama", f"/{address} bukan alamat {item.ctype.label.lower()} (bentuknya "
                                                        f"/{example}); tulis alamat lama halaman ini persis seperti dulu")
                elif taken:
                    self.error(item.rel, "Alamat-Lama", f"/{address} adalah alamat {', '.join(o.rel for o in taken)} "
                                                        "sekarang; alamat itu tidak bisa membawa pembaca ke sini")
                else:
                    claimed.setdefault(address, []).append(item)
        for address, group in claimed.items():
            for item, others in _each_with_others({address: group}):
                self.error(item.rel, "Alamat-Lama", f"/{address} juga ditulis di Alamat-Lama {others}; satu alamat lama "
                                                    "hanya bisa membawa ke satu halaman")

    def check_page_links(self):
        """A body link to the address of a news item, DIP entry, event or regulation (its
        pattern alone, ``schema`` ``url``: a year, a month, a registered OPD) that no
        published item has: the build's link check would refuse it, named here first with
        the nearest address. Other addresses (lists, OPD pages, a site's own pages) are
        left to the build, which knows every page it writes."""
        patterns = [(t, _page_pattern(t.url, self.report.registry)) for t in CONTENT_TYPES.values() if t is not HALAMAN]
        published = {i.url.strip("/") for i in self.report.items if i.published and i.url}
        published |= {a.strip("/") for i in self.report.items if i.published and i.url for a in i.values.get("alamat-lama") or ()}
        # Types with a file refused: the page linked may be that file's, which has no address yet.
        refused = {t.slug for p in self.report.errors for t in CONTENT_TYPES.values() if f"/{t.slug}/" in "/" + p.path.replace(os.sep, "/")}
        for item in self.report.items:
            for href in dict.fromkeys(item.pages_linked if item.published else ()):
                address = unquote(urlsplit(href).path).strip("/")
                ctype = next((t for t, rx in patterns if rx.fullmatch(address)), None)
                if ctype is None or address in published:
                    continue
                near = difflib.get_close_matches(address, [u for u in published if u.startswith(ctype.slug + "/")], n=1, cutoff=0.8)
                self.error(item.rel, "isi", f"tautan {href[:80]} menuju {ctype.label.lower()} yang tidak ada (tidak ada yang terbit "
                                            "di alamat itu); " + (f"mungkin maksudnya /{near[0]}/? " if near else "")
                           + "perbaiki alamatnya, atau tautkan berkasnya: [teks]({filename}/lokasi/berkas.md)"
                           + (f" (bila yang dituju berkas di {ctype.slug}/ yang sedang bermasalah, perbaiki berkas itu dulu)"
                              if ctype.slug in refused else ""),
                           source.line_with(item.path, href, body=True) or None)

    def check_layanan(self):
        """One published page per PPID service kind and PPID (Utama, or an OPD's
        Pelaksana): the PPID menu links to exactly one."""
        groups: dict[tuple, list[Item]] = {}
        for item in self.report.items:
            kind = item.values.get("layanan")
            if item.ctype is HALAMAN and kind and item.published:
                groups.setdefault((kind, item.values.get("opd")), []).append(item)
        for item, others in _each_with_others(groups):
            opd = item.values.get("opd")
            owner = f"PPID Pelaksana {opd}" if opd else "PPID Utama"
            self.error(item.rel, "Layanan", f"{item.values['layanan']} untuk {owner} sudah diisi oleh {others}; "
                                            "satu jenis layanan cukup satu halaman, gabungkan isinya atau ubah Layanan")

    def check_tags(self):
        found = tag.spellings(self.report.items)
        self.report.tag_names = tag.canonical(found)
        for rel, message in tag.variant_warnings(self.report.items, found):
            self.warn(rel, "Tags", message)

    def check_placeholders(self):
        """Scaffold text left in a field or the body (found per file, cached with it): an
        error in an item that would publish, a warning in a draft (decided here, outside
        the per-file cache: publishing depends on the day). In the preview a warning too: a
        file just made by `new` shows while its author writes it, instead of every page
        turning into the error page until the last example is replaced (``Report.held``)."""
        for item in self.report.items:
            for key, text, what in item.placeholders:
                hint = f"ganti dengan {text[5:-1].strip()}" if text.startswith("[ISI:") else what
                if item.published and self.preview:
                    self.report.held = True
                    self.warn(item.rel, key, f"masih berisi teks contoh '{text}'; {hint} sebelum terbit (pratinjau "
                                             "menampilkannya; build, check dan publish menolaknya)")
                elif item.published:
                    self.error(item.rel, key, f"masih berisi teks contoh '{text}'; {hint} sebelum terbit")
                else:
                    self.warn(item.rel, key, f"masih berisi teks contoh '{text}' (draf, belum terbit); {hint} sebelum terbit")

    def check_expired_exemptions(self):
        """An exempted entry past its Berlaku-Hingga should be opened (decided here, outside
        the per-file cache: it depends on the day), a warning from `check` as from the build."""
        today = self.now.astimezone(self.tz).date()
        for item in self.report.items:
            until = item.values.get("berlaku-hingga")
            if (item.ctype is DIP and item.published and item.values.get("jenis") == "dikecualikan"
                    and isinstance(until, date) and until < today):
                self.warn(item.rel, "Berlaku-Hingga",
                          f"masa pengecualian berakhir {until.isoformat()} (kedaluwarsa); informasi ini semestinya dibuka: "
                          "ubah Jenis, atau tetapkan uji konsekuensi baru dan perbarui Berlaku-Hingga")

    def check_far_future(self):
        """A date more than a year ahead holds an item back until then: most often a
        mistyped year (2062 for 2026). A warning (outside the per-file cache: the day moves)."""
        today = self.now.astimezone(self.tz).date()
        for item in self.report.items:
            if item.values.get("status", "published") != "published":
                continue
            # The item's few values looked at first, not every field of its type (a check of
            # every file on every build): the fields' order, for those far ahead.
            if not any(isinstance(when, date) and ((when.date() if isinstance(when, datetime) else when) - today).days > 366
                       for when in item.values.values()):
                continue
            for f in item.ctype.fields:
                when = item.values.get(f.name)
                if isinstance(when, datetime):
                    when = when.date()
                if f.name in FUTURE_ALLOWED or not isinstance(when, date) or (when - today).days <= 366:
                    continue
                if item.ctype.scheduled and f.key == item.ctype.date_key:
                    said = "berkas ini baru terbit pada tanggal itu. Salah ketik tahun? Tulis tanggal terbit yang benar"
                else:
                    said = "salah ketik tahun? Tanggal ini tampil apa adanya di halaman"
                self.warn(item.rel, f.key, f"{when.isoformat()} lebih dari setahun lagi; {said}")

    def check_past_dates(self):
        """An update or the making of the information dated after today (a mistyped year,
        2027 for 2026): a berkala cell counted it fresh for a year, and the page showed it
        as done. Allowed up to the item's own date when that is still to come (a
        scheduled item), so a check that passes today never fails on a later day. An
        error (outside the per-file cache: the day moves); drafts are left alone."""
        today = self.now.astimezone(self.tz).date()
        for item in self.report.items:
            if item.values.get("status", "published") != "published" or PAST_ONLY.isdisjoint(item.values):
                continue
            own = item.values.get(item.ctype.date_key.lower())
            limit = max(today, day_of(own)) if isinstance(own, date) else today
            for f in item.ctype.fields:
                if f.name not in PAST_ONLY:
                    continue
                value = item.values.get(f.name)
                if isinstance(value, str):  # Waktu-Pembuatan: a year or a day (ISO)
                    late = int(value[:4]) > limit.year if len(value) == 4 else date.fromisoformat(value) > limit
                elif isinstance(value, date):  # (a datetime too)
                    late = day_of(value) > limit
                else:
                    continue
                if late:
                    shown = value if isinstance(value, str) else f"{value:%Y-%m-%d}"
                    self.error(item.rel, f.key, f"{shown} masih di masa depan (hari ini {today.isoformat()}); tanggal ini "
                                                "mencatat yang sudah terjadi: salah ketik tahun? Tulis tanggal yang benar")

    def check_published_names(self):
        """Two documents that would publish under one slugged name (content.nama)."""
        seen: dict[str, str] = {}
        for item in self.report.items:
            for key, doc in item.ctype.documents(item.values):
                name = published_path(doc)
                first = seen.setdefault(name, doc)
                if first != doc:
                    self.error(item.rel, key, f"'{doc}' dan '{first}' terbit dengan nama yang sama ({name}); ganti nama salah satu berkas")

    def check_documents(self):
        self.check_published_names()
        folder = self.content / "dokumen"
        if not folder.is_dir():
            return
        used = self.referenced()
        for doc in sorted(folder.rglob("*")):
            if doc.is_file() and doc.relative_to(self.content).as_posix() not in used:
                self.warn(display_path(doc), "", "dokumen ini tidak dirujuk oleh entri mana pun (Dokumen, Dokumen-Uji-Konsekuensi) "
                                                 "atau tautan di isi, dan tidak diterbitkan")


    def regulation_key(self, item: Item) -> tuple:
        """Which regulation ``item`` is (``regulasi.key``); with its OPD when each OPD numbers
        its own (an instrument issued by ``{opd}``: Keputusan Kepala OPD)."""
        v = item.values
        inst = self.instruments.get(v.get("jenis"))
        return (*regulasi.key(v.get("jenis"), v.get("nomor") or "", v.get("tahun")),
                v.get("opd") if inst and "{opd}" in inst.sebutan else None)

    def check_regulations(self):
        """One regulation in one file (its jenis, nomor and tahun however written: ``012``,
        ``12/2024``); a reference to a regulation that is not on the site is a warning."""
        items = [i for i in self.report.items if i.ctype is REGULASI and i.values.get("jenis") and i.values.get("tahun")]
        same: dict[tuple, list[Item]] = {}
        for item in items:
            if item.values.get("nomor") and item.values.get("status-berlaku") != regulasi.RANCANGAN:
                same.setdefault(self.regulation_key(item), []).append(item)
        offered = regulasi.offered(self.settings)
        relations = regulasi.derive([i.values for i in items])
        today = self.now.astimezone(self.tz).date()
        for item, rel in zip(items, relations):
            inst = self.instruments.get(item.values.get("jenis"))
            if inst and item.values.get("jenis") not in offered:  # a Peraturan Wali Kota on a kabupaten's site
                self.warn(item.rel, "Jenis", f"{inst.nama} bukan produk hukum {regulasi.region(self.settings)['daerah']}; "
                                             f"pilih salah satu dari: {', '.join(offered)}")
            if inst and inst.nama.startswith("Peraturan") and rel.status not in (regulasi.RANCANGAN, regulasi.DICABUT) \
                    and not item.values.get("tanggal-pengundangan"):
                self.warn(item.rel, "Tanggal-Pengundangan", f"{inst.nama} berlaku setelah diundangkan dalam Lembaran "
                          "atau Berita Daerah; tanpa tanggalnya, JDIHN menerima peraturan ini tanpa tanggal pengundangan; "
                          "tulis tanggalnya dari salinan yang diundangkan")
            enacted = [k for k in ("Nomor", "Tanggal-Penetapan") if item.values.get(k.lower())]
            if rel.status == regulasi.RANCANGAN and enacted:
                # A draft enacted since, whose file kept its status: the site still shows the
                # draft, without its number (a draft's page and list never show them).
                self.warn(item.rel, enacted[0], f"{' dan '.join(enacted)} terisi, tetapi Status-Berlaku: rancangan, dan "
                          "halamannya menampilkan rancangan tanpa nomor; bila sudah ditetapkan, ubah Status-Berlaku menjadi "
                          "berlaku dan hapus baris Tahap (alamat rancangannya ditulis di Alamat-Lama); bila masih rancangan, "
                          f"hapus {' dan '.join(enacted)}")
            for key in PAST_ALWAYS[REGULASI.slug]:
                when = item.values.get(key.lower())
                if when and when > today:  # enacted or promulgated in days not yet come: a wrong year
                    self.error(item.rel, key, f"{when.isoformat()} masih di masa depan (hari ini {today.isoformat()}); "
                                              "tulis tanggal yang tertera di salinan peraturan")
        for item, others in _each_with_others(same):
            written = sorted({str(i.values["nomor"]) for i in same[self.regulation_key(item)]})
            self.error(item.rel, "Nomor", f"jenis, nomor dan tahun sama dengan {others}"
                       + (f" (nomornya ditulis {' dan '.join(written)}, peraturan yang sama)" if len(written) > 1 else "")
                       + "; hapus salah satunya bila salinan, atau perbaiki Nomor, Jenis atau Tahun")
        for item, rel in zip(items, relations):
            amended = {t for _, t in rel.mengubah if t is not None}
            for name, refs in (("Mengubah", rel.mengubah), ("Mencabut", rel.mencabut)):
                for ref, target in refs:
                    if target is None:
                        self.warn(item.rel, name, f"{ref} tidak ada di situs; rujukan ditampilkan tanpa tautan")
                    elif items[target] is item:
                        self.error(item.rel, name, f"{ref} adalah peraturan ini sendiri")
                    elif name == "Mencabut" and target in amended:
                        self.error(item.rel, name, f"{ref} juga ditulis di Mengubah; peraturan yang dicabut tidak lagi "
                                                   "diubah: hapus dari salah satunya")
                    else:
                        self.check_relation(item, name, ref, items[target])

    def check_relation(self, item: Item, name: str, ref, other: Item):
        """A regulation changes or revokes only one enacted before it, and of its rank or
        below (regulasi.rank: a Perbup does not amend a Perda)."""
        mine, theirs = item.values, other.values
        verb = "mengubah" if name == "Mengubah" else "mencabut"
        draft = mine.get("status-berlaku") == regulasi.RANCANGAN  # enacted later, whatever it names
        if not draft and (theirs.get("tahun"), theirs.get("tanggal-penetapan") or date.min) > (mine.get("tahun"), mine.get("tanggal-penetapan") or date.min):
            self.error(item.rel, name, f"{ref} ditetapkan sesudah peraturan ini; peraturan hanya dapat {verb} peraturan yang "
                                       "lebih dahulu: periksa rujukannya (jenis, nomor, tahun)")
            return
        low, high = (self.instruments.get(v.get("jenis")) for v in (mine, theirs))
        ranks = [regulasi.rank(i) if i else None for i in (low, high)]
        if None not in ranks and ranks[0] < ranks[1]:
            self.warn(item.rel, name, f"{low.nama} {verb} {high.nama} ({ref}): peraturan yang lebih rendah tidak dapat "
                                      f"{verb} yang lebih tinggi; periksa Jenis rujukannya")


def _page_pattern(url: str, opds) -> re.Pattern:
    """The addresses a content type's ``url`` pattern makes (``berita/{date:%Y}/{date:%m}/{slug}/``),
    as an expression: a year (a date's, or a regulation's ``{tahun}``), a month, a registered
    OPD, a name."""
    out, pos = [], 0
    for m in re.finditer(r"\{([^}]*)\}", url):
        name, _, form = m.group(1).partition(":")
        out.append(re.escape(url[pos:m.start()]))
        out.append(r"\d{4}" if form == "%Y" or name == "tahun" else r"\d{2}" if form == "%m" else
                   "(?:" + "|".join(map(re.escape, opds)) + ")" if name == "opd" else r"[^/]+")
        pos = m.end()
    return re.compile("".join(out) + re.escape(url[pos:].rstrip("/")))


def _example_address(url: str) -> str:
    """A content type's ``url`` pattern as an address to write (``agenda/2026/11/nama-acara/``)."""
    return re.sub(r"\{([^}:]*)(?::([^}]*))?\}", lambda m: {"%Y": "2026", "%m": "11"}.get(m.group(2) or "", f"<{m.group(1)}>"), url)


def _each_with_others(groups: dict):
    """Each item of a group of two or more that clash, with the others' names: every file
    of a clash is told, not only the one listed last (often the one nobody touched)."""
    for group in groups.values():
        if len(group) > 1:
            for item in group:
                yield item, ", ".join(o.rel for o in group if o is not item)


def placeholders_in(item: Item) -> tuple:
    """Scaffold text (``schema.find_placeholder``) in the item's fields, at most one per field, then
    in its body: (key, text, what to write instead)."""
    found = []
    for f in item.ctype.fields if item.ctype else ():
        values = item.values.get(f.name)
        for v in values if isinstance(values, (list, tuple)) else (values,):
            m = find_placeholder(v) if isinstance(v, str) else None
            if m:
                found.append((f.key, m.group(0), f"isi {f.label.lower()}"))
                break
    m = find_placeholder(item.body or "")
    if m:
        found.append(("isi", m.group(0), "tulis isi halaman (paragraf pertama menjadi ringkasan)"))
    return tuple(found)


class Noted(dict):
    """The files a content file's check refers to, each with its state (``FileCache.state``)
    taken when it is first noted, before the check looks at it: a file written meanwhile
    (a folder being copied back while the preview builds) differs from that state and is
    checked again by the next build. Taken after the check, the state of a file that
    appeared or was completed in between matched its final content, and the check's
    "tidak ditemukan" or "bukan berkas PDF yang sah" stayed cached."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def add(self, path: Path):
        if path not in self:
            self[path] = self.state(path)


class FileCache:
    """Per content file: the problems and item its check produced, with the md5 of the
    file and the state of every file it referred to. Entries not used in a run are dropped.

    The md5 of a file (a content file, or a photo or document one refers to) is kept with
    the file's size, modification time and inode, as the build's other caches keep theirs:
    a file whose three are unchanged is not read again (a site's photos would otherwise be
    read in full by every build)."""

    def __init__(self, path, salt: str, stamps: dict | None = None):
        self.path = Path(path) if path else None
        # One snapshot entry, named after the file given, in its folder.
        self.store = Store(self.path.parent.parent, self.path.parent.name, salt) if self.path else None
        self.old: dict = {}
        self.new: dict = {}
        old_digests = {}
        if self.store:
            stored = self.store.load(self.path.name)
            if isinstance(stored, tuple) and len(stored) == 2:
                self.old, old_digests = stored
        self.digests = FileDigests(old_digests, fresh=stamps)  # ``stamps``: see Checker

    def state(self, dep: Path) -> str | None:
        """md5 of a referred file, None when it is not a file."""
        return self.digests.of(dep)

    def get(self, path: Path, key: str):
        if not self.path:
            return None
        entry = self.old.get(str(path))
        if entry is None or entry[0] != key or any(self.state(d) != st for d, st in entry[1]):
            return None
        self.new[str(path)] = entry
        return pickle.loads(entry[2])  # a fresh copy: callers may change the item

    def put(self, path: Path, key: str, deps: Noted, result):
        if self.path:
            states = tuple(sorted(deps.items()))
            self.new[str(path)] = (key, states, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self):
        if not self.store or (self.new == self.old and self.digests.new == self.digests.old):
            return
        # Entries checked against their inputs: never stale.
        self.store.save(self.path.name, (self.new, self.digests.new), later=True)
