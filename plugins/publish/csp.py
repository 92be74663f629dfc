"""The site's Content-Security-Policy, defined once.

nginx sends it as a header (``deploy/nginx.conf``, whose line ``invoke nginx-csp``
writes from here); every page also carries it in a ``<meta http-equiv>`` so that hosts
that send no header (GitHub Pages, GitLab Pages) give readers the same protection. A meta
policy cannot carry ``frame-ancestors`` (nor reporting or ``sandbox``): the header keeps
those. Embeds are allowed from exactly the hosts of ``EMBED_ALLOWED_HOSTS``.

The web editor (``admin/``, plugins/editor) has a policy of its own, defined here too
(``EDITOR_POLICY``): Decap CMS compiles its configuration validator at run time
(``'unsafe-eval'``), styles itself inline, previews uploads as ``blob:`` URLs and talks
to the Git host's API, whose addresses come from ``REDAKSI_BACKEND`` (``editor_sources``).
nginx sends it for ``/admin/`` (the ``$redaksi_csp`` map, written by the same task); the
editor page carries it as a meta too, with the local backend's address when
``REDAKSI_LOCAL_BACKEND`` is on (``./run.sh editor``; never in nginx's header).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

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

# The web editor's policy. ``connect-src`` and ``img-src`` get the Git host's addresses.
EDITOR_POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'unsafe-eval'"),
    ("worker-src", "'self' blob:"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self'"),
    ("connect-src", "'self' blob:"),
    ("media-src", "'self' blob:"),
    ("frame-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)
# Per backend: its API's address when REDAKSI_BACKEND names no ``api_root``, and the
# hosts of its users' pictures (a GitLab serves them itself too: its own addresses).
EDITOR_HOSTS = {
    "github": ("https://api.github.com", ("https://avatars.githubusercontent.com",)),
    "gitlab": ("https://gitlab.com", ("https://secure.gravatar.com",)),
}
LOCAL_BACKEND = "http://localhost:8081"  # decap-server, where `local_backend: true` looks for it
NGINX_EDITOR_LINE = re.compile(r'(map \$uri \$redaksi_csp \{\s*default ")[^"]*(";)')


class NginxConfError(ValueError):
    """An nginx config whose Content-Security-Policy lines cannot be found (in Indonesian)."""


class PolicyError(ValueError):
    """A setting that cannot become part of a policy: ``(setting, message)``, in Indonesian."""


def _origin(value, setting: str, key: str) -> str:
    """``https://host[:port]`` of an address, or PolicyError (the value would otherwise
    go into the policy as it is)."""
    parts = urlsplit(str(value))
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number
        port = None
    if parts.scheme not in ("http", "https") or not re.fullmatch(r"[A-Za-z0-9.-]+", parts.hostname or "") or port is None:
        raise PolicyError(setting, f"{key} {str(value)!r} bukan alamat http:// atau https:// yang sah "
                                   "(mis. https://git.sukamajukab.go.id)")
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def editor_sources(settings, local: bool) -> tuple[list[str], list[str]]:
    """(connect-src, img-src additions) for the editor: the backend's API (``api_root``,
    else the host's own) and login helper (``base_url``), its users' pictures; with
    ``local``, decap-server's address from ``REDAKSI_LOCAL_BACKEND``."""
    backend = settings.get("REDAKSI_BACKEND") or {"name": "github"}
    name = str(backend.get("name", ""))
    default_api, avatars = EDITOR_HOSTS.get(name, (None, ()))
    api = _origin(backend["api_root"], "REDAKSI_BACKEND", "api_root") if backend.get("api_root") else default_api
    login = _origin(backend["base_url"], "REDAKSI_BACKEND", "base_url") if backend.get("base_url") else None
    connect = list(dict.fromkeys(a for a in (api, login) if a))
    images = list(dict.fromkeys([*avatars, *(connect if name == "gitlab" else ())]))
    chosen = settings.get("REDAKSI_LOCAL_BACKEND", True) if local else None
    if chosen is True:
        connect.append(LOCAL_BACKEND)
    elif isinstance(chosen, dict) and chosen.get("url"):
        connect.append(_origin(chosen["url"], "REDAKSI_LOCAL_BACKEND", "url"))
    elif isinstance(chosen, dict):  # decap-server on port 8081 of the host the page was opened on
        hosts = ("localhost", "127.0.0.1", *(chosen.get("allowed_hosts") or ()))
        connect += [_origin(f"http://{h}:8081", "REDAKSI_LOCAL_BACKEND", "allowed_hosts") for h in hosts]
    return connect, images


def editor_directives(settings, local: bool) -> list[tuple[str, str]]:
    connect, images = editor_sources(settings, local)
    extra = {"connect-src": connect, "img-src": images}
    return [(name, " ".join([value, *extra.get(name, ())])) for name, value in EDITOR_POLICY]


def editor_header(settings) -> str:
    """nginx's header for /admin/: the published editor, without the local backend."""
    return _text(editor_directives(settings, local=False))


def editor_meta(settings) -> str:
    """The editor page's meta policy, with the local backend when it is on."""
    return _text(editor_directives(settings, local=True), in_meta=True)


def _text(directives, in_meta=False) -> str:
    """A policy's text; a meta's without what a meta cannot carry (``NOT_IN_META``)."""
    return "; ".join(f"{name} {value}" for name, value in directives if not (in_meta and name in NOT_IN_META))


def directives(embed_hosts) -> list[tuple[str, str]]:
    for host in embed_hosts:  # written into deploy/nginx.conf: a quote there would end the header's value
        if not isinstance(host, str) or not re.fullmatch(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", host):
            raise PolicyError("EMBED_ALLOWED_HOSTS", f"{str(host)[:80]!r} bukan nama host yang sah; tulis namanya saja, "
                                                     "tanpa https:// dan garis miring, mis. www.youtube.com")
    frames = " ".join(f"https://{h}" for h in sorted(set(embed_hosts))) or "'none'"
    return [(name, frames if value is None else value) for name, value in POLICY]


def header(embed_hosts) -> str:
    return _text(directives(embed_hosts))


def meta(embed_hosts) -> str:
    return _text(directives(embed_hosts), in_meta=True)


def nginx_text(text: str, embed_hosts, settings=None) -> str:
    """An nginx config's text with the site's Content-Security-Policy line for
    ``embed_hosts`` (None: left as it is) and, with ``settings``, the editor's
    (``$redaksi_csp``). NginxConfError when a line is not there exactly once."""
    if embed_hosts is not None:
        text, n = NGINX_LINE.subn(lambda m: m.group(1) + header(embed_hosts) + m.group(2), text)
        if n != 1:
            raise NginxConfError(f"harus ada tepat satu baris `add_header Content-Security-Policy \"…\" always;` (ada {n})")
    if settings is not None:
        text, n = NGINX_EDITOR_LINE.subn(lambda m: m.group(1) + editor_header(settings) + m.group(2), text)
        if n != 1:
            raise NginxConfError(f"harus ada tepat satu blok `map $uri $redaksi_csp {{ default \"…\"; }}` (ada {n})")
    return text


def write_nginx(conf: Path, embed_hosts, settings=None) -> bool:
    """Rewrite the site's Content-Security-Policy line of an nginx config and, with
    ``settings``, the editor's (``$redaksi_csp``); True when it changed."""
    text = conf.read_text(encoding="utf-8")
    new = nginx_text(text, embed_hosts, settings)
    if new != text:
        conf.write_text(new, encoding="utf-8")
    return new != text
