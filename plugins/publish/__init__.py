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


def check_sample_values(content_path, settings, report):
    """A site made by ``situs-baru`` (it sets ``SITE_DOMAIN``) whose settings still hold
    the kit's sample region's own values: its ``pelicanconf.py`` takes every default of
    ``kit/pelicanconf.py``, so a region setting the kit gained after the site was made
    (``SECURITY_CONTACT``, ``SOCIAL``...) arrives with Kabupaten Sukamaju's value. Published,
    it would be another region's (citizens' vulnerability reports sent to its CSIRT): each
    such setting is refused, named with what to write. The editor's repository
    (``REDAKSI_BACKEND``) is a warning: it publishes nothing, its sign-in fails."""
    import runpy

    from content.situs import SAMPLE_REGION, kit_root
    from content.validate import Problem

    sample = kit_root() / "pelicanconf.py"
    if not settings.get("SITE_DOMAIN") or not sample.is_file():
        return
    values = runpy.run_path(str(sample))
    domain = settings["SITE_DOMAIN"]
    if domain == values.get("SITE_DOMAIN"):
        return  # the kit's own sample site
    for key, value in sorted(values.items()):
        if not key.isupper() or SAMPLE_REGION not in repr(value).lower() or settings.get(key) != value:
            continue
        if key == "REDAKSI_BACKEND":
            if settings.get("REDAKSI_ENABLED", True):
                report.warnings.append(Problem(
                    "pelicanconf.py", key,
                    f"editor web (admin/) masih menyimpan ke repositori contoh kit ({value.get('repo', '')}); tulis "
                    "repositori situs ini, mis. {\"name\": \"gitlab\", \"repo\": \"pemilik/nama\", \"branch\": \"main\"}, "
                    "atau REDAKSI_ENABLED = False", line=0))
            continue
        hint = SAMPLE_HINTS.get(key, "tulis nilai milik daerah ini").format(domain=domain)
        report.errors.append(Problem(
            "pelicanconf.py", key,
            f"masih berisi nilai contoh kit ({SAMPLE_REGION.title()}): {value!r} (pengaturan yang datang bersama "
            f"kit baru mengambil nilai contohnya); {hint} di pelicanconf.py situs ini", line=0))


# What to write instead of a sample value (check_sample_values), by setting.
SAMPLE_HINTS = {
    "SECURITY_CONTACT": "tulis kontak CSIRT daerah ini, mis. SECURITY_CONTACT = (\"mailto:csirt@{domain}\",), "
                        "atau SECURITY_CONTACT = () selama belum ada",
    "SOCIAL": "tulis akun media sosial daerah ini, mis. SOCIAL = ((\"Instagram\", \"https://www.instagram.com/akun\"),), "
              "atau SOCIAL = ()",
    "SITE_LOGO": "tulis lambang daerah ini, mis. SITE_LOGO = \"images/logo.png\" (berkasnya di content/images/)",
}


def configure(run):
    from content.validate import ContentError, Problem

    from . import csp, fingerprint, reproducible

    settings = run.settings
    settings["CSP_META"] = csp.meta(settings.get("EMBED_ALLOWED_HOSTS") or ())
    if settings.get("REDAKSI_ENABLED", True):
        from editor import konfigurasi

        try:  # the editor's policy (written by editor.page) and upload limit: a bad one stops the build before any work
            csp.editor_meta(settings)
            konfigurasi.upload_limit(settings)
        except (csp.PolicyError, konfigurasi.SettingError) as exc:
            raise ContentError([Problem("pelicanconf.py", *exc.args)]) from None
    run.assets = fingerprint.install(settings)
    reproducible.install(settings)


def finish(run):
    from . import securitytxt

    securitytxt.write(run.output, run.settings)
    run.assets.write(run.output)
