"""A failed build explained in Indonesian: what failed, in which file and line, no traceback.

``explain(exc, root)`` turns any exception of a build into a ``Failure``:

- content problems (``content`` ``ContentError``): its ``path: Key: pesan`` lines;
- a template (Jinja syntax error, unknown macro or variable, missing template): the
  template file and line;
- the settings (``pelicanconf.py``) or a plugin: the file and line of the innermost frame
  that is project code;
- anything else: the exception's kind and message.

The common Jinja and Python messages are translated; others are quoted as they are.
Only the standard library is imported here, so a broken plugin cannot break the
explanation.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field

from common.paths import TEMPLATE_SUFFIXES


MESSAGES = [
    (r"'([^']+)' is undefined", r"'\1' tidak dikenal: belum didefinisikan, salah ketik, atau macro belum diimpor"),
    (r"'([^']+)' has no attribute '([^']+)'", r"'\1' tidak mempunyai atribut '\2'"),
    (r"'([^']+)' object has no attribute '([^']+)'", r"objek '\1' tidak mempunyai atribut '\2'"),
    # A block left open: Jinja names the innermost one (an {% if %} without its {% endif %}).
    (r"Encountered unknown tag '([^']+)'\..* The innermost block that needs to be closed is '([^']+)'\.?",
     r"tag '\1' tidak dikenal atau tidak pada tempatnya: blok {% \2 %} sebelumnya belum ditutup (kurang {% end\2 %}?)"),
    (r"Encountered unknown tag '([^']+)'\..*", r"tag '\1' tidak dikenal atau tidak pada tempatnya"),
    (r"[Uu]nexpected end of template\..* The innermost block that needs to be closed is '([^']+)'\.?",
     r"templat berakhir sebelum blok {% \1 %} ditutup (kurang {% end\1 %})"),
    (r"[Uu]nexpected end of template.*", "templat berakhir sebelum semua blok ditutup (kurang {% end… %}?)"),
    (r"Expected an expression, got '([^']+)'", r"seharusnya ada ekspresi, tertulis '\1'"),
    (r"expected token '([^']+)', got '([^']+)'", r"seharusnya '\1', tertulis '\2'"),
    (r"unexpected char '([^']+)'.*", r"karakter '\1' tidak diharapkan di sini"),
    (r"unexpected '([^']+)'", r"'\1' tidak diharapkan di sini"),
    # (Said when the template is compiled, or "… found." when it runs a branch it skipped then.)
    (r"No filter named '([^']+)'(?: found)?\.?", r"filter '\1' tidak dikenal"),
    (r"No test named '([^']+)'(?: found)?\.?", r"uji '\1' tidak dikenal"),
    (r"invalid syntax.*", "sintaks Python tidak sah"),
    (r"leading zeros in decimal integer literals are not permitted.*",
     "angka tidak boleh diawali 0: nomor telepon, kode pos dan sejenisnya ditulis sebagai teks dalam tanda kutip, "
     "mis. \"0282521001\""),
    (r"\(unicode error\) 'utf-8' codec can't decode byte (0x[0-9a-f]{2}).*",
     r"berkas tidak tersimpan sebagai UTF-8 (byte \1, mis. huruf é dari ANSI/Windows-1252); simpan ulang sebagai UTF-8 "
     "(Notepad: Simpan Sebagai, Encoding: UTF-8)"),
    (r"unterminated string literal.*", "string tidak ditutup"),
    (r"'([^']+)' was never closed", r"'\1' tidak pernah ditutup"),
    (r"unmatched '([^']+)'", r"'\1' tidak berpasangan"),
    (r"(?:unexpected|unindent does not match any outer) indent.*", "indentasi tidak sah"),
    (r"name '([^']+)' is not defined", r"nama '\1' tidak dikenal"),
    (r"No module named '([^']+)'", r"modul '\1' tidak ditemukan"),
    (r"cannot import name '([^']+)' from '([^']+)'.*", r"'\1' tidak ada di modul '\2'"),
    # What a template meets while it renders (a value of another kind than it expects).
    (r"maximum recursion depth exceeded.*",
     "templat atau macro memanggil dirinya sendiri tanpa henti (include, extends, import atau macro yang berputar)"),
    (r"'NoneType' object is not iterable", "nilainya kosong (None), tidak dapat diulang dengan for: periksa dulu dengan {% if … %}"),
    (r"'([^']+)' object is not iterable", r"nilai bertipe '\1' tidak dapat diulang dengan for"),
    (r"'NoneType' object is not callable", "nilainya kosong (None), bukan fungsi atau macro: tidak dapat dipanggil"),
    (r"'([^']+)' object is not callable", r"nilai bertipe '\1' bukan fungsi atau macro: tidak dapat dipanggil"),
    (r'can only concatenate str \(not "([^"]+)"\) to str',
     r"teks hanya dapat disambung dengan teks, bukan '\1': pakai ~ (mis. {{ judul ~ tahun }})"),
    (r"unsupported operand type\(s\) for ([^:]+): '([^']+)' and '([^']+)'",
     r"operasi '\1' tidak dapat dipakai pada nilai bertipe '\2' dan '\3'"),
    (r"(?:integer |float )?division(?: or modulo)? by zero", "pembagian dengan nol"),
]


CONTEXT = 2  # lines shown before and after the failing one
WIDTH = 160  # characters shown of each


@dataclass
class Failure:
    """What the terminal prints and the error page shows. ``excerpt``: the failing line
    of ``file`` with its neighbours, as the file reads now ((number, text) each)."""

    title: str
    lines: list[str] = field(default_factory=list)
    file: str = ""
    line: int | None = None
    excerpt: list[tuple[int, str]] = field(default_factory=list)

    def text(self) -> str:
        out = [self.title] + [f"  {x}" for x in self.lines]
        width = len(str(self.excerpt[-1][0])) if self.excerpt else 0
        for number, text in self.excerpt:
            out.append(f"  {'>' if number == self.line else ' '} {number:>{width}} | {text}".rstrip())
        return "\n".join(out)

    def as_dict(self) -> dict:
        return {"title": self.title, "lines": self.lines, "file": self.file, "line": self.line,
                "excerpt": [list(pair) for pair in self.excerpt]}

    @classmethod
    def from_dict(cls, data: dict) -> Failure:
        excerpt = [(int(n), str(t)) for n, t in data.get("excerpt") or ()]
        return cls(data["title"], list(data.get("lines") or []), data.get("file") or "", data.get("line"), excerpt)


def lines_around(path: str, line: int | None) -> list[tuple[int, str]]:
    """Line ``line`` of the file at ``path`` and ``CONTEXT`` lines each side; nothing when
    the file cannot be read or is shorter."""
    if not line or line < 1:
        return []
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read().splitlines()
    except OSError:
        return []
    if line > len(text):
        return []
    first, last = max(1, line - CONTEXT), min(len(text), line + CONTEXT)
    return [(n, _shown(text[n - 1])) for n in range(first, last + 1)]


def _shown(text: str) -> str:
    text = text.expandtabs(4)
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


# Jinja's messages that quote the names of a template's parts, and those names.
TOKEN_MESSAGES = frozenset({r"Expected an expression, got '([^']+)'", r"expected token '([^']+)', got '([^']+)'",
                            r"unexpected '([^']+)'"})
TOKENS = {"end of statement block": "%} (akhir perintah)", "end of print statement": "}} (akhir cetakan)",
          "begin of statement block": "{% (awal perintah)", "begin of print statement": "{{ (awal cetakan)",
          "end of template": "akhir templat", "name": "nama", "string": "teks", "integer": "angka"}


def translate(message: str) -> str:
    message = " ".join(str(message).split())
    for pattern, replacement in MESSAGES:
        m = re.fullmatch(pattern, message)
        if m:
            # Jinja's names of the template's parts translated in its token messages only:
            # elsewhere a quoted word is the author's own ('name' is undefined).
            groups = [TOKENS.get(g, g) if pattern in TOKEN_MESSAGES else g for g in m.groups()]
            return re.sub(r"\\(\d)", lambda ref: groups[int(ref.group(1)) - 1], replacement)
    return f"{message} (pesan asli)"


# Exceptions whose message alone names no problem (a KeyError's is the missing key).
BARE = frozenset({"KeyError", "IndexError", "StopIteration", "AssertionError", "LookupError"})


def frames_of(exc) -> list[tuple[str, int]]:
    """(file, line) of each frame, outermost first; a render error from a worker process
    carries the frames of the original exception (``frames``)."""
    carried = getattr(exc, "frames", None)
    if carried is not None:
        return [tuple(f) for f in carried]
    out = []
    tb = exc.__traceback__
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return out


def _kind_detail(exc) -> tuple[str, str]:
    detail = getattr(exc, "detail", None) or getattr(exc, "message", None) or getattr(exc, "msg", None) or str(exc)
    return getattr(exc, "kind", None) or type(exc).__name__, str(detail)


def _rel_to(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def _rel(path: str, root: str) -> str:
    """``path`` from the kit's ``root``; a site's own file (its templates, its settings:
    a site made by situs-baru, ``SITUS``, whose kit is in ``kit/``) from the site's folder,
    as the site's repository names it."""
    rel = _rel_to(path, root)
    site = os.environ.get("SITUS")
    return _rel_to(path, site) if rel == path and site else rel


