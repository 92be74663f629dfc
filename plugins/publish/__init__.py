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
        "yml",  # the editor's admin/config.yml: 190 KB, a tenth of that compressed
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


# Settings a site inherits from the kit's sample with Kabupaten Sukamaju's value, and what a
# build uses instead (``drop_sample_values``): nothing of another region is published.
DROPPED = {"SECURITY_CONTACT": {"SECURITY_CONTACT": ()}, "SOCIAL": {"SOCIAL": ()},
           "REDAKSI_BACKEND": {"REDAKSI_ENABLED": False}}
DROPPED_KEY = "KIT_SAMPLE_VALUES_DROPPED"  # the keys dropped, for check_sample_values to name
KEPT_KEY = "KIT_SAMPLE_VALUES_KEPT"  # the other sample values a site still holds, for check_sample_values to refuse


def _sample_values(settings) -> dict:
    """The kit's sample settings whose value a site made by ``situs-baru`` (it sets its
    own ``SITE_DOMAIN``) still holds: its ``pelicanconf.py`` takes every default of
    ``kit/pelicanconf.py``, so a region setting the kit gained after the site was made
    (``SECURITY_CONTACT``, ``SOCIAL``...) arrives with the sample region's value."""
    import runpy

    from content.situs import SAMPLE_REGION, kit_root

    sample = kit_root() / "pelicanconf.py"
    if not settings.get("SITE_DOMAIN") or not sample.is_file():
        return {}
    values = runpy.run_path(str(sample))
    if settings["SITE_DOMAIN"] == values.get("SITE_DOMAIN"):
        return {}  # the kit's own sample site
    return {key: value for key, value in sorted(values.items())
            if key.isupper() and SAMPLE_REGION in repr(value).lower() and settings.get(key) == value}


def drop_sample_values(settings):
    """A site's inherited sample values that would publish another region's data
    (citizens' vulnerability reports to its CSIRT, its accounts, an editor saving to its
    repository): left out of the build (``DROPPED``), each said by ``check_sample_values``.
    A site made by an older kit keeps building after an upgrade (the 1.x promise)."""
    values = _sample_values(settings)
    found = [key for key in values if key in DROPPED
             and (key != "REDAKSI_BACKEND" or settings.get("REDAKSI_ENABLED", True))]  # (an editor turned off: nothing to say)
    for key in found:
        settings.update(DROPPED[key])
    settings[DROPPED_KEY] = tuple(found)
    settings[KEPT_KEY] = {key: value for key, value in values.items() if key not in DROPPED}


def check_sample_values(content_path, settings, report):
    """What ``drop_sample_values`` left out, as warnings naming what to write; any other
    setting still holding a sample value (one the build cannot do without) refused. Both
    as ``drop_sample_values`` found them when the settings were read."""
    from content.situs import SAMPLE_REGION
    from content.validate import Problem

    domain = settings.get("SITE_DOMAIN") or ""
    for key in settings.get(DROPPED_KEY) or ():
        hint = SAMPLE_HINTS[key].format(domain=domain)
        report.warnings.append(Problem(
            "pelicanconf.py", key, f"tidak diisi situs ini, sehingga terisi nilai contoh kit ({SAMPLE_REGION.title()}); "
            f"nilai itu tidak diterbitkan ({DROPPED_SAID[key]}): {hint} di pelicanconf.py situs ini", line=0))
    for key, value in (settings.get(KEPT_KEY) or {}).items():  # (read once, by drop_sample_values)
        hint = SAMPLE_HINTS.get(key, "tulis nilai milik daerah ini").format(domain=domain)
        report.errors.append(Problem(
            "pelicanconf.py", key,
            f"masih berisi nilai contoh kit ({SAMPLE_REGION.title()}): {value!r} (pengaturan yang datang bersama "
            f"kit baru mengambil nilai contohnya); {hint} di pelicanconf.py situs ini", line=0))


def check_setting_placeholders(content_path, settings, report):
    """A setting still holding a ``[ISI: …]`` of situs-baru (the PPID's address and telephone
    when it was not given them): every page's footer and the JSON-LD would show it to
    citizens and to Monev verifiers. A warning while the site is built to be looked at
    (``check``, ``build``, the preview); a refusal of a build with the site's address
    (``publish``, what is deployed)."""
    from pathlib import Path

    from common.urls import absolute_base
    from content.pengaturan import line_of
    from content.schema import find_placeholder
    from content.validate import Problem

    conf = Path(content_path).resolve().parent / "pelicanconf.py"
    found = report.errors if absolute_base(settings) else report.warnings
    for key in sorted(k for k in settings if k.isupper()):
        value = settings[key]
        texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
            if isinstance(value, (tuple, list)) else []
        hit = next((m for m in map(find_placeholder, texts) if m), None)
        if hit is None:
            continue
        what = hit.group(0)[5:-1].strip() if hit.group(0).startswith("[ISI:") else "isinya"
        then = ("situs tidak diterbitkan sebelum diisi" if found is report.errors
                else "build dengan alamat situs (publish) menolaknya")
        found.append(Problem("pelicanconf.py", key, f"masih berisi petunjuk \"{hit.group(0)}\"; tulis {what} di "
                             f"pelicanconf.py situs ini (tampil di halaman situs; {then})", line=line_of(conf, key)))


# What to write instead of a sample value (check_sample_values), by setting.
SAMPLE_HINTS = {
    "SECURITY_CONTACT": "tulis kontak CSIRT daerah ini, mis. SECURITY_CONTACT = (\"mailto:csirt@{domain}\",), "
                        "atau SECURITY_CONTACT = () selama belum ada",
    "SOCIAL": "tulis akun media sosial daerah ini, mis. SOCIAL = ((\"Instagram\", \"https://www.instagram.com/akun\"),), "
              "atau SOCIAL = ()",
    "SITE_LOGO": "tulis lambang daerah ini, mis. SITE_LOGO = \"images/logo.png\" (berkasnya di content/images/)",
    "REDAKSI_BACKEND": "tulis repositori situs ini, mis. REDAKSI_BACKEND = {{\"name\": \"gitlab\", \"repo\": \"pemilik/nama\", "
                       "\"branch\": \"main\"}} lalu REDAKSI_ENABLED = True, atau REDAKSI_ENABLED = False",
}
# What the build does without a dropped value.
DROPPED_SAID = {
    "SECURITY_CONTACT": "/.well-known/security.txt tidak dibuat", "SOCIAL": "tautan media sosial tidak ditampilkan",
    "REDAKSI_BACKEND": "editor web admin/ tidak diterbitkan",
}


def configure(run):
    from content.validate import ContentError, Problem

    from . import csp, fingerprint, reproducible

    from editor import konfigurasi

    settings = run.settings
    # The site's policy, the editor's (written by editor.page) and its upload limit: a bad
    # setting stops the build before any work.
    try:
        settings["CSP_META"] = csp.meta(settings.get("EMBED_ALLOWED_HOSTS") or ())
        if settings.get("REDAKSI_ENABLED", True):
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
