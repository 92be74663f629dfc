"""Local mode: the editor on one machine, writing into this repository.

decap-server (installed by scripts/node-deps.sh) runs on a free loopback port behind a
guard (``Guard``) that listens on 127.0.0.1:8081, which is where the generated
configuration's ``local_backend: true`` looks for it when the page is opened on
localhost/127.0.0.1. In git mode it keeps the editorial workflow: each item is saved on a
``cms/<collection>/<slug>`` branch and "Terbitkan" merges it.

decap-server itself checks neither the ``Host`` of a request nor where in the repository a
path lies: a page of another site whose name was made to point at 127.0.0.1 (DNS
rebinding) could read ``.git/config`` and write it, and git runs what a config names
(``core.fsmonitor``) at the server's next ``git add``. The guard answers only requests
for this computer's names (``common.served.known_host``: ``localhost``, a loopback address,
``REDAKSI_LOCAL_BACKEND``'s ``allowed_hosts``), from such an origin, and passes only
paths inside ``content/``.

The built site is served as it is, without the preview's rebuild-and-reload: decap-server
checks branches out while it saves, and a reload would throw away the open form.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import posixpath
import shutil
import socket
import subprocess
import threading
import time
from functools import partial
from pathlib import Path

from common.served import LocalHandler, LocalServer, known_host

PROJECT = Path(__file__).resolve().parent.parent.parent
SERVER = PROJECT / ".cache" / "redaksi-server" / "node_modules" / "decap-server" / "dist" / "index.js"
PORT = 8081
API = "/api/v1"
# The names of decap-server's parameters that hold repository paths (its API's actions:
# entriesByFolder, getEntry, persistEntry, getMedia, persistMedia, deleteFiles, ...).
PATH_KEYS = frozenset({"path", "newPath", "folder", "mediaFolder", "paths"})
CONTENT = "content"
HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "host"})


def outside_content(params) -> str | None:
    """The first repository path in ``params`` (a request's JSON, at any depth) that does not
    lie inside ``content/``, or None."""
    stack = [params]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key in PATH_KEYS:
                    for path in inner if isinstance(inner, list) else [inner]:
                        if path is None:
                            continue
                        normal = posixpath.normpath(str(path).replace("\\", "/").lstrip("/")) if isinstance(path, str) else ""
                        if not isinstance(path, str) or not (normal == CONTENT or normal.startswith(CONTENT + "/")):
                            return str(path)
                if isinstance(inner, (dict, list)):
                    stack.append(inner)
    return None


class Guard(http.server.BaseHTTPRequestHandler):
    """Passes the editor's requests to decap-server (``upstream``, its port) when they come
    for and from this computer's names and touch ``content/`` only; refuses the others."""

    upstream: int = 0
    names: tuple = ()

    def log_message(self, *args):
        pass

    def _answer(self, code: int, why: str):
        body = json.dumps({"error": why}, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _pass(self):
        origin = self.headers.get("Origin")
        if (not known_host(self.headers.get("Host"), self.names, loopback=True)
                or origin is not None and not known_host(origin, self.names, loopback=True)):
            self._answer(403, "permintaan dari situs lain ditolak: editor lokal hanya melayani halaman di komputer ini")
            return
        if self.path.split("?")[0] != API:
            self._answer(404, "tidak ada")
            return
        length = (self.headers.get("Content-Length") or "0").strip()
        if not length.isdigit():  # (a negative length would read until the client hangs up)
            self._answer(400, "panjang permintaan (Content-Length) tidak sah")
            return
        body = self.rfile.read(int(length))
        if self.command == "POST":
            try:
                request = json.loads(body or b"{}")
            except ValueError:
                self._answer(400, "permintaan bukan JSON")
                return
            outside = outside_content(request.get("params") if isinstance(request, dict) else None)
            if outside is not None:
                self._answer(403, f"jalur {outside[:200]} di luar folder content/: editor hanya menyunting konten")
                return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=120)
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError:
            self._answer(502, "decap-server belum siap atau berhenti; tunggu sebentar lalu muat ulang halaman editor")
            return
        finally:
            connection.close()
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_OPTIONS = do_PUT = do_DELETE = _pass


class Backend:
    """decap-server and its guard; ``terminate()`` stops both."""

    def __init__(self, proc: subprocess.Popen, guard: http.server.ThreadingHTTPServer):
        self.proc, self.guard = proc, guard

    def ready(self, timeout: float = 30) -> bool:
        """Waits until decap-server answers through the guard: True; False when it stopped
        or did not answer within ``timeout`` seconds."""
        port = self.guard.server_address[1]
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.proc.poll() is None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("POST", API, body=b'{"action": "info", "params": {}}',
                                   headers={"Content-Type": "application/json", "Host": f"127.0.0.1:{port}"})
                if connection.getresponse().status == 200:
                    return True
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.2)
        return False

    def terminate(self):
        self.guard.shutdown()
        self.guard.server_close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(repo: Path = PROJECT, port: int = PORT, hosts=(), stdout=None) -> Backend:
    """Install decap-server when missing and start it on loopback behind its guard on
    127.0.0.1:``port``; ``hosts``: more names of this computer the editor page is opened
    on (``REDAKSI_LOCAL_BACKEND``'s ``allowed_hosts``). The caller stops it (``terminate``)."""
    subprocess.run(["bash", str(PROJECT / "scripts" / "node-deps.sh")], check=True)
    upstream = _free_port()
    env = dict(os.environ, MODE="git", PORT=str(upstream), BIND_HOST="127.0.0.1", GIT_REPO_DIRECTORY=str(repo),
               LOG_LEVEL="warn")
    proc = subprocess.Popen([shutil.which("node") or "node", str(SERVER)], env=env, stdout=stdout,
                            stderr=subprocess.STDOUT if stdout else None, text=True)
    guard = guard_server(port, upstream, hosts)
    threading.Thread(target=guard.serve_forever, daemon=True).start()
    return Backend(proc, guard)


def guard_server(port: int, upstream: int, hosts=()) -> LocalServer:
    """The guard on 127.0.0.1:``port`` (0: any free port) in front of decap-server on ``upstream``."""
    return LocalServer(("127.0.0.1", port), type("Guard", (Guard,), {"upstream": upstream, "names": tuple(hosts)}))


def serve_static(output: Path, port: int):
    """Serve the built site on 127.0.0.1:<port> until interrupted."""
    server = LocalServer(("127.0.0.1", port), partial(LocalHandler, directory=str(output)))
    try:
        server.serve_forever()
    finally:
        server.server_close()