def _is_project(path: str, root: str) -> bool:
    rel = _rel(path, root)
    return rel != path and not rel.startswith((".venv/", "venv/")) and "site-packages" not in rel


def refused(lines: list[str], root: str | None = None, problems=()) -> Failure:
    """The failure of a build that validation refused: its problems' lines, titled as the
    settings' or the content's (``content.validate.about_settings``); with the lines of the
    file around the first of ``problems`` (``content.validate.Problem``) that has a line,
    found from the site's folder or ``root``."""
    from content.validate import about_settings

    if about_settings(lines):
        return Failure("Pengaturan tidak dapat dipakai; situs belum dibangun ulang.", lines)
    failure = Failure("Konten belum sah; situs belum dibangun ulang.", lines)
    first = next((p for p in problems if not isinstance(p, str) and p.at()), None)
    for base in filter(None, (os.environ.get("SITUS"), root)) if first else ():
        path = os.path.join(base, first.path)
        if os.path.isfile(path):
            failure.file, failure.line, failure.excerpt = first.path, first.at(), lines_around(path, first.at())
            break
    return failure


# What the computer refused (an OSError's errno), said without blaming the code that asked.
REFUSALS = {
    errno.ENOSPC: "disk penuh: tidak ada ruang untuk menulis {path}; kosongkan ruang disk, lalu simpan lagi",
    errno.EDQUOT: "kuota disk habis: tidak ada ruang untuk menulis {path}; kosongkan ruang disk, lalu simpan lagi",
    errno.EXDEV: ("{path} dan folder keluaran berada di perangkat (mount, volume) yang berbeda, jadi hasil build tidak "
                  "dapat dipindahkan ke sana; jadikan output/ folder biasa, atau tautan simbolik ke folder di perangkat itu"),
    errno.EACCES: "izin ditolak untuk {path}; periksa pemilik dan hak akses berkas atau folder itu",
    errno.EPERM: "izin ditolak untuk {path}; periksa pemilik dan hak akses berkas atau folder itu",
    errno.EROFS: "{path} berada di sistem berkas hanya-baca; pakai folder yang dapat ditulis",
    errno.EBUSY: "{path} sedang dipakai atau berupa titik kait (mount); pakai folder biasa untuk output/",
}


