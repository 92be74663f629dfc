"""The site's Content-Security-Policy, defined once.

nginx sends it as a header (``deploy/nginx.conf``, whose line ``invoke nginx-csp``
writes from here); every page also carries it in a ``<meta http-equiv>`` so that hosts
that send no header (GitHub Pages, GitLab Pages) give readers the same protection. A meta
policy cannot carry ``frame-ancestors`` (nor reporting or ``sandbox``): the header keeps
those. Embeds are allowed from exactly the hosts of ``EMBED_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import re
from pathlib import Path

# Directive -> sources. ``frame-src`` is filled from EMBED_ALLOWED_HOSTS.
POLICY = (
    ("default-src", "'self'"),
    # Pagefind compiles its WebAssembly and runs a worker from a blob.
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("worker-src", "'self' blob:"),
    # The colour tokens are one inline <style> per page; author styles pass an allowlist.
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("media-src", "'self'"),
    ("frame-src", None),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'self'"),
)
NOT_IN_META = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
NGINX_LINE = re.compile(r'^(\s*add_header Content-Security-Policy ")[^"]*(" always;)$', re.M)


def directives(embed_hosts) -> list[tuple[str, str]]:
    frames = " ".join(f"https://{h}" for h in sorted(set(embed_hosts))) or "'none'"
    return [(name, frames if value is None else value) for name, value in POLICY]


def header(embed_hosts) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives(embed_hosts))


def meta(embed_hosts) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives(embed_hosts) if name not in NOT_IN_META)


def write_nginx(conf: Path, embed_hosts) -> bool:
    """Rewrite the Content-Security-Policy line of an nginx config; True when it changed."""
    text = conf.read_text(encoding="utf-8")
    new, n = NGINX_LINE.subn(lambda m: m.group(1) + header(embed_hosts) + m.group(2), text)
    if n != 1:
        raise ValueError(f"{conf}: expected one `add_header Content-Security-Policy \"…\" always;` line")
    if new != text:
        conf.write_text(new, encoding="utf-8")
    return new != text
