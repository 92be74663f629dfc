"""Remove the build clock from the output.

Pelican's feeds come from feedgenerator, which dates a feed with no dated item
(`<updated>`, RSS `lastBuildDate`) with the current time. With SOURCE_DATE_EPOCH set
that date becomes the epoch, so two builds of the same content are byte-identical.
Everything else Pelican writes is already a function of the content.
"""

from __future__ import annotations

import datetime as dt
import os

import pelican_internals


def _epoch():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch else None


def install(settings):
    pelican_internals.date_undated_feeds(_epoch)
