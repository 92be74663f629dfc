"""Production settings: everything of pelicanconf.py plus an absolute SITEURL and feeds."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

SITEURL = (os.environ.get("SITEURL") or "https://" + SITE_DOMAIN).rstrip("/")  # noqa: F405 - empty (a CI variable left unset): the domain
FEED_DOMAIN = SITEURL
# Feeds, canonical URLs, og:url/og:image and sitemap.xml need this absolute SITEURL;
# their paths are set in pelicanconf.py.
globals().update(FEEDS)  # noqa: F405 - the feed paths of pelicanconf.py, switched on for production

# Precompressed .gz/.br copies for nginx (gzip_static/brotli_static). PRECOMPRESS=0 in
# the environment turns them off, e.g. for GitHub Pages, which compresses by itself.
PRECOMPRESS = os.environ.get("PRECOMPRESS", "1").strip().lower() not in ("0", "false", "no", "tidak")
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", DEPLOY_TARGET)  # noqa: F405
# The published editor talks to the Git host only: decap-server (`./run.sh editor`) is for
# one machine, and its address then stays out of admin/'s policy and configuration.
REDAKSI_LOCAL_BACKEND = False
