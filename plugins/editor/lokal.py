"""Local mode: the editor on one machine, writing into this repository.

decap-server (installed by scripts/node-deps.sh) listens on 127.0.0.1:8081, which is
where the generated configuration's ``local_backend: true`` looks for it when the page
is opened on localhost/127.0.0.1. In git mode it keeps the editorial workflow: each
item is saved on a ``cms/<collection>/<slug>`` branch and "Terbitkan" merges it.

The built site is served as it is, without the preview's rebuild-and-reload: decap-server
checks branches out while it saves, and a reload would throw away the open form.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
from functools import partial
from pathlib import Path

from common.served import LocalHandler

PROJECT = Path(__file__).resolve().parent.parent.parent
SERVER = PROJECT / ".cache" / "redaksi-server" / "node_modules" / "decap-server" / "dist" / "index.js"
PORT = 8081


def start(repo: Path = PROJECT, port: int = PORT) -> subprocess.Popen:
    """Install decap-server when missing and start it on loopback; the caller stops it."""
    subprocess.run(["bash", str(PROJECT / "scripts" / "node-deps.sh")], check=True)
    env = dict(os.environ, MODE="git", PORT=str(port), BIND_HOST="127.0.0.1", GIT_REPO_DIRECTORY=str(repo), LOG_LEVEL="warn")
    return subprocess.Popen([shutil.which("node") or "node", str(SERVER)], env=env)


def serve_static(output: Path, port: int):
    """Serve the built site on 127.0.0.1:<port> until interrupted."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(LocalHandler, directory=str(output)))
    try:
        server.serve_forever()
    finally:
        server.server_close()
