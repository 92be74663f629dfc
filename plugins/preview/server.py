"""The preview's HTTP server: the output folder, a reload script, and the error page.

- Every HTML page it serves gets ``<script src="/__pratinjau/muat-ulang.js" data-versi="N"
  data-sidik="…">`` before ``</body>`` (N: the number of the build now shown; the sidik: a
  digest of the page as served). The script listens to ``/__pratinjau/peristiwa``
  (Server-Sent Events); when another build is announced it asks ``/__pratinjau/sidik``
  for its page's digest now and reloads only when the page changed (an edit's page is
  shown ahead of its build: the build that follows reloaded it a second time, the same).
  Built files never contain it.
- While the last build failed, every page request (a path ending in ``/`` or ``.html``,
  or without a suffix) gets the error page (status 500) instead of the stale site; theme
  files, images and the search index are served as they are.
- A missing page gets the site's ``404.html`` with status 404.
- With the output folder gone (deleted by hand), a page request asks for a build and gets
  a page saying so, which reloads once the build is shown.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import threading
from urllib.parse import parse_qs, unquote, urlsplit

from jinja2 import Environment

from common.served import LocalHandler, LocalServer

from .failure import Failure

PREFIX = "/__pratinjau/"
SCRIPT_URL = PREFIX + "muat-ulang.js"
EVENTS_URL = PREFIX + "peristiwa"
DIGEST_URL = PREFIX + "sidik"
KEEPALIVE = 15  # seconds between comments on an idle event stream

SCRIPT = """(function () {
  var me = document.currentScript, shown = me && me.getAttribute("data-versi"), sidik = me && me.getAttribute("data-sidik");
  if (!window.EventSource) return;
  var source = new EventSource("%s");
  function reload() { source.close(); window.location.reload(); }
  source.onmessage = function (event) {
    if (event.data === shown) return;
    shown = event.data;
    fetch("%s?jalur=" + encodeURIComponent(window.location.pathname), {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (now) { if (now !== sidik) reload(); }, reload);
  };
})();
""" % (EVENTS_URL, DIGEST_URL)


def digest(body: bytes) -> str:
    """What the reload script compares: the page as served, without the script."""
    return hashlib.sha1(body).hexdigest()[:16]

ERROR_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{% if waiting %}Menunggu build{% else %}Build gagal{% endif %} · pratinjau</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; background: #fff8f6; color: #1f1f1f; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { color: #8a1c12; font-size: 1.5rem; margin: 0 0 .5rem; }
pre { background: #fff; border: 2px solid #8a1c12; padding: 1rem; white-space: pre-wrap; word-break: break-word; font-size: .95rem; }
mark { background: #ffe08a; color: inherit; font-weight: bold; }
</style>
</head>
<body>
<main>
<h1>Pratinjau: {{ failure.title }}</h1>
{% if waiting %}<p>Halaman ini memuat ulang sendiri setelah build selesai.</p>{% else %}<p>Situs tidak dapat dibangun ulang. Perbaiki berkas berikut, simpan, dan halaman ini
memuat ulang sendiri setelah build berhasil.</p>{% endif %}
<pre id="galat">{% for line in failure.lines %}{{ line }}
{% endfor %}</pre>
{% if failure.file %}<p>Berkas: <code>{{ failure.file }}</code>{% if failure.line %}, baris {{ failure.line }}{% endif %}</p>{% endif %}
{% if failure.excerpt %}<pre id="cuplikan" aria-label="Isi berkas di sekitar baris {{ failure.line }}">
{%- for number, text in failure.excerpt %}{% if number == failure.line %}<mark>{{ "%4d"|format(number) }} | {{ text }}</mark>{% else %}{{ "%4d"|format(number) }} | {{ text }}{% endif %}
{% endfor %}</pre>{% endif %}
</main>
</body>
</html>
""")


class PreviewState:
    """The build now shown: its number, and the failure of the last build (or None).
    Event streams wait on ``changed``."""

    def __init__(self):
        self.version = 0
        self.failure: Failure | None = None
        self.changed = threading.Condition()
        self.rebuild = None  # asks the supervisor for a build (the output folder was deleted)
        self.asked = False

    def publish(self, failure: Failure | None):
        with self.changed:
            self.version += 1
            self.failure = failure
            self.asked = False
            self.changed.notify_all()

    def ask_rebuild(self):
        """Once per build shown: the supervisor builds again."""
        with self.changed:
            asked, self.asked = self.asked, True
        if not asked and self.rebuild is not None:
            self.rebuild()


