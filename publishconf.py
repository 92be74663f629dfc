"""Production settings: everything of pelicanconf.py plus an absolute SITEURL and feeds."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://sukamajukab.go.id").rstrip("/")
FEED_DOMAIN = SITEURL
# Feeds, canonical URLs, og:url/og:image and sitemap.xml need this absolute SITEURL;
# their paths are set in pelicanconf.py.
