"""deploy/nginx.conf in a real nginx on loopback, serving a published, deployed site."""

from __future__ import annotations

import gzip
import http.client
import re

import pytest

from nginx_helper import BROTLI_MODULE, Nginx

pytestmark = pytest.mark.slow


def get(server: Nginx, path: str, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def first(out, pattern: str) -> str:
    found = sorted(out.rglob(pattern))
    assert found, pattern
    return "/" + found[0].relative_to(out).as_posix()


def test_config_is_valid(served):
    server, _ = served
    result = server.check()
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr  # e.g. a type Debian's mime.types already has


@pytest.mark.parametrize(
    "pattern, content_type",
    [
        ("index.html", "text/html; charset=utf-8"),
        ("theme/css/situs.????????.css", "text/css; charset=utf-8"),
        ("feeds/*.atom.xml", "application/atom+xml; charset=utf-8"),
        ("sitemap.xml", "text/xml; charset=utf-8"),
        ("*.json", "application/json"),
        ("*.csv", "text/csv"),
        ("*.wasm", "application/wasm"),
        ("images/*.png", "image/png"),
    ],
)
def test_status_and_content_type(served, pattern, content_type):
    server, out = served
    path = first(out, pattern)
    status, headers, body = get(server, path)
    assert status == 200, path
    assert content_type in headers["content-type"], (path, headers["content-type"])
    assert body == (out / path.lstrip("/")).read_bytes()


def test_folder_url_serves_its_index(served):
    server, out = served
    status, headers, body = get(server, "/berita/")
    assert status == 200 and body == (out / "berita/index.html").read_bytes()


@pytest.mark.parametrize("encoding, suffix", [("gzip", ".gz"), ("br", ".br")])
def test_precompressed_body(served, encoding, suffix):
    server, out = served
    if encoding == "br" and not BROTLI_MODULE.exists():
        pytest.skip("libnginx-mod-http-brotli-static is not installed")
    for path in ("/index.html", first(out, "theme/css/situs.????????.css")):
        status, headers, body = get(server, path, **{"Accept-Encoding": encoding})
        assert status == 200
        assert headers.get("content-encoding") == encoding, path
        assert body == (out / (path.lstrip("/") + suffix)).read_bytes()
        assert "accept-encoding" in headers.get("vary", "").lower()
    status, headers, body = get(server, "/index.html")
    assert "content-encoding" not in headers and body == (out / "index.html").read_bytes()
    assert gzip.decompress(get(server, "/", **{"Accept-Encoding": "gzip"})[2]) == body


def test_cache_lifetimes(served):
    server, out = served
    css = first(out, "theme/css/situs.????????.css")
    assert re.search(r"max-age=31536000\b.*immutable", get(server, css)[1]["cache-control"])
    html = get(server, "/")[1]["cache-control"]
    assert "immutable" not in html and int(re.search(r"max-age=(\d+)", html)[1]) <= 600


@pytest.mark.parametrize("path", ["/", "/tidak-ada/"])
def test_security_headers(served, path):
    server, _ = served
    headers = get(server, path)[1]
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "'wasm-unsafe-eval'" in csp and "object-src 'none'" in csp
    assert "worker-src 'self' blob:" in csp and "frame-ancestors" in csp
    assert "'unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert "server" not in headers or not re.search(r"\d", headers["server"])


def test_missing_page_gets_the_404_page(served):
    server, out = served
    status, headers, body = get(server, "/berita/2099/01/tidak-ada/")
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    assert body == (out / "404.html").read_bytes()


def test_hidden_files_are_not_served(served):
    server, out = served
    assert get(server, "/.git/config")[0] == 404
    assert get(server, "/.current.tmp")[0] == 404
    # Planted on the server: under the editor's folder, whose location skipped the rule.
    live = server.root.resolve()
    for rel in ("admin/.env", "admin/.git/config", "berita/.env"):
        (live / rel).parent.mkdir(parents=True, exist_ok=True)
        (live / rel).write_text("TOKEN=rahasia\n")
    try:
        for rel in ("admin/.env", "admin/.git/config", "berita/.env"):
            status, _, body = get(server, "/" + rel)
            assert status == 404 and b"rahasia" not in body, rel
        assert get(server, "/.well-known/security.txt")[0] == 200
    finally:
        for rel in ("admin/.env", "admin/.git/config", "berita/.env"):
            (live / rel).unlink()
        (live / "admin/.git").rmdir()


def test_a_folder_without_a_page_is_the_404_page(served):
    server, out = served
    status, headers, body = get(server, "/theme/")
    assert status == 404 and body == (out / "404.html").read_bytes()


def test_resized_images_are_kept_as_long_as_theme_files(served):
    server, out = served
    image = first(out, "images/**/*.??????????.webp")
    assert re.search(r"max-age=31536000\b.*immutable", get(server, image)[1]["cache-control"])
    logo = first(out, "images/*.png")  # published under its own name: it may change
    assert "immutable" not in get(server, logo)[1]["cache-control"]


def challenge(port: int, host: str) -> tuple[int, bytes]:
    """The ACME challenge ``tOkEn`` over plain HTTP on a loopback port, as ``host``."""
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    plain.request("GET", "/.well-known/acme-challenge/tOkEn", headers={"Host": host})
    resp = plain.getresponse()
    return resp.status, resp.read()


def test_plain_http_and_www_lead_to_the_one_address(tmp_path):
    """The redirect servers as a certificate names both hosts: http:// of either host and
    https://www. answer 301 to https://sukamajukab.go.id with the same path and query; the
    ACME challenges (the certificate's renewal) are served over plain HTTP."""
    import socket
    import ssl
    import subprocess

    from nginx_helper import free_port, redirects_config

    cert, key, acme = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "acme"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=sukamajukab.go.id",
                    "-addext", "subjectAltName=DNS:sukamajukab.go.id,DNS:www.sukamajukab.go.id",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    (acme / ".well-known/acme-challenge").mkdir(parents=True)
    (acme / ".well-known/acme-challenge/tOkEn").write_text("tOkEn.jempol")
    http_port, https_port = free_port(), free_port()
    server = Nginx(tmp_path, tmp_path / "nginx", http_port, redirects_config(tmp_path / "nginx", http_port, https_port, cert, key, acme))
    server.start()
    try:
        def ask(conn, host, path):
            conn.request("GET", path, headers={"Host": host})
            resp = conn.getresponse()
            resp.read()
            conn.close()
            return resp.status, resp.getheader("Location")

        tls = ssl.create_default_context(cafile=str(cert))
        for host in ("sukamajukab.go.id", "www.sukamajukab.go.id"):
            plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
            assert ask(plain, host, "/berita/?halaman=2") == (301, "https://sukamajukab.go.id/berita/?halaman=2"), host
        # www. over HTTPS: the certificate is checked as a browser checks it (its name, its chain).
        www = http.client.HTTPSConnection("www.sukamajukab.go.id", https_port, timeout=10, context=tls)
        www.sock = tls.wrap_socket(socket.create_connection(("127.0.0.1", https_port)),
                                   server_hostname="www.sukamajukab.go.id")
        assert ask(www, "www.sukamajukab.go.id", "/ppid/dip/?q=anggaran") == (301, "https://sukamajukab.go.id/ppid/dip/?q=anggaran")
        assert challenge(http_port, "www.sukamajukab.go.id") == (200, b"tOkEn.jempol")
    finally:
        server.stop()


def test_the_first_certificate_s_challenge_is_served_before_any_certificate_exists(tmp_path):
    """deploy/nginx.conf names its certificates, so nginx refuses it on a new server until
    they exist: its first lines say how to get the first one. That temporary port-80 block
    serves the ACME challenge from the folder this file's own port-80 block serves it from
    (the webroot certbot keeps for renewals), and nginx takes it with no certificate."""

    from nginx_helper import NGINX_CONF, free_port, wrap

    head = NGINX_CONF.read_text(encoding="utf-8").split("\n\n", 1)[0]
    block = re.search(r"^#\s+printf '(server \{.*\})\\n' > /etc/nginx/sites-enabled/acme-awal$", head, re.M)
    assert block, head
    assert re.search(r"^#\s+certbot certonly --webroot -w /var/www/letsencrypt -d sukamajukab.go.id -d www.sukamajukab.go.id$",
                     head, re.M), head
    port, acme = free_port(), tmp_path / "acme"
    (acme / ".well-known/acme-challenge").mkdir(parents=True)
    (acme / ".well-known/acme-challenge/tOkEn").write_text("tOkEn.awal")
    text = block.group(1).replace("\\n", "\n").replace("listen 80;", f"listen 127.0.0.1:{port};")
    assert "root /var/www/letsencrypt;" in text and "ssl" not in text
    server = Nginx(tmp_path, tmp_path / "nginx", port, wrap(text.replace("/var/www/letsencrypt", str(acme)), tmp_path / "nginx"))
    server.start()
    try:
        assert challenge(port, "sukamajukab.go.id") == (200, b"tOkEn.awal")
    finally:
        server.stop()