def inject(html: bytes, version: int) -> bytes:
    tag = f'<script src="{SCRIPT_URL}" data-versi="{version}" data-sidik="{digest(html)}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at != -1 else html + tag


def is_page(path: str) -> bool:
    return path.endswith(("/", ".html", ".htm")) or "." not in posixpath.basename(path)


class PreviewHandler(LocalHandler):
    state: PreviewState  # set by make_server
    # A file that is not there (an image, a PDF: pages get the site's 404 page), in Indonesian.
    error_message_format = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>%(code)d · pratinjau</title></head>'
        '<body><h1>%(code)d</h1><p>Berkas ini tidak ada di hasil build (output/). Periksa nama berkasnya di '
        'content/ dan tautannya, lalu simpan.</p></body></html>\n')
    error_content_type = "text/html; charset=utf-8"

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self):
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == EVENTS_URL:
            return self.events()
        if path == SCRIPT_URL:
            return self.send(200, SCRIPT.encode(), "text/javascript; charset=utf-8")
        if path == DIGEST_URL:  # the digest of the page a path shows now ("" for a file served as it is)
            shown = self.page(parse_qs(parts.query).get("jalur", ["/"])[0])
            return self.send(200, digest(shown[1]).encode() if shown else b"", "text/plain; charset=utf-8")
        shown = self.page(parts.path)
        if shown is None:
            return super().do_HEAD() if self.command == "HEAD" else super().do_GET()
        status, body, version = shown
        return self.send(status, inject(body, version), "text/html; charset=utf-8")

    do_HEAD = do_GET  # the same status and headers as a GET (an error page's 500 too), no body

    def page(self, raw: str) -> tuple[int, bytes, int] | None:
        """(status, body, build number) of the page the URL path ``raw`` (as the browser
        sends it, percent-escaped) shows now, before the reload script; None for a file
        served as it is (a stylesheet, an image, the search index)."""
        path = unquote(raw)
        failure, version, waiting = self.state.failure, self.state.version, False
        if failure is None and is_page(path) and not os.path.isdir(self.directory):
            waiting = True  # nothing is wrong: a build is under way
            if version == 0:  # the first build is not done yet
                failure = Failure("Situs sedang dibangun.", ["build pertama belum selesai; halaman ini memuat ulang sendiri "
                                                             "setelah selesai"])
            else:  # output/ deleted meanwhile (or a build swapping it in this very moment: a build more)
                self.state.ask_rebuild()
                failure = Failure("Situs sedang dibangun ulang.", ["folder keluaran tidak ada (terhapus?); pratinjau "
                                                                   "membangunnya lagi, dan halaman ini memuat ulang sendiri "
                                                                   "setelah selesai"])
        if failure is not None and is_page(path):
            return 503 if waiting else 500, ERROR_PAGE.render(failure=failure, waiting=waiting).encode(), version
        local = self.translate_path(raw)
        if os.path.isdir(local) and path.endswith("/"):
            local = os.path.join(local, "index.html")
        if not (local.endswith((".html", ".htm")) and os.path.isfile(local)):
            if not is_page(path) or os.path.exists(local):
                return None
            local, status = os.path.join(self.directory, "404.html"), 404
            if not os.path.isfile(local):
                return None
        else:
            status = 200
        try:
            with open(local, "rb") as fh:
                return status, fh.read(), version
        except OSError:  # a build is swapping the output in
            return None

    def send(self, status: int, body: bytes, ctype: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        if self.command == "HEAD":
            return
        state = self.state
        try:
            with state.changed:
                seen = state.version
            self.wfile.write(f"retry: 1000\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.version != seen, timeout=KEEPALIVE)
                    now = state.version
                if now != seen:
                    seen = now
                    self.wfile.write(f"data: {now}\n\n".encode())
                else:
                    self.wfile.write(b": tetap\n\n")
                self.wfile.flush()
        except OSError:  # the browser went away
            return


class CannotListen(Exception):
    """The preview's address cannot be listened on (``args[0]``: the OSError)."""


def make_server(host: str, port: int, directory: str, state: PreviewState) -> LocalServer:
    handler = type("Handler", (PreviewHandler,), {"state": state})

    def factory(*args, **kwargs):
        return handler(*args, directory=directory, **kwargs)

    try:
        return LocalServer((host, int(port)), factory)
    except (OSError, OverflowError) as exc:
        raise CannotListen(exc) from None
