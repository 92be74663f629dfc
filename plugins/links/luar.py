"""The external link check (``./run.sh tautan-luar``): every link of a built site that
leaves it, asked once per address over the network.

Not a step of the build: a build must not fail, nor wait, because another site is down
for an hour; broken links into the site itself are refused by every build (the package
docstring). This check is for a schedule (the CI templates' daily run) or before a Monev visit: a
regulation on the JDIH, a document on another agency's site, a form on Google Drive that
moved. An address is asked with ``HEAD``, then with ``GET`` when the server refuses
``HEAD`` or answers it with an error (many do); redirects are followed.

Verdicts:
- ``rusak``: the server says the page is not there (404, 410) or the host does not exist
  or refuses the connection, or the address lies in an internal network (loopback,
  private, link-local: never asked, nor a redirect to one followed, and each connection
  made to an address that was checked, so content cannot make CI reach its own network):
  the link needs mending. The task exits non-zero.
- ``ragu``: no clear answer (time-out, a 5xx or 429, a 401/403 that many sites give to
  programs, a certificate problem): printed as a warning, the task still exits 0; look at
  the page in a browser.

Written with ``urllib`` and a thread pool rather than a link-checking library: the whole
check is a few requests per address, and a dedicated tool (a Rust or Node binary) would be
one more thing to install for each site.
"""

from __future__ import annotations

import html
import http.client
import ipaddress
import json
import os
import socket
import ssl
import threading
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from common.paths import display_path
from common.urls import normal_host, own_hosts
from content import source
from content.validate import Problem

from . import DEFAULTS
from .periksa import files_under, page_links

RESULT_VERSION = 1
TIMEOUT = 20  # seconds per request
WORKERS = 8
PER_HOST = 2  # requests at once to one host: the check must not look like an attack
GONE = (404, 410)
TEXT_FILES = (".md", ".markdown", ".toml", ".csv", ".yml", ".yaml", ".txt")
HEAD_REFUSED = (400, 403, 404, 405, 406, 429, 500, 501, 502, 503)


@dataclass
class Answer:
    url: str
    verdict: str  # "baik", "rusak" or "ragu"
    why: str = ""  # in Indonesian, for the report
    unnamed: bool = False  # its host's name was not found (no network gives that for all)
    asked: bool = True  # False: an internal network's address, judged without a request


def external_links(output: str, settings, ignore=()) -> dict[str, list[str]]:
    """Address -> the pages (paths relative to ``output``) that link to it, for every
    ``http``/``https`` link of the output's HTML pages to a host that is not the site's
    own (``common.urls.own_hosts``). The fragment is dropped: it names a place in the page.
    Addresses that start with one of ``ignore`` or the setting ``TAUTAN_LUAR_ABAIKAN``
    (e.g. a social network that refuses every program) are left out."""
    hosts = own_hosts(settings)
    ignore = tuple(ignore) + tuple(settings.get("TAUTAN_LUAR_ABAIKAN") or ())
    found: dict[str, list[str]] = defaultdict(list)
    for rel in sorted(files_under(output)):
        if not rel.endswith(".html"):
            continue
        with open(os.path.join(output, rel), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        for value in dict.fromkeys(page_links(text)):
            parts = urlsplit(html.unescape(value.strip()))
            if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                continue
            if normal_host(parts.netloc, parts.scheme.lower()) in hosts:
                continue
            url = urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))
            if url.startswith(ignore):
                continue
            if rel not in found[url]:
                found[url].append(rel)
    return dict(found)


def internal(host: str, allowed=False) -> str | None:
    """The address of ``host`` when it lies in no public network (loopback, private,
    link-local such as a cloud's metadata service at 169.254.169.254, reserved), else None.
    A citizen cannot open such a link, and CI must not be made to ask it. ``allowed``:
    True (every internal address may be asked, a test server) or the addresses that may."""
    try:
        found = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            found = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, UnicodeError, ValueError):
            return None  # not found: asked, and said so (``Asker._unreachable``)
    return next((str(ip) for ip in found if not _askable(ip, allowed)), None)


