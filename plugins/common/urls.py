"""The site's addresses: its absolute base, and the top-level folders it writes itself."""

from __future__ import annotations


def absolute_base(settings) -> str:
    """The site's absolute address (feeds, calendars, canonical links, the sitemap):
    FEED_DOMAIN, else SITEURL, when it is an absolute http(s) address; "" for a build
    with relative addresses. Pelican sets FEED_DOMAIN to SITEURL unless a site sets both."""
    for key in ("FEED_DOMAIN", "SITEURL"):
        value = (settings.get(key) or "").rstrip("/")
        if value.startswith(("http://", "https://")):
            return value
    return ""
