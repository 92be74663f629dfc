"""admin/ through the production nginx configuration: its own Content-Security-Policy
and the other security headers, while the rest of the site keeps the strict policy."""

from __future__ import annotations

import pytest

from test_publish_nginx import get

pytestmark = pytest.mark.slow


def test_admin_has_its_own_policy_and_the_site_keeps_the_strict_one(served):
    from editor import paket

    server, out = served
    status, admin, body = get(server, "/admin/")
    assert status == 200 and body == (out / "admin" / "index.html").read_bytes()
    csp = admin["content-security-policy"]
    assert "script-src 'self' 'unsafe-eval'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "https:" not in csp.split("script-src", 1)[1].split(";", 1)[0]  # scripts only from the site
    for header in ("x-content-type-options", "referrer-policy", "permissions-policy", "strict-transport-security"):
        assert admin[header] == get(server, "/")[1][header]
    assert "unsafe-eval'" not in get(server, "/")[1]["content-security-policy"].replace("'wasm-unsafe-eval'", "")

    status, headers, _ = get(server, "/admin/config.yml")
    assert status == 200 and headers["content-type"].startswith("text/yaml")
    bundle = f"/admin/{paket.FOLDER}/decap-cms.js"
    status, headers, body = get(server, bundle, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "javascript" in headers["content-type"]