def _askable(ip, allowed) -> bool:
    return ip.is_global or allowed is True or (bool(allowed) and str(ip) in allowed)


class InternalAddress(OSError):
    """A connection to an internal network, refused before it was made."""

    def __init__(self, address: str, redirected: str = ""):
        super().__init__(address)
        self.address = address
        self.redirected = redirected  # the address a redirect led to, when it did


class NotWeb(OSError):
    """A redirect to an address that is no web page (``ftp:``, ``file:``): not followed."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def _guarded(allowed):
    """``socket.create_connection`` for urllib's connections: the host's addresses looked up
    once and every one checked, then one of those very addresses connected to, so a name
    whose DNS answer changes between the check and the connection (DNS rebinding), or a
    redirect to an internal network, reaches no internal address."""
    def create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, **kwargs):
        host, port = address[:2]
        ips = [ipaddress.ip_address(info[4][0].split("%")[0])
               for info in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)]
        refused = next((str(ip) for ip in ips if not _askable(ip, allowed)), None)
        if refused is not None:
            raise InternalAddress(refused)
        error = OSError(f"no address for {host}")
        for ip in dict.fromkeys(ips):
            try:
                return socket.create_connection((str(ip), port), timeout, source_address, **kwargs)
            except OSError as exc:
                error = exc
        raise error
    return create_connection


def opener(allowed=False) -> urllib.request.OpenerDirector:
    """urllib's opener, each connection made through ``_guarded`` (unless a proxy makes
    it: then the proxy looks the name up, and the address and each redirect's are checked
    here first) and each redirect's target checked before it is followed."""
    connect = _guarded(allowed)
    secure = ssl.create_default_context()  # certificates checked, as urllib's own

    class Connection(http.client.HTTPConnection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = connect

    class SecureConnection(http.client.HTTPSConnection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = connect

    def direct(request) -> bool:
        # A proxy (HTTP, or an HTTPS tunnel) makes the request's host the proxy's.
        return request.host == urlsplit(request.full_url).netloc

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, request):
            return self.do_open(Connection if direct(request) else http.client.HTTPConnection, request)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, request):
            return self.do_open(SecureConnection if direct(request) else http.client.HTTPSConnection, request,
                                context=secure)

    class Redirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, request, fp, code, msg, headers, newurl):
            target = urlsplit(newurl)
            if target.scheme.lower() not in ("http", "https"):  # ftp: another lookup, no guard, no status
                raise urllib.error.URLError(NotWeb(newurl))
            address = internal(target.hostname or "", allowed)
            if address is not None:
                raise urllib.error.URLError(InternalAddress(address, newurl))
            return super().redirect_request(request, fp, code, msg, headers, newurl)

    # HTTP and HTTPS only (``build_opener`` would add FTP, file: and data: handlers).
    director = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    Redirect(), urllib.request.HTTPErrorProcessor(), Plain(), Secure()):
        director.add_handler(handler)
    return director


