"""Site settings for local builds. publishconf.py adds what production needs.

A second kabupaten changes this file and content/, never the templates.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

# --- The site ---------------------------------------------------------------
SITENAME = "Portal Resmi Pemerintah Kabupaten Sukamaju"
SITENAME_SHORT = "Kabupaten Sukamaju"
SITE_DESCRIPTION = "Berita, agenda dan informasi publik Pemerintah Kabupaten Sukamaju."
SITEURL = ""
AUTHOR = "Diskominfo Kabupaten Sukamaju"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
LOCALE = ("C",)  # dates are formatted with Babel, never with the system locale
SITE_LOGO = "images/logo-sukamaju.png"
SITE_ADDRESS = "Jl. Pemuda No. 1, Sukamaju 53111"
SITE_PHONE = "(0282) 123000"
SITE_EMAIL = "diskominfo@sukamajukab.go.id"
SOCIAL = (
    ("Instagram", "https://www.instagram.com/sukamajukab"),
    ("YouTube", "https://www.youtube.com/@sukamajukab"),
    ("X", "https://x.com/sukamajukab"),
)

# --- Content ------------------------------------------------------------------
PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
ARTICLE_PATHS = ["berita"]
PAGE_PATHS = ["halaman"]
STATIC_PATHS = ["images"]  # documents are published by the konten plugin, per entry
NEWS_CATEGORIES = ("Berita", "Pengumuman", "Siaran Pers", "Artikel")
IMAGE_MAX_PIXELS = 40_000_000
EMBED_ALLOWED_HOSTS = ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")
WITH_FUTURE_DATES = True  # the konten plugin holds future items back, honouring SOURCE_DATE_EPOCH
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
SUMMARY_MAX_LENGTH = 40
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# --- URLs (CONTENT.md) ----------------------------------------------------------
ARTICLE_URL = "berita/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_SAVE_AS = ""
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "berita", "notfound"]
NOTFOUND_SAVE_AS = "404.html"
BERITA_URL = "berita/"
BERITA_SAVE_AS = "berita/index.html"
PAGINATED_TEMPLATES = {"berita": 12, "tag": 12, "category": 12}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
)
SLUGIFY_SOURCE = "title"

# --- Feeds (absolute URLs need SITEURL: see publishconf.py) ---------------------
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Build ---------------------------------------------------------------------------
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["cepat", "konten"]  # cepat first: it renders the pages at `finalized`
DELETE_OUTPUT_DIRECTORY = False  # builds go to a staging folder that replaces output/
RELATIVE_URLS = False
# --- Incremental builds (cepat) -------------------------------------------------
# Markdown is parsed once per file content (md5, so a fresh clone that resets
# modification times still hits): the cepat reader keeps its own cache beside the
# output (.cache/cepat-output/). Pelican's content cache would pickle the settings.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
CHECK_MODIFIED_METHOD = "md5"
CEPAT_WORKERS = 0  # render processes; 0 = one per usable CPU
CEPAT_INCREMENTAL = True  # False: render every page on every build
READERS = {"rst": None, "html": None}  # content is Markdown only
