"""publish: publishing a built site.

- ``fingerprint``: theme assets copied under content-hashed names
  (``theme/css/situs.<hash8>.css``) and the Jinja function/filter ``aset`` that
  templates use to link them, so a server can cache them for a year.
- ``reproducible``: no build clock in the output (empty feeds fall back to
  SOURCE_DATE_EPOCH, not to "now").
- ``compress``: ``.gz`` (gzip -9 or zopfli) and ``.br`` (brotli) beside every text file; a
  post-build step (``POST_BUILD_STEPS``) so it runs after every plugin has written.
- ``csp``: the Content-Security-Policy, one definition for nginx's header and each
  page's ``<meta http-equiv>``.
- ``securitytxt``: ``/.well-known/security.txt`` (RFC 9116) from settings, or a site's own
  file checked.
- ``deploy``: releases on a server (rsync, ``releases/<id>/``, atomic ``current``
  symlink, rollback, pruning); used by ``invoke deploy`` / ``invoke rollback``.
"""

from __future__ import annotations

# The build's steps below import their modules when they run: `invoke deploy`,
# `rollback` and `releases` import ``publish.deploy`` alone, without Pelican.

DEFAULTS = {
    "ASSET_FINGERPRINT": True,
    "PRECOMPRESS": False,
    "PRECOMPRESS_EXTENSIONS": (
        "html", "css", "js", "mjs", "xml", "json", "csv", "txt", "svg", "ics", "webmanifest", "map",
    ),
    "PRECOMPRESS_MIN_SIZE": 256,
    "PRECOMPRESS_MAX_RATIO": 0.9,
    "PRECOMPRESS_GZIP": "gzip",
    "DEPLOY_TARGET": "",
    "DEPLOY_KEEP": 5,
    "SECURITY_CONTACT": (),
    "SECURITY_LANGUAGES": "id, en",
    "SECURITY_POLICY": "",
}


def check_server(content_path, settings, report):
    """The server block beside the content folder (``deploy/nginx.conf``, the kit's and a
    situs-baru site's) sends the Content-Security-Policy the pages carry: a warning on the
    first line that differs from what the settings make (``./run.sh nginx-csp`` writes
    them), e.g. after ``EMBED_ALLOWED_HOSTS`` or ``REDAKSI_BACKEND`` changed. A site
    without that file (served another way) is not checked."""
    from pathlib import Path

    from common.paths import display_path
    from content.validate import Problem

    from . import csp

    conf = Path(content_path).resolve().parent / "deploy" / "nginx.conf"
    if not conf.is_file():
        return
    text = conf.read_text(encoding="utf-8")
    name = display_path(conf)
    try:
        want = csp.nginx_text(text, settings.get("EMBED_ALLOWED_HOSTS") or (), settings)
    except csp.NginxConfError as exc:
        report.warnings.append(Problem(name, "Content-Security-Policy", str(exc), line=0))
        return
    except csp.PolicyError:
        return  # a setting the policy cannot take: refused by the build itself (configure)
    if want == text:
        return
    line = next(n for n, (a, b) in enumerate(zip(text.splitlines(), want.splitlines()), 1) if a != b)
    report.warnings.append(Problem(
        name, "Content-Security-Policy",
        "header di berkas ini tidak sama dengan kebijakan yang dibuat pengaturan (EMBED_ALLOWED_HOSTS, "
        "REDAKSI_BACKEND), sehingga server mengirim kebijakan lama; jalankan ./run.sh nginx-csp lalu pasang "
        "berkas ini lagi di server", line=line))


def check_editor(content_path, settings, report):
    """A site made by ``situs-baru`` (it sets ``SITE_DOMAIN``) whose web editor still
    saves into the kit's sample repository (``REDAKSI_BACKEND`` as ``kit/pelicanconf.py``
    has it: a site made before ``situs-baru`` wrote its own): a warning saying what to set."""
    import runpy

    from content.situs import kit_root
    from content.validate import Problem

    if not settings.get("SITE_DOMAIN") or not settings.get("REDAKSI_ENABLED", True):
        return
    sample = kit_root() / "pelicanconf.py"
    if sample.is_file() and settings.get("REDAKSI_BACKEND") == runpy.run_path(str(sample)).get("REDAKSI_BACKEND"):
        repo = (settings.get("REDAKSI_BACKEND") or {}).get("repo", "")
        report.warnings.append(Problem(
            "pelicanconf.py", "REDAKSI_BACKEND",
            f"editor web (admin/) masih menyimpan ke repositori contoh kit ({repo}); tulis repositori situs ini, "
            "mis. {\"name\": \"gitlab\", \"repo\": \"pemilik/nama\", \"branch\": \"main\"}, atau REDAKSI_ENABLED = False",
            line=0))


def configure(run):
    from content.validate import ContentError, Problem

    from . import csp, fingerprint, reproducible

    settings = run.settings
    settings["CSP_META"] = csp.meta(settings.get("EMBED_ALLOWED_HOSTS") or ())
    if settings.get("REDAKSI_ENABLED", True):
        try:  # the editor's policy (written by editor.page): a bad address stops the build before any work
            csp.editor_meta(settings)
        except csp.PolicyError as exc:
            raise ContentError([Problem("pelicanconf.py", *exc.args)]) from None
    run.assets = fingerprint.install(settings)
    reproducible.install(settings)


def finish(run):
    from . import securitytxt

    securitytxt.write(run.output, run.settings)
    run.assets.write(run.output)
