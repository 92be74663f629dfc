"""Remove the build clock from the output.

Pelican's feeds come from feedgenerator, which dates a feed with no dated item
(`<updated>`, RSS `lastBuildDate`) with the current time. With SOURCE_DATE_EPOCH set
that date becomes the epoch, so two builds of the same content are byte-identical.
Everything else Pelican writes is already a function of the content.
"""

from __future__ import annotations

import datetime as dt
import os

from feedgenerator.django.utils import feedgenerator

_original = feedgenerator.SyndicationFeed.latest_post_date


def _latest_post_date(self):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return _original(self)


def install(settings):
    feedgenerator.SyndicationFeed.latest_post_date = _latest_post_date
