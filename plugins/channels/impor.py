"""`invoke import-narasi`: one entry of an Atom or RSS feed becomes a narasi tunggal
news item, content/berita/<opd>/<slug>.md, with every required field filled in.

The entry's HTML is sanitized with nh3 (no script, no event handlers, no embeds
except from EMBED_ALLOWED_HOSTS) and then converted to Markdown with markdownify.
Errors are `NarasiError` with an Indonesian message; the task prints it and exits 1.
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser
import nh3
from markdownify import MarkdownConverter
from slugify import slugify

from common.paths import display_path
from content import html_policy

USER_AGENT = "situs-daerah/1.0 (+import-narasi)"
TIMEOUT = 20
NARASI_TAG = "narasi tunggal"

ALLOWED_TAGS = {
    "p", "br", "hr", "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "code",
    "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "iframe",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
REMOVED_WITH_CONTENT = {"script", "style", "template", "object", "embed", "noscript"}


class NarasiError(Exception):
    """A problem the author can fix; the message is Indonesian."""


@dataclass
class Imported:
    path: Path
    title: str
    date: datetime
    sumber: str
    sumber_url: str
    notes: list[str]


# --- reading the feed ----------------------------------------------------------


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def fetch(source: str) -> tuple[bytes, dict]:
    """The feed's bytes and the headers feedparser uses to resolve relative links."""
    if is_url(source):
        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT, "Accept": "application/atom+xml, application/rss+xml, application/xml, text/xml;q=0.9, */*;q=0.5"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read(), {"content-location": response.geturl(), "content-type": response.headers.get("content-type", "")}
        except urllib.error.HTTPError as exc:
            raise NarasiError(f"{source}: server menjawab {exc.code} {exc.reason}; periksa alamat umpannya") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise NarasiError(f"{source}: tidak dapat dihubungi ({reason}); periksa alamat dan sambungan internet") from None
    path = Path(source)
    if not path.is_file():
        raise NarasiError(f"{source}: berkas tidak ditemukan; beri alamat umpan http(s)://… atau lokasi berkas umpan")
    try:
        return path.read_bytes(), {}
    except OSError as exc:
        raise NarasiError(f"{source}: berkas tidak dapat dibaca ({exc.strerror})") from None


def parse(source: str):
    data, headers = fetch(source)
    feed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    if not feed.version:
        raise NarasiError(f"{source}: bukan umpan Atom atau RSS; beri alamat umpannya (biasanya berakhiran /feed, /rss atau .xml)")
    if not feed.entries:
        raise NarasiError(f"{source}: umpan tidak berisi entri berita")
    return feed


# --- cleaning ----------------------------------------------------------------------


def sanitize(fragment: str, embed_hosts) -> str:
    hosts = {h.lower() for h in embed_hosts}

    def keep(tag, attribute, value):
        if tag == "iframe" and attribute == "src":
            return value if html_policy.embed_problem(value, hosts) is None else None
        return value

    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


class Converter(MarkdownConverter):
    """markdownify, keeping an allowed embed as raw HTML (Markdown passes it through)."""

    def convert_img(self, el, text, parent_tags):
        """The site loads no image from another host (privacy, and its CSP): a remote
        photo of the source becomes a link to it, named by its description."""
        src, alt = el.get("src") or "", (el.get("alt") or "").strip()
        if urlsplit(src).scheme in ("http", "https"):
            label = self.escape(f"Foto: {alt}" if alt else "Foto dari sumber", parent_tags)
            return f"[{label}]({src})"
        return super().convert_img(el, text, parent_tags)

    def convert_iframe(self, el, text, parent_tags):
        src = el.get("src")
        if not src:
            return ""  # the sanitizer removed a src from a host that is not allowed
        title = el.get("title") or "Video"
        return (
            f'\n\n<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="560" height="315" '
            'allowfullscreen></iframe>\n\n'
        )


def to_markdown(fragment: str, embed_hosts) -> str:
    clean = sanitize(fragment, embed_hosts)
    text = Converter(heading_style="ATX", bullets="-", strip=["h1"]).convert(clean)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def one_line(fragment: str) -> str:
    """Plain text on one line (metadata values cannot span lines)."""
    text = html.unescape(nh3.clean(fragment or "", tags=set(), clean_content_tags=REMOVED_WITH_CONTENT))
    return " ".join(text.split())


