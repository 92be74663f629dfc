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
