"""The kit's own web servers on this computer (the preview, the editor's local mode, the
Lighthouse run): the built site served as deploy/nginx.conf serves it in what keeps a
reader safe."""

from __future__ import annotations

import http.server


class LocalHandler(http.server.SimpleHTTPRequestHandler):
    """Quiet (the kit says what matters itself), and every answer carries
    ``X-Content-Type-Options: nosniff`` as the production server's do: a text file an
    author published (``.txt``) is never run as the script a page's ``<script src>``
    names, whatever it holds."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()