def explain(exc: BaseException, root) -> Failure:
    root = os.path.abspath(str(root))
    problems = getattr(exc, "problems", None)
    if problems is not None and hasattr(exc, "report"):  # content.validate.ContentError
        return refused([str(p) for p in problems], root, problems)
    if isinstance(exc, OSError) and exc.errno in REFUSALS:
        path = _rel(str(exc.filename), root) if exc.filename else "berkas"
        return Failure("Build gagal: komputer menolak menulis atau membaca berkas.", [REFUSALS[exc.errno].format(path=path)])
    kind, detail = _kind_detail(exc)
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if kind in ("TemplateNotFound", "TemplatesNotFound", "PelicanTemplateNotFound"):
        pelicans = re.match(r"\[templates\] unable to load (\S+?)\[", detail) if kind == "PelicanTemplateNotFound" else None
        names = [pelicans.group(1) + ".html"] if pelicans else getattr(exc, "templates", None) or [getattr(exc, "name", None) or detail]
        folders = "templates/ situs ini maupun di kit/theme/templates/" if os.environ.get("SITUS") else "theme/templates/"
        said = f"templat {', '.join(map(str, names))} tidak ditemukan di {folders}"
        # The template whose include, import or extends asked for it, at its line.
        caller = [f for f in frames_of(exc) if f[0].endswith(TEMPLATE_SUFFIXES) and _is_project(f[0], root)]
        if caller:
            file, line = caller[-1]
            rel = _rel(file, root)
            full = file if os.path.isabs(file) else os.path.join(root, file)
            return Failure("Templat tidak dapat dipakai.", [f"{rel}, baris {line}: {said}"], rel, line, lines_around(full, line))
        return Failure("Templat tidak dapat dipakai.", [said])
    if not file or not line:
        file, line = None, None
        frames = [f for f in frames_of(exc) if _is_project(f[0], root)]
        templates = [f for f in frames if f[0].endswith(TEMPLATE_SUFFIXES)]
        chosen = templates[-1] if templates else frames[-1] if frames else None
        if chosen:
            file, line = chosen
    message = translate(detail)
    if message.endswith("(pesan asli)") and kind in BARE:
        message = f"{kind}: {message}"  # KeyError: 'b', not 'b' alone
    if not file:
        return Failure("Build gagal.", [f"{kind}: {message}"])
    rel = _rel(file, root)
    where = f"{rel}, baris {line}" if line else rel
    if rel.endswith(TEMPLATE_SUFFIXES):
        title = "Templat tidak dapat dipakai."
    elif rel in ("pelicanconf.py", "publishconf.py"):
        title = "Pengaturan tidak dapat dibaca."
    elif rel.startswith("plugins/"):
        title = "Galat pada kode plugin."
    else:
        title = "Build gagal."
    full = file if os.path.isabs(file) else os.path.join(root, file)
    return Failure(title, [f"{where}: {message}"], rel, line, lines_around(full, line))
