"""The kit's own web servers on this computer (the preview, the editor's local mode, the
Lighthouse run): the built site served as deploy/nginx.conf serves it in what keeps a
reader safe."""

from __future__ import annotations

import http.server
import ipaddress
import re
import sys
from urllib.parse import unquote, urlsplit

# A path with a hidden part (.git, .env, a build's leftover .tmp), as deploy/nginx.conf
# refuses it: served nowhere, .well-known excepted.
HIDDEN = re.compile(r"/\.(?!well-known/)")
REFUSED_HOST = ("Nama host tidak dikenal: server ini hanya untuk komputer ini; buka lewat alamat yang dicetak "
                "di terminal, mis. http://127.0.0.1:8000/")


def known_host(value: str | None, names=(), loopback=False) -> bool:
    """Whether a request's ``Host`` (or an ``Origin``'s host) names this computer as the kit's
    servers expect: an IP address (the preview on a LAN address, ``--host``; with
    ``loopback``, a loopback one only), ``localhost`` (and ``*.localhost``) or one of
    ``names``. Any other name is a page of another site that made its own name point here
    (DNS rebinding) to read or drive a server on loopback."""
    if not value:
        return False
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback or not loopback
    except ValueError:
        pass
    return host == "localhost" or host.endswith(".localhost") or host in {n.lower() for n in names}


class LocalServer(http.server.ThreadingHTTPServer):
    """A kit server on this computer. A browser that left before its answer was written
    (a tab closed, a page reloaded, an editor's request given up) is no error: the terminal
    stays free of Python's traceback for it; any other failure is printed as before."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):  # broken pipe, reset, aborted
            return
        super().handle_error(request, client_address)


class LocalHandler(http.server.SimpleHTTPRequestHandler):
    """Quiet (the kit says what matters itself), and every answer carries
    ``X-Content-Type-Options: nosniff`` as the production server's do: a text file an
    author published (``.txt``) is never run as the script a page's ``<script src>``
    names, whatever it holds. A request for another host name is refused (``known_host``), and
    a hidden path (``HIDDEN``) is not there, as on the production server."""

    def log_message(self, *args):
        pass

    def parse_request(self):
        if not super().parse_request():
            return False
        if not known_host(self.headers.get("Host")):
            self.send_error(403, "Host tidak dikenal", REFUSED_HOST)
            return False
        if HIDDEN.search(unquote(urlsplit(self.path).path).replace("\\", "/")):
            self.send_error(404, "Tidak ada")
            return False
        return True

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()
