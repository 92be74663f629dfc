"""The region's own settings, checked before anything is built: what a Diskominfo edits in
``pelicanconf.py`` (the site's name, domain, contacts, accounts, news categories) and the
``SITEURL`` CI gives. A Python slip such as a one-item tuple without its comma
(``("mailto:csirt@…")`` is a string, and security.txt got a line per letter) or a domain
written as an address (``https://https://…`` in every canonical link) is said here, with
the setting, what it holds and what to write, instead of publishing wrong data or failing
later in a plugin's code.

One table (``SETTINGS``) says what each setting may hold; ``problems`` reads it.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common.urls import CREDENTIALS

from .registry import EMAIL
from .validate import Problem

DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", re.I)
SITE_ADDRESS = re.compile(r"https?://[^/\s?#@]+(/[^\s?#]*)?")  # no name or password before the host
CONTACT = ("mailto:", "https://", "tel:")


@dataclass(frozen=True)
class Setting:
    ok: Callable[[object], bool]
    allowed: str  # what the setting may hold, said to the person who edits it
    optional: bool = False  # may be left empty ("", (), None)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _texts(value) -> bool:
    return isinstance(value, (tuple, list)) and all(_text(v) for v in value)


def _zone(value) -> bool:
    try:
        return isinstance(value, str) and bool(zoneinfo.ZoneInfo(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # (OSError: "Asia", a folder of zones)
        return False


def _pairs(value) -> bool:
    return isinstance(value, (tuple, list)) and all(
        isinstance(v, (tuple, list)) and len(v) == 2 and _text(v[0]) and isinstance(v[1], str)
        and v[1].startswith(("https://", "http://")) for v in value)


TEXT = "teks, mis. \"{example}\""
# Only SITENAME is required: the theme leaves out what an empty one would show (a phone, an
# e-mail) or shows SITENAME instead (SITENAME_SHORT, SITE_OWNER).
SETTINGS = {
    "SITENAME": Setting(_text, TEXT.format(example="Portal Resmi Pemerintah Kabupaten Contoh")),
    "SITENAME_SHORT": Setting(_text, TEXT.format(example="Kabupaten Contoh"), optional=True),
    "SITE_OWNER": Setting(_text, TEXT.format(example="Pemerintah Kabupaten Contoh"), optional=True),
    "SITE_DESCRIPTION": Setting(_text, TEXT.format(example="Berita, agenda dan informasi publik Pemerintah Kabupaten Contoh."),
                                optional=True),
    "SITE_ADDRESS": Setting(_text, TEXT.format(example="Jl. Pemuda No. 1, Contoh 52311"), optional=True),
    "SITE_PHONE": Setting(_text, "teks dalam tanda kutip, mis. \"(0282) 521001\" (angka tanpa kutip kehilangan nol di depannya)",
                          optional=True),
    "SITE_EMAIL": Setting(lambda v: isinstance(v, str) and bool(EMAIL.fullmatch(v.strip())),
                          "alamat surel lengkap, mis. \"ppid@contohkab.go.id\"", optional=True),
    "SITE_DOMAIN": Setting(lambda v: isinstance(v, str) and bool(DOMAIN.fullmatch(v)),
                           "nama domain saja, tanpa https:// dan tanpa garis miring, mis. \"contohkab.go.id\"", optional=True),
    "SITEURL": Setting(lambda v: isinstance(v, str) and bool(SITE_ADDRESS.fullmatch(v)),
                       "alamat lengkap situs diawali https://, mis. https://contohkab.go.id", optional=True),
    "TIMEZONE": Setting(_zone, "zona waktu daerah: \"Asia/Jakarta\" (WIB), \"Asia/Makassar\" (WITA) atau \"Asia/Jayapura\" (WIT)",
                        optional=True),  # (empty: WIB)
    "SECURITY_CONTACT": Setting(
        lambda v: isinstance(v, (tuple, list)) and all(isinstance(c, str) and c.startswith(CONTACT) for c in v),
        "daftar alamat diawali mailto:, https:// atau tel:, dalam kurung dengan koma di akhir, mis. "
        "(\"mailto:csirt@contohkab.go.id\",) (satu alamat tanpa koma terbaca sebagai teks)", optional=True),
    "SOCIAL": Setting(_pairs, "daftar pasangan (nama, alamat https://), mis. ((\"Instagram\", "
                      "\"https://www.instagram.com/akun\"),) (satu pasangan pun diakhiri koma)", optional=True),
    "NEWS_CATEGORIES": Setting(lambda v: _texts(v) and bool(v), "daftar nama jenis berita dengan koma di akhir, mis. "
                               "(\"Berita\", \"Pengumuman\") atau (\"Berita\",) (satu nama tanpa koma terbaca sebagai teks)"),
}


def line_of(path: Path, key: str) -> int:
    """The last line ``key = …`` is written on in a settings file (the value Python keeps;
    0: not there)."""
    pattern = re.compile(rf"^{re.escape(key)}\s*[+]?=")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return max((n for n, line in enumerate(fh, 1) if pattern.match(line)), default=0)
    except OSError:
        return 0


def problems(settings, settings_file) -> list[Problem]:
    """Each setting of ``SETTINGS`` whose value cannot be what it should, named against the
    settings file that writes it (a publish build's publishconf.py, else the pelicanconf.py
    beside it) and its line."""
    given = Path(settings_file)
    files = [given] + ([given.with_name("pelicanconf.py")] if given.name != "pelicanconf.py" else [])
    found = []
    for key, setting in SETTINGS.items():
        value = settings.get(key)
        if key not in settings or setting.optional and value in ("", (), [], None) or setting.ok(value):
            continue
        where, line = next(((f.name, n) for f in files if (n := line_of(f, key))), (given.name, 0))
        shown = "nama pengguna atau sandi sebelum @ (tidak ditampilkan di sini)" \
            if isinstance(value, str) and CREDENTIALS.match(value) else repr(value)
        said = f"harus {setting.allowed}; tertulis {shown}"
        if key == "SITEURL" and os.environ.get("SITEURL"):  # CI's variable, which publishconf.py reads
            where, line, said = "publishconf.py", 0, said + " (dari variabel lingkungan SITEURL, mis. variabel CI)"
        found.append(Problem(where, key, said, line=line))
    return found