def entry_html(entry) -> str:
    contents = entry.get("content") or []
    for c in contents:
        if "html" in (c.get("type") or ""):
            return c.get("value", "")
    if contents:
        value = contents[0].get("value", "")
        return value if "html" in (contents[0].get("type") or "") else f"<p>{html.escape(value)}</p>"
    summary = entry.get("summary", "")
    detail = entry.get("summary_detail") or {}
    return summary if "html" in (detail.get("type") or "text/html") else f"<p>{html.escape(summary)}</p>"


def entry_date(entry, tz: ZoneInfo) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime(*value[:6], tzinfo=timezone.utc).astimezone(tz)
    return None


def source_name(feed) -> str:
    meta = feed.feed
    for value in (meta.get("publisher"), (meta.get("publisher_detail") or {}).get("name"), meta.get("title")):
        if value and one_line(value):
            return one_line(value)
    return ""


def tags_of(entry) -> list[str]:
    tags = [NARASI_TAG]
    for t in entry.get("tags") or []:
        term = one_line(t.get("label") or t.get("term") or "").replace(",", " ").strip()
        if term and term.casefold() not in {x.casefold() for x in tags}:
            tags.append(term)
    return tags


# --- the task -----------------------------------------------------------------------------


def already_imported(content: Path, url: str) -> Path | None:
    from content import source as konten_source  # the content model's own header reader

    for path in sorted((content / "berita").rglob("*.md")):
        try:
            meta = konten_source.read(path).meta
        except (OSError, ValueError):
            continue
        if meta.get("sumber-url") == url:
            return path
    return None


def import_entry(
    source: str,
    content: Path,
    registry: dict,
    tz: str = "Asia/Jakarta",
    opd: str = "diskominfo",
    entri: int = 1,
    sumber: str = "",
    penulis: str = "",
    embed_hosts=(),
    category: str = "Berita",
    now: datetime | None = None,
) -> Imported:
    content = Path(content)
    record = registry.get(opd)
    if record is None:
        allowed = ", ".join(sorted(registry)) or "(belum ada)"
        raise NarasiError(f"--opd: \"{opd}\" tidak terdaftar di content/opd.toml; pilihan yang boleh: {allowed}")
    feed = parse(source)
    n = len(feed.entries)
    try:
        index = int(entri)
    except (TypeError, ValueError):
        index = 0
    if not 1 <= index <= n:
        raise NarasiError(f"--entri: \"{entri}\" di luar jangkauan; umpan ini berisi {n} entri, pilih 1 sampai {n} (1 = entri pertama)")
    entry = feed.entries[index - 1]
    notes: list[str] = []

    title = one_line(entry.get("title", ""))
    if not title:
        raise NarasiError(f"{source}: entri ke-{index} tidak berjudul")
    link = entry.get("link", "")
    if urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).netloc:
        raise NarasiError(f"{source}: entri ke-{index} tidak memiliki tautan http(s) ke berita aslinya")
    publisher = one_line(sumber) or source_name(feed)
    if not publisher:
        raise NarasiError(f"{source}: umpan tidak menyebut nama penerbitnya; tulis sendiri dengan --sumber \"Nama Lembaga\"")
    zone = ZoneInfo(tz)
    when = entry_date(entry, zone)
    if when is None:
        when = (now or datetime.now(timezone.utc)).astimezone(zone)
        notes.append("entri tidak bertanggal; Date diisi dengan waktu impor, periksa kembali")
    body = to_markdown(entry_html(entry), embed_hosts)
    if not body.strip():
        notes.append("entri tidak berisi teks; lengkapi isi berita")

    existing = already_imported(content, link)
    if existing is not None:
        raise NarasiError(f"{link} sudah pernah diimpor ke {display_path(existing)}")
    slug = slugify(title, max_length=80, word_boundary=True) or "narasi"
    path = content / "berita" / opd / f"{slug}.md"
    if path.exists():
        raise NarasiError(f"{display_path(path)}: berkas sudah ada; hapus atau ganti namanya dulu")

    header = [
        ("Title", title),
        ("Date", f"{when:%Y-%m-%d %H:%M}"),
        ("OPD", opd),
        ("Author", one_line(penulis) or f"Humas {record.singkatan}"),
        ("Category", category),
        ("Tags", ", ".join(tags_of(entry))),
        ("Sumber", publisher),
        ("Sumber-URL", link),
    ]
    text = "".join(f"{k}: {v}\n" for k, v in header) + "\n" + body
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Imported(path=path, title=title, date=when, sumber=publisher, sumber_url=link, notes=notes)
