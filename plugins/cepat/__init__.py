"""cepat: fast and incremental builds.

- ``writer``: pages are recorded during the run and rendered at ``finalized`` in forked
  worker processes; a page whose inputs did not change since the previous build is
  hard-linked from the previous output instead of rendered (``CEPAT_STATE``).
- ``reader``: one reusable Markdown parser per run instead of one per file; Markdown
  results cached per file content; on a cold build all files are converted first in
  forked processes.
- ``incremental``: the fingerprint of every input; `konten.build` skips a build whose
  inputs are unchanged, and gives the writer its previous output and state folder.
- faster equivalents of Pelican hot spots (tag/category pages, relative source paths,
  file stamps for a content cache that is off) are in ``pelican_internals``; cepat
  installs them.
- ``bench``: `invoke bench`.

List ``cepat`` FIRST in PLUGINS: pages are rendered in its ``finalized`` receiver, so
plugins that read the output at ``finalized`` (search index, sitemap) see it.
"""

from __future__ import annotations

from pelican import signals

import pelican_internals

from . import reader, writer

DEFAULTS = {
    "CEPAT_WORKERS": 0,  # 0: one per usable CPU
    "CEPAT_INCREMENTAL": True,
}


def on_initialized(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    writer._current = None  # per run
    reader.CACHE.start(pelican.settings)
    reader.CACHE.prewarm(pelican.settings, int(pelican.settings["CEPAT_WORKERS"] or writer.usable_cpus()))


def on_finalized(pelican):
    writer.on_finalized(pelican)
    reader.CACHE.save()


def register():
    pelican_internals.apply()
    signals.initialized.connect(on_initialized)
    signals.get_writer.connect(writer.get_writer)
    signals.readers_init.connect(reader.on_readers_init)
    signals.generator_init.connect(writer.track_environment)
    signals.finalized.connect(on_finalized)
