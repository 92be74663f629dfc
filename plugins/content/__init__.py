"""content: the content model of the site kit.

One schema (``schema.py``) for news, public-information entries, agenda and static
pages; the OPD registry; validation of every file before anything is written; the
generator for entries and agenda. Other plugins read ``schema`` and the validated
``fields`` of each content object, never the raw metadata.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import PagesGenerator

import pelican_internals
from common.paths import display_path
from common.titles import title_text

from . import berkas, generator, html_policy, kemajuan, safety, tag, tanggal, validate
from .schema import BERITA, DEFAULT_NEWS_CATEGORIES, DIP, HALAMAN
from .validate import Checker, ContentError, Problem, Report

logger = logging.getLogger(__name__)

DEFAULTS = {
    "NEWS_CATEGORIES": DEFAULT_NEWS_CATEGORIES,
    "IMAGE_MAX_PIXELS": 40_000_000,
    "EMBED_ALLOWED_HOSTS": ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"),
    "ENTRY_URL": generator.DIP.url,
    "ENTRY_SAVE_AS": generator.DIP.url + "index.html",
    "EVENT_URL": generator.AGENDA.url,
    "EVENT_SAVE_AS": generator.AGENDA.url + "index.html",
    "REGULATION_URL": generator.REGULASI.url,
    "REGULATION_SAVE_AS": generator.REGULASI.url + "index.html",
}


def check(content_path, settings, checks=(), cache_path=None, now=None, stamps=None, preview=False) -> Report:
    """Validate every content file; the report carries errors, warnings and the parsed
    items (``cache_path``, ``now``, ``stamps``, ``preview``: see ``validate.Checker``). Each of ``checks`` (``check_content(content_path, settings, report)`` of a
    package that reads files of its own, see ``pipeline.CHECKS``) then appends its
    problems to ``report.errors``/``report.warnings``."""
    settings = {**DEFAULTS, **settings}
    report = Checker(content_path, settings, cache_path, now, stamps, preview).run()
    for hook in checks:
        hook(content_path, settings, report)
    return report


def check_site_files(content_path, settings, report):
    """A situs-baru site's own copies of the kit's files (``situs.check_site_files``)."""
    from . import situs

    situs.check_site_files(content_path, settings, report)


def configure(run):
    settings = run.settings
    settings["ENTRY_FIELDS"] = [f for f in DIP.fields if f.export]
    tz = settings.get("TIMEZONE") or "Asia/Jakarta"
    settings["JINJA_FILTERS"] = {**tanggal.filters(tz), **settings.get("JINJA_FILTERS", {})}


def validate_site(run, checks=()):
    """Every content file against the schema (and the packages' own ``checks``): warnings
    logged, errors refuse the build; the report is the run's from here on."""
    report = check(run.content, run.settings, checks, run.validation_cache, run.now, run.stamps, run.preview)
    moved_addresses(run, report)
    for w in report.warnings:
        logger.warning("%s", w)
    if report.errors:
        raise ContentError(report.errors)
    run.report = report


def moved_addresses(run, report):
    """A published item whose address changed since the last build of this output (its date
    moved to another month, its Slug or OPD changed) while its ``Alamat-Lama`` does not name
    the former one: the links already shared stop reaching it, said as a warning with the
    line to add. So is a file published under another name (renamed, or a draft regulation
    enacted into a new file) whose type and title are those of a file gone since, whose
    address nothing publishes or claims now. Known only where the last build left its memory
    (``run.memory``: the preview, and a one-off build with its state folder); nothing else
    changes."""
    if run.memory is None:
        return
    published = [item for item in report.items if item.published and item.url]
    now = {item.rel: item.url for item in published}
    titles = {item.rel: f"{item.ctype.slug}\0{title_text(item.values.get('title')).casefold()}" for item in published}
    before, run.memory["alamat"] = run.memory.get("alamat") or {}, now
    titled, run.memory["judul"] = run.memory.get("judul") or {}, titles
    taken = set(now.values())
    claimed = {a for item in published for a in item.values.get("alamat-lama") or ()}
    gone = {titled[rel]: (rel, url) for rel, url in before.items()
            if rel not in now and rel in titled and url not in taken and url not in claimed}
    for item in published:
        old = before.get(item.rel)
        if old and item.url != old and old not in taken and old not in (item.values.get("alamat-lama") or ()):
            report.warnings.append(validate.Problem(
                item.rel, "Alamat-Lama", f"alamat halaman ini berubah dari /{old} menjadi /{item.url}; tautan lama yang sudah "
                                         f"dibagikan tidak sampai lagi ke sini: tambahkan baris Alamat-Lama: /{old}"))
        elif old is None and gone and titles[item.rel] in gone:
            rel, url = gone.pop(titles[item.rel])
            report.warnings.append(validate.Problem(
                item.rel, "Alamat-Lama", f"berkas ini berjudul sama dengan {rel}, yang tidak ada lagi, dan alamatnya berbeda "
                                         f"(dulu /{url}, kini /{item.url}); bila ini halaman yang sama, tautan lama yang sudah "
                                         f"dibagikan tidak sampai lagi ke sini: tambahkan baris Alamat-Lama: /{url}"))


def on_content_init(run, content):
    report: Report | None = run.report
    if report is None or not getattr(content, "source_path", None):
        return
    item = report.item_for(content.source_path)
    if item is None:
        return
    note_read(run)
    body = pelican_internals.body(content)
    if body:
        pelican_internals.set_body(content, html_policy.harden(body, "Sematan video"))
    content.fields = item.values
    content.slug = item.slug
    tag.normalise(content, report.tag_names)
    content.opd = report.registry.get(item.values.get("opd"))
    if not item.published and content.status == "published":
        content.status = "draft"  # drafts and future-dated items never reach the output
    if isinstance(content, (generator.Entry, generator.Event, generator.Regulation)):
        # URL patterns format from metadata; give them parsed values (datetimes).
        content.metadata.update({k: v for k, v in item.values.items() if k.isidentifier()})
        for k, v in item.values.items():
            if k.isidentifier() and k != "opd" and not hasattr(type(content), k):
                setattr(content, k, v)


def under_site_path(run, content):
    """Last of the hooks on a content object: the links and images its author wrote from
    the site's root put under SITEURL's path (``html_policy.under``), after the images
    plugin has found the files they name (``/images/…`` is a file under content/)."""
    prefix = urlsplit(run.settings.get("SITEURL") or "").path.rstrip("/")
    body = pelican_internals.body(content) if prefix and getattr(content, "source_path", None) else None
    if body:
        pelican_internals.set_body(content, html_policy.under(body, prefix))


def note_read(run):
    """One more content file read, on the progress line (also one a forked process read
    for this build: rendering.kept)."""
    run.read += 1
    kemajuan.stage("Membaca konten", run.read, len(run.report.items))


def all_read(run):
    """Every content file was read: one Pelican could not read (it logs "Could not process",
    leaves the file out and builds on) refuses the build, named, although validation let it
    through (the header checks in ``validate.Checker.header_written_once`` exist for such files)."""
    done = run.generators[0].context.get("generated_content") or {} if run.generators else {}
    failed = sorted(path for path, obj in done.items() if obj is None)
    if failed:
        raise ContentError([Problem(display_path(run.content / path), "", NOT_READ) for path in failed])


NOT_READ = ("pemeriksaan meloloskan berkas ini, tetapi build gagal membacanya (Pelican: \"Could not process\"), "
            "sehingga tidak ada yang diterbitkan; periksa kepala berkasnya (satu kunci per baris, tiap kunci sekali, "
            "nilainya dalam satu baris), lalu bila tetap gagal laporkan berkas ini kepada pengelola situs")


def derive(run, generators):
    kemajuan.stage("Menyusun daftar, tabel dan ekspor")


def schema_keys_only(run, sender, metadata):
    """Only the keys of the content type's schema reach Pelican: a key Pelican obeys
    (``Save_as``, ``Template``, ...) is refused by validation, and an unknown one, which
    validation reports as ignored, is ignored indeed."""
    ctype = getattr(sender, "ctype", None) or (HALAMAN if isinstance(sender, PagesGenerator) else BERITA)
    for key in [k for k in metadata if k not in ctype.keys]:
        del metadata[key]
    # Validation takes a news category in any case (`berita`); the page shows it as the
    # site spells it (`Berita`), one category page for both.
    category = metadata.get("category")
    if category is not None:
        spelled = {c.casefold(): c for c in run.settings.get("NEWS_CATEGORIES") or ()}.get(category.name.casefold())
        if spelled and spelled != category.name:
            metadata["category"] = type(category)(spelled, run.settings)


def guard_static_files(run, generator):
    """Pelican copies every file a body links with {static}/{attach} as it is. Validation
    has checked each link; this is the last line before the copy: a file whose real path
    leaves content/ or that is not an allowed document stops the build, and photos are
    left to the images package (re-encoded, metadata removed), never copied."""
    content = Path(generator.path).resolve()
    kept, problems = [], []
    for static in generator.staticfiles:
        source = Path(static.source_path)
        shown = display_path(source)
        real = source.resolve()
        if not real.is_relative_to(content):
            problems.append(validate.Problem(shown, "", "berkas ini berada di luar folder content/ (juga lewat symlink) dan tidak diterbitkan"))
            continue
        if real.suffix.lower() in safety.IMAGE_SUFFIXES:
            continue
        message = berkas.problem(real)
        if message:
            problems.append(validate.Problem(shown, "", message))
            continue
        kept.append(static)
    theme = Path(generator.theme).resolve()
    for folder in generator.settings.get("THEME_STATIC_PATHS") or ():
        for path in (theme / folder).rglob("*"):
            if path.is_symlink() and not path.resolve().is_relative_to(theme):
                problems.append(validate.Problem(display_path(path), "", "tautan simbolik (symlink) di tema menunjuk ke luar folder tema dan tidak diterbitkan"))
    if problems:
        raise ContentError(problems)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = kept


EntriesGenerator, AgendaGenerator, RegulationGenerator, FormerAddressGenerator = (
    generator.EntriesGenerator, generator.AgendaGenerator, generator.RegulationGenerator,
    generator.FormerAddressGenerator,
)
ITEM_CONTEXT = generator.ITEM_CONTEXT

__all__ = ["ContentError", "check"]
