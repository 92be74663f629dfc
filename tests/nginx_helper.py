"""A real nginx on loopback, configured from deploy/nginx.conf, for tests.

The production server block is turned into a runnable configuration: the redirect
servers and the TLS lines dropped (``redirects_config`` runs those apart), `listen` on 127.0.0.1:<port>, `root`
pointed at the test's `current`, pid/log/temp paths in a temp prefix; the brotli
module is loaded when Debian's libnginx-mod-http-brotli-static is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from conftest import ROOT

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redirects_config(prefix: Path, http_port: int, https_port: int, cert: Path, key: Path, acme: Path) -> str:
    """deploy/nginx.conf's redirect servers alone (plain HTTP, www. over HTTPS) on
    127.0.0.1: port 80 as ``http_port``, 443 as ``https_port`` with ``cert``/``key``, the
    ACME challenges' root as ``acme``."""
    text = re.search(r"# --- begin redirects ---.*?# --- end redirects ---\n", NGINX_CONF.read_text(encoding="utf-8"), re.S)[0]
    text = re.sub(r"^\s*listen \[::\][^;]+;\n", "", text, flags=re.M)
    text = re.sub(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{http_port};", text, flags=re.M)
    text = re.sub(r"^(\s*)listen 443 ssl http2;", rf"\1listen 127.0.0.1:{https_port} ssl;", text, flags=re.M)
    text = re.sub(r"^(\s*)ssl_certificate [^;]+;", rf"\1ssl_certificate {cert};", text, flags=re.M)
    text = re.sub(r"^(\s*)ssl_certificate_key [^;]+;", rf"\1ssl_certificate_key {key};", text, flags=re.M)
    return wrap(text.replace("root /var/www/letsencrypt;", f"root {acme};"), prefix)


def test_config(root: Path, port: int, prefix: Path) -> str:
    """deploy/nginx.conf made runnable on 127.0.0.1:<port> as the current user."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text = re.sub(r"# --- begin redirects ---.*?# --- end redirects ---\n", "", text, flags=re.S)
    listens = re.findall(r"^\s*listen [^;]+;\n", text, flags=re.M)
    assert listens, "deploy/nginx.conf has no listen line"
    text = text.replace(listens[0], f"    listen 127.0.0.1:{port};\n", 1)
    for line in listens[1:]:
        text = text.replace(line, "", 1)
    text = re.sub(r"^\s*ssl_[a-z_]+ [^;]+;\n", "", text, flags=re.M)
    text, n = re.subn(r"^(\s*)root /srv/[^;]+;", rf"\1root {root};", text, flags=re.M)
    assert n == 1, "deploy/nginx.conf: expected one `root /srv/...;` line"
    return wrap(text, prefix)


def wrap(text: str, prefix: Path) -> str:
    """A server block's text in a whole configuration run by the current user from ``prefix``."""
    head = []
    if BROTLI_MODULE.exists():
        head.append(f"load_module {BROTLI_MODULE};")
    else:
        text = re.sub(r"^\s*brotli_static [^;]+;\n", "", text, flags=re.M)
    if os.geteuid() == 0:
        head.append("user root;")  # workers read the test's private temp folders
    temp = prefix / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    return "\n".join([
        *head,
        "daemon off;",
        "worker_processes 1;",
        f"pid {prefix}/nginx.pid;",
        f"error_log {prefix}/error.log warn;",
        "events { worker_connections 64; }",
        "http {",
        f"    access_log {prefix}/access.log;",
        *(f"    {kind}_temp_path {temp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        "    default_type application/octet-stream;",
        "    sendfile on;",
        text,
        "}",
        "",
    ])


class Nginx:
    def __init__(self, root: Path, prefix: Path, port: int | None = None, text: str | None = None):
        """The site's server on ``port``; with ``text``, that configuration (which listens on ``port``)."""
        self.root = root
        self.port = port or free_port()
        self.prefix = prefix
        self.conf = prefix / "nginx.conf"
        prefix.mkdir(parents=True, exist_ok=True)
        self.conf.write_text(text or test_config(root, self.port, prefix), encoding="utf-8")
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def argv(self, *extra):
        return [nginx_binary(), "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.prefix / "error.log"), *extra]

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(self.argv("-t"), capture_output=True, text=True)

    def start(self):
        self.proc = subprocess.Popen(self.argv(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):  # at most 10 s
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not start listening")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def published_on_nginx(base: Path):
    """The sample site published with SITEURL on a loopback port, deployed as a release
    under base/srv, served by nginx from srv/current. Yields (nginx, built output)."""
    import pytest

    from conftest import EPOCH
    from content import build
    from publish import deploy

    if not nginx_binary():
        pytest.fail("nginx not installed: run ./run.sh test, which installs Debian's nginx")
    port = free_port()
    out = base / "output"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("SITEURL", f"http://127.0.0.1:{port}")
    mp.setenv("PRECOMPRESS", "1")
    try:
        assert build.build(ROOT / "publishconf.py", out) == 0
    finally:
        mp.undo()
    # Files of each type the server must label, when this build has none of its own.
    samples = {"csv": "no,nama\n1,Dinas Kesehatan\n", "json": '{"nama": "Dinas Kesehatan"}\n'}
    for ext, text in samples.items():
        if not list(out.rglob(f"*.{ext}")):
            (out / "uji").mkdir(exist_ok=True)
            (out / "uji" / f"contoh.{ext}").write_text(text, encoding="utf-8")
    if not list(out.rglob("*.wasm")):
        (out / "uji").mkdir(exist_ok=True)
        (out / "uji" / "contoh.wasm").write_bytes(b"\0asm\x01\0\0\0")
    srv = base / "srv"
    deploy.deploy(out, str(srv), log=lambda *a: None)
    server = Nginx(srv / "current", base / "nginx", port).start()
    try:
        yield server, out
    finally:
        server.stop()