def asciified(url: str) -> str:
    """The address as a request line carries it: the host in IDNA (``pemda.例.id``), other
    letters of the path and query percent-encoded (``%`` escapes kept as written)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii"))
    else:
        netloc = parts.netloc
    safe = "/:@!$&'()*+,;=%~-._"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe + "?"), ""))


class Asker:
    """Asks addresses, at most ``PER_HOST`` at once per host."""

    def __init__(self, timeout: float = TIMEOUT, agent: str = "", inside=False):
        self.timeout = timeout
        # Addresses of internal networks asked too (a test server): all (True) or these.
        self.inside = inside if isinstance(inside, bool) else frozenset(inside)
        self.opener = opener(self.inside)
        # A header is Latin-1 at most; a site's name may hold a dash or an accent.
        self.agent = agent.encode("ascii", "ignore").decode() or "situs-daerah (pemeriksa tautan luar)"
        self.lock = threading.Lock()
        self.hosts: dict[str, threading.Semaphore] = {}

    def _slot(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc.lower()
        with self.lock:
            return self.hosts.setdefault(host, threading.Semaphore(PER_HOST))

    def _request(self, url: str, method: str) -> int:
        request = urllib.request.Request(asciified(url), method=method, headers={
            "User-Agent": self.agent, "Accept": "text/html,application/pdf,*/*;q=0.8"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                if method == "GET":
                    response.read(1024)
                return response.status
        except urllib.error.HTTPError as exc:
            exc.close()
            return exc.code

    def ask(self, url: str) -> Answer:
        host = urlsplit(url).hostname or ""
        address = internal(host, self.inside)
        if address is not None:
            return self._unreachable(url, InternalAddress(address))
        with self._slot(url):
            try:
                status = self._request(url, "HEAD")
                if status in HEAD_REFUSED:
                    status = self._request(url, "GET")
            except (TimeoutError, socket.timeout):
                return Answer(url, "ragu", f"tidak menjawab dalam {self.timeout:g} detik")
            except urllib.error.URLError as exc:
                return self._unreachable(url, exc.reason)
            except (UnicodeError, ValueError) as exc:  # an address no request line can carry
                return Answer(url, "ragu", f"alamatnya tidak dapat ditanyakan ({exc.__class__.__name__})")
            except (ConnectionError, OSError) as exc:
                return self._unreachable(url, exc)
        if 300 <= status < 400:  # urllib gives up on a redirect that leads back to itself
            return Answer(url, "ragu", f"dialihkan berputar-putar (HTTP {status}); buka di peramban")
        if status < 400:
            return Answer(url, "baik")
        if status in GONE:
            return Answer(url, "rusak", f"halamannya tidak ada (HTTP {status})")
        if status in (401, 403):
            return Answer(url, "ragu", f"server menolak diperiksa program (HTTP {status}); buka di peramban")
        return Answer(url, "ragu", f"server menjawab HTTP {status}")

    def _unreachable(self, url: str, reason) -> Answer:
        if isinstance(reason, NotWeb):
            return Answer(url, "ragu", f"dialihkan ke {reason.url}, yang bukan halaman web (http/https); tidak diikuti, "
                                       "buka di peramban")
        if isinstance(reason, InternalAddress):
            if reason.redirected:
                return Answer(url, "rusak", f"dialihkan ke {reason.redirected}, di jaringan dalam ({reason.address}), "
                                            "yang tidak dapat dibuka warga; tidak diikuti")
            return Answer(url, "rusak", f"menuju jaringan dalam ({reason.address}), yang tidak dapat dibuka warga; "
                                        "tidak ditanyakan", asked=False)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Answer(url, "ragu", f"tidak menjawab dalam {self.timeout:g} detik")
        if isinstance(reason, ssl.SSLError):
            return Answer(url, "ragu", f"sertifikat HTTPS-nya bermasalah ({getattr(reason, 'reason', None) or reason})")
        if isinstance(reason, socket.gaierror):
            return Answer(url, "rusak", f"nama server {urlsplit(url).hostname} tidak ditemukan", unnamed=True)
        if isinstance(reason, ConnectionRefusedError):
            return Answer(url, "rusak", "server menolak sambungan")
        return Answer(url, "ragu", f"tidak dapat dihubungi ({reason})")


def ask_all(urls, timeout: float = TIMEOUT, workers: int = WORKERS, agent: str = "", inside=False) -> list[Answer]:
    """The answer for each of ``urls``, in their order; ``inside``: addresses of internal
    networks asked too, all (True) or these (else they are broken links, never asked)."""
    asker = Asker(timeout, agent, inside)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(asker.ask, urls))


def offline(answers: list[Answer]) -> bool:
    """No host's name was found: this computer has no network (or no DNS), so no verdict
    can be trusted."""
    asked = [a for a in answers if a.asked]
    return bool(asked) and all(a.unnamed for a in asked)


def result_path(settings) -> Path:
    """Where the last check's outcome is kept for the next build's Monev self-check:
    ``TAUTAN_LUAR_HASIL``, else ``cache/tautan-luar.json`` beside the content folder (with
    the read counts: a site's CI keeps that folder between pipelines)."""
    explicit = settings.get("TAUTAN_LUAR_HASIL")
    return Path(explicit) if explicit else Path(settings["PATH"]).parent / "cache" / "tautan-luar.json"


def save_result(path: Path, day: date, answers: list[Answer]) -> None:
    """The outcome of a check (its day, how many addresses, which were broken or doubtful),
    written whole or not at all."""
    data = {
        "versi": RESULT_VERSION, "tanggal": day.isoformat(), "alamat": len(answers),
        "rusak": sorted(a.url for a in answers if a.verdict == "rusak"),
        "ragu": sorted(a.url for a in answers if a.verdict == "ragu"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def load_result(path: Path) -> dict | None:
    """The last check's outcome with its day as a ``date``, or None when there is none
    (or the file is not one of ours: the self-check then says no check was made)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("versi") != RESULT_VERSION:
            return None
        return {**data, "tanggal": date.fromisoformat(data["tanggal"]), "alamat": int(data["alamat"]),
                "rusak": list(data["rusak"]), "ragu": list(data["ragu"])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def where_written(content: str, settings, urls) -> dict[str, tuple[str, str, int]]:
    """Address -> (file, key, line) of the first place an author wrote it: a setting among
    ``TAUTAN_SETTINGS`` (``pelicanconf.py``), else a text file under ``content``: in a
    Markdown file the header key whose value holds it (read as the build reads headers,
    ``content.source``), else ``isi``. Addresses written nowhere (a template's) are left out."""
    left = set(urls)
    found: dict[str, tuple[str, str, int]] = {}
    for key in settings.get("TAUTAN_SETTINGS") or DEFAULTS["TAUTAN_SETTINGS"]:
        text = repr(settings.get(key))
        for url in [u for u in left if u in text or u.rstrip("/") in text]:
            found[url] = ("pelicanconf.py", key, 0)
            left.discard(url)
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            if not left:
                return found
            if not name.lower().endswith(TEXT_FILES):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, encoding="utf-8-sig", errors="replace") as fh:
                    text = fh.read()
                here = [u for u in left if u in text or u.rstrip("/") in text]
                src = source.read(path) if here and source.is_markdown(path) else None
            except (OSError, ValueError):
                continue
            for url in here:
                written = url if url in text else url.rstrip("/")
                key = "tautan"
                if src is not None:
                    key = next((src.keys[k] for k, v in src.meta.items() if written in v), "isi")
                found[url] = (display_path(path), key, source.line_with(path, written) or 0)
                left.discard(url)
    return found


def report(answers: list[Answer], pages: dict[str, list[str]], written: dict) -> tuple[list[Problem], list[Problem]]:
    """(broken, doubtful): one problem per address, named where it was written (else the
    page of the template that shows it)."""
    broken, doubtful = [], []
    for answer in answers:
        if answer.verdict == "baik":
            continue
        on = pages[answer.url]
        example = "index.html" if "index.html" in on else on[0]  # a link on every page: the home page's
        shown = f"muncul di {len(on)} halaman, misalnya {example}" if len(on) > 1 else f"muncul di {on[0]}"
        if answer.verdict == "rusak":
            advice = "perbaiki alamatnya (cari halaman itu di situs tujuannya) atau hapus tautannya"
        else:
            advice = "periksa di peramban; bila memang hilang, perbaiki atau hapus tautannya"
        message = f"tautan luar '{answer.url}': {answer.why} ({shown}); {advice}"
        path, key, line = written.get(answer.url) or (f"halaman {example} (templat)", "tautan", 0)
        (broken if answer.verdict == "rusak" else doubtful).append(Problem(path, key, message, line))
    return broken, doubtful
